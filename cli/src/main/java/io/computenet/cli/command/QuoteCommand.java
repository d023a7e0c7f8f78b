package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.output.Formats;
import io.computenet.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code cnet quote}: priced options before booking, with the lease request's options. The quotes are numbered
 * and kept, for {@code cnet lease create --quote N}.
 */
@Command(name = "quote", mixinStandardHelpOptions = true)
class QuoteCommand extends CnetSubcommand {

    @Mixin
    RequestOptions request;

    @Override
    public Integer call() {
        Context ctx = ctx();
        if (request.memoryGiB == null) {
            throw new CliFailure(ExitCodes.USAGE, ctx.msg("error.memory-required"));
        }
        ObjectNode body = request.toJson();
        JsonNode answer = ctx.portal().post("/api/v1/quotes", body);
        new SavedQuotes(ctx.settings().configDir(), ctx.messages()).save(ctx.settings().apiUrl(), body, answer,
                ctx.env().clock().instant());
        Formats f = ctx.formats();
        AtomicInteger n = new AtomicInteger();
        Table table = Table.of(
                Table.Column.right("#", q -> String.valueOf(n.incrementAndGet())),
                Table.Column.left(ctx.msg("col.quote-id"), q -> text(q, "quoteId")),
                Table.Column.left(ctx.msg("col.region"), q -> text(q, "region")
                        + (q.path("preferredTier").asBoolean() ? " *" : "")),
                Table.Column.left(ctx.msg("col.operator"), q -> text(q, "operatorId")),
                Table.Column.left(ctx.msg("col.model"), q -> text(q, "model")),
                Table.Column.right(ctx.msg("col.memory"), q -> f.gib(q.get("deviceMemoryGiB"))),
                Table.Column.left(ctx.msg("col.slice"), QuoteCommand::slice),
                Table.Column.right(ctx.msg("col.price-device-hour"),
                        q -> f.money(q.get("pricePerDeviceHour"), text(q, "currency"), "unit.per-device-hour")),
                Table.Column.right(ctx.msg("col.price-hour"),
                        q -> f.money(q.get("pricePerHour"), text(q, "currency"), "unit.per-hour")),
                Table.Column.right(ctx.msg("col.estimated-cost"),
                        q -> f.money(q.get("estimatedCost"), text(q, "currency"), null)));
        StringBuilder human = new StringBuilder();
        JsonNode quotes = answer.path("quotes");
        human.append(quotes.isEmpty() ? ctx.msg("quote.none") + "\n" : table.render(quotes));
        for (JsonNode reason : answer.path("reasons")) {
            human.append(ctx.msg("error.reason", reason.asText())).append('\n');
        }
        if (!quotes.isEmpty()) {
            human.append(ctx.msg("quote.valid-until", text(quotes.get(0), "validUntil"))).append('\n');
            human.append(ctx.msg("quote.hint")).append('\n');
        }
        ctx.printer().print(answer, human.toString());
        return ExitCodes.OK;
    }

    static String slice(JsonNode quote) {
        if (!quote.hasNonNull("sliceKind")) {
            return "";
        }
        String profile = text(quote, "sliceProfile");
        java.math.BigDecimal share = Formats.decimal(quote.get("share"));
        return text(quote, "sliceKind") + (profile.isEmpty() ? "" : " " + profile)
                + (share == null ? "" : " x" + share.stripTrailingZeros().toPlainString());
    }
}
