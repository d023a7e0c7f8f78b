package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.computenet.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cnet lease renew ID --minutes N}: extends a live lease; it keeps its devices. */
@Command(name = "renew", mixinStandardHelpOptions = true)
class LeaseRenewCommand extends CnetSubcommand {

    @Parameters(paramLabel = "ID", descriptionKey = "lease-id")
    String leaseId;

    @Option(names = "--minutes", paramLabel = "N", required = true)
    int minutes;

    @Override
    public Integer call() {
        Context ctx = ctx();
        JsonNode lease = ctx.portal().post("/api/v1/leases/" + segment(leaseId) + "/renew",
                JsonNodeFactory.instance.objectNode().put("minutes", minutes));
        ctx.printer().fields(lease, LeaseViews.fields(lease, ctx));
        return ExitCodes.OK;
    }
}
