package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.output.Formats;
import io.computenet.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cnet lease usage ID}: the utilisation and memory samples of the lease's devices, oldest first. */
@Command(name = "usage", mixinStandardHelpOptions = true)
class LeaseUsageCommand extends CnetSubcommand {

    @Parameters(paramLabel = "ID", descriptionKey = "lease-id")
    String leaseId;

    @Override
    public Integer call() {
        Context ctx = ctx();
        JsonNode samples = ctx.portal().get("/api/v1/leases/" + segment(leaseId) + "/usage");
        Formats f = ctx.formats();
        Table table = Table.of(
                Table.Column.left(ctx.msg("col.time"), s -> f.instant(s.get("sampledAt"))),
                Table.Column.left(ctx.msg("col.node"), s -> text(s, "nodeId")),
                Table.Column.left(ctx.msg("col.device"), s -> text(s, "deviceKey")),
                Table.Column.right(ctx.msg("col.utilization"), s -> f.percent(s.get("utilizationPct"))),
                Table.Column.right(ctx.msg("col.memory-used"), s -> f.mib(s.get("memoryUsedMiB"))));
        ctx.printer().list(samples, table, ctx.msg("usage.none"));
        return ExitCodes.OK;
    }
}
