package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cnet lease release ID}: ends the lease (metering stops); releasing an ended lease changes nothing. */
@Command(name = "release", mixinStandardHelpOptions = true)
class LeaseReleaseCommand extends CnetSubcommand {

    @Parameters(paramLabel = "ID", descriptionKey = "lease-id")
    String leaseId;

    @Override
    public Integer call() {
        Context ctx = ctx();
        JsonNode lease = ctx.portal().post("/api/v1/leases/" + segment(leaseId) + "/release", null);
        ctx.printer().fields(lease, LeaseViews.fields(lease, ctx));
        return ExitCodes.OK;
    }
}
