package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.output.Formats;
import io.computenet.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code cnet invoices [NUMBER]}: the tenant's issued invoices, or one with its lines (usage, credits, tax). */
@Command(name = "invoices", mixinStandardHelpOptions = true)
class InvoicesCommand extends CnetSubcommand {

    @Parameters(paramLabel = "NUMBER", arity = "0..1", descriptionKey = "invoice-number")
    String number;

    @Override
    public Integer call() {
        Context ctx = ctx();
        Formats f = ctx.formats();
        if (number == null) {
            JsonNode invoices = ctx.portal().get("/api/v1/invoices");
            Table table = Table.of(
                    Table.Column.left(ctx.msg("col.invoice"), i -> text(i, "number")),
                    Table.Column.left(ctx.msg("col.period"), i -> text(i, "period")),
                    Table.Column.right(ctx.msg("col.subtotal"), i -> f.money(i.get("subtotal"), text(i, "currency"),
                            null)),
                    Table.Column.right(ctx.msg("col.credits"), i -> f.money(i.get("credits"), text(i, "currency"),
                            null)),
                    Table.Column.right(ctx.msg("col.tax"), i -> f.money(i.get("tax"), text(i, "currency"), null)),
                    Table.Column.right(ctx.msg("col.total"), i -> f.money(i.get("total"), text(i, "currency"), null)),
                    Table.Column.left(ctx.msg("col.issued"), i -> f.instant(i.get("issuedAt"))));
            ctx.printer().list(invoices, table, ctx.msg("invoices.none"));
            return ExitCodes.OK;
        }
        JsonNode invoice = ctx.portal().get("/api/v1/invoices/" + segment(number));
        String currency = text(invoice, "currency");
        String human = Table.fields(List.of(
                new String[] {ctx.msg("field.invoice"), text(invoice, "number")},
                new String[] {ctx.msg("field.period"), text(invoice, "period")},
                new String[] {ctx.msg("field.issued"), f.instant(invoice.get("issuedAt"))},
                new String[] {ctx.msg("field.subtotal"), f.money(invoice.get("subtotal"), currency, null)},
                new String[] {ctx.msg("field.credits"), f.money(invoice.get("credits"), currency, null)},
                new String[] {ctx.msg("field.tax"), text(invoice, "taxLabel") + " " + text(invoice, "taxRatePercent")
                        + " %: " + f.money(invoice.get("tax"), currency, null)},
                new String[] {ctx.msg("field.total"), f.money(invoice.get("total"), currency, null)}))
                + '\n' + Table.of(
                Table.Column.right("#", l -> text(l, "lineNo")),
                Table.Column.left(ctx.msg("col.kind"), l -> text(l, "kind")),
                Table.Column.left(ctx.msg("col.what"), l -> describe(l)),
                Table.Column.right(ctx.msg("col.seconds"), l -> l.path("seconds").asLong() == 0 ? ""
                        : text(l, "seconds")),
                Table.Column.right(ctx.msg("col.amount"), l -> f.money(l.get("amount"), currency, null)))
                .render(invoice.path("lines"));
        ctx.printer().print(invoice, human);
        return ExitCodes.OK;
    }

    /** A usage or correction line names its lease, model and slice; a credit or tax line says what it is. */
    private static String describe(JsonNode line) {
        String lease = text(line, "leaseId");
        if (lease.isEmpty()) {
            return text(line, "description");
        }
        String slice = text(line, "slice");
        return lease + " " + text(line, "deviceModel") + (slice.isEmpty() ? "" : " " + slice) + " ("
                + text(line, "region") + ")";
    }
}
