package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cnet lease show ID}: one lease with everything the API says about it. */
@Command(name = "show", mixinStandardHelpOptions = true)
class LeaseShowCommand extends CnetSubcommand {

    @Parameters(paramLabel = "ID", descriptionKey = "lease-id")
    String leaseId;

    @Override
    public Integer call() {
        Context ctx = ctx();
        JsonNode lease = ctx.portal().get("/api/v1/leases/" + segment(leaseId));
        ctx.printer().fields(lease, LeaseViews.fields(lease, ctx));
        return ExitCodes.OK;
    }
}
