package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.api.Http;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;

/**
 * {@code cnet lease create}: asks for a lease, from the request options or by booking a quote: {@code --quote ID} (the
 * quote's id, {@code qt-...}) or {@code --quote N} (quote N of the last {@code cnet quote}, by its saved id). A booked
 * quote is placed inside its option at the price it holds until its {@code validUntil}. The command the lease's
 * container runs follows {@code --}. {@code --nodes N --devices-per-node M} asks for a gang: M whole devices on each
 * of N nodes of one cluster, all or nothing.
 */
@Command(name = "create", mixinStandardHelpOptions = true)
class LeaseCreateCommand extends CnetSubcommand {

    @Mixin
    RequestOptions request;

    @Option(names = "--quote", paramLabel = "ID|N")
    String quote;

    @Option(names = "--image", paramLabel = "IMAGE")
    String image;

    @Option(names = "--max-wait", paramLabel = "MINUTES")
    Integer maxWaitMinutes;

    @Option(names = "--interruptible")
    boolean interruptible;

    @Option(names = "--start-at", paramLabel = "INSTANT")
    Instant startAt;

    @Option(names = "--priority", paramLabel = "N")
    Integer priority;

    @Option(names = "--nodes", paramLabel = "N")
    Integer nodes;

    @Option(names = "--devices-per-node", paramLabel = "M")
    Integer devicesPerNode;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", descriptionKey = "container-command")
    List<String> command;

    @Override
    public Integer call() {
        Context ctx = ctx();
        ObjectNode body;
        if (quote != null) {
            if (request.anyGiven()) {
                throw new CliFailure(ExitCodes.USAGE, ctx.msg("error.quote-and-options"));
            }
            String quoteId = quote;
            if (quote.matches("[0-9]+")) {
                SavedQuotes.Quoted quoted = new SavedQuotes(ctx.settings().configDir(), ctx.messages())
                        .find(Integer.parseInt(quote), ctx.settings().apiUrl());
                quoteId = quoted.quote().path("quoteId").asText();
            }
            body = Http.JSON.createObjectNode();
            body.put("quoteId", quoteId);
        } else {
            if (request.memoryGiB == null) {
                throw new CliFailure(ExitCodes.USAGE, ctx.msg("error.memory-required"));
            }
            body = request.toJson();
        }
        if (image != null) {
            body.put("image", image);
        }
        if (command != null && !command.isEmpty()) {
            command.forEach(body.putArray("command")::add);
        }
        if (maxWaitMinutes != null) {
            body.put("maxWaitMinutes", maxWaitMinutes);
        }
        if (interruptible) {
            body.put("interruptible", true);
        }
        if (startAt != null) {
            body.put("startAt", startAt.toString());
        }
        if (priority != null) {
            body.put("priority", priority);
        }
        if (nodes != null) {
            body.put("nodes", nodes);
        }
        if (devicesPerNode != null) {
            body.put("devicesPerNode", devicesPerNode);
            if (request.devices == null) {
                body.remove("deviceCount"); // the API counts nodes x devicesPerNode
            }
        }
        JsonNode lease = ctx.portal().post("/api/v1/leases", body);
        ctx.printer().fields(lease, LeaseViews.fields(lease, ctx));
        if (!ctx.printer().json()) {
            ctx.notes().println(ctx.msg("lease.created-hint", text(lease, "leaseId")));
            ctx.notes().flush();
        }
        return ExitCodes.OK;
    }
}
