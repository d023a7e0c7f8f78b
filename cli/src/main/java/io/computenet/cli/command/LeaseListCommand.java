package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.computenet.cli.ExitCodes;
import io.computenet.contracts.lease.LeaseState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code cnet lease ls}: the tenant's leases, optionally only those in the given states. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true)
class LeaseListCommand extends CnetSubcommand {

    @Option(names = "--state", paramLabel = "STATE", split = ",")
    List<LeaseState> states;

    @Override
    public Integer call() {
        Context ctx = ctx();
        ArrayNode shown = JsonNodeFactory.instance.arrayNode();
        for (JsonNode lease : ctx.portal().get("/api/v1/leases")) {
            if (states == null || states.stream().anyMatch(s -> s.name().equals(text(lease, "state")))) {
                shown.add(lease);
            }
        }
        ctx.printer().list(shown, LeaseViews.table(ctx), ctx.msg("lease.none"));
        return ExitCodes.OK;
    }
}
