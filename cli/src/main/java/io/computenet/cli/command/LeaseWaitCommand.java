package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.contracts.lease.LeaseState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code cnet lease wait ID --state RUNNING}: polls the lease until it is in the state asked for and prints it.
 * Ends with {@link ExitCodes#WAIT_UNMET} when the timeout passes first, or when the lease ends in another state
 * (a lease that has ended never changes again).
 */
@Command(name = "wait", mixinStandardHelpOptions = true)
class LeaseWaitCommand extends CnetSubcommand {

    @Parameters(paramLabel = "ID", descriptionKey = "lease-id")
    String leaseId;

    @Option(names = "--state", paramLabel = "STATE", defaultValue = "RUNNING")
    LeaseState state;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = Durations.class)
    Duration timeout;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = Durations.class)
    Duration interval;

    @Override
    public Integer call() throws InterruptedException {
        Context ctx = ctx();
        Instant deadline = ctx.env().clock().instant().plus(timeout);
        String path = "/api/v1/leases/" + segment(leaseId);
        String last = null;
        while (true) {
            JsonNode lease = ctx.portal().get(path);
            String now = text(lease, "state");
            if (!now.equals(last) && !ctx.printer().json()) {
                ctx.notes().println(ctx.msg("wait.state", text(lease, "leaseId"), now));
                ctx.notes().flush();
            }
            last = now;
            if (state.name().equals(now)) {
                ctx.printer().fields(lease, LeaseViews.fields(lease, ctx));
                return ExitCodes.OK;
            }
            if (isTerminal(now)) {
                ctx.printer().fields(lease, LeaseViews.fields(lease, ctx));
                String reason = text(lease, "reason");
                throw new CliFailure(ExitCodes.WAIT_UNMET, ctx.msg("wait.ended", leaseId, now, state)
                        + (reason.isEmpty() ? "" : " (" + reason + ")"));
            }
            if (!ctx.env().clock().instant().plus(interval).isBefore(deadline)) {
                throw new CliFailure(ExitCodes.WAIT_UNMET, ctx.msg("wait.timeout", leaseId, state,
                        Durations.format(timeout), now));
            }
            ctx.env().sleeper().sleep(interval);
        }
    }

    private static boolean isTerminal(String state) {
        try {
            return LeaseState.valueOf(state).isTerminal();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
