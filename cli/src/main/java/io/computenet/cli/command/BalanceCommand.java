package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.output.Formats;
import io.computenet.cli.output.Table;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code cnet balance}: the tenant's prepaid balance, this month's spend, its vouchers and low-funds notices. */
@Command(name = "balance", mixinStandardHelpOptions = true)
class BalanceCommand extends CnetSubcommand {

    @Override
    public Integer call() {
        Context ctx = ctx();
        JsonNode balance = ctx.portal().get("/api/v1/balance");
        Formats f = ctx.formats();
        String currency = text(balance, "currency");
        StringBuilder human = new StringBuilder(Table.fields(List.of(
                new String[] {ctx.msg("field.tenant"), text(balance, "tenantId")},
                new String[] {ctx.msg("field.balance"), f.money(balance.get("balance"), currency, null)},
                new String[] {ctx.msg("field.spend-this-month"), f.money(balance.get("spendThisMonth"), currency,
                        null)})));
        JsonNode vouchers = balance.path("vouchers");
        human.append('\n');
        if (vouchers.isEmpty()) {
            human.append(ctx.msg("balance.no-vouchers")).append('\n');
        } else {
            human.append(Table.of(
                    Table.Column.left(ctx.msg("col.voucher"), v -> text(v, "id")),
                    Table.Column.right(ctx.msg("col.remaining"), v -> f.money(v.get("remaining"), text(v, "currency"),
                            null)),
                    Table.Column.right(ctx.msg("col.amount"), v -> f.money(v.get("amount"), text(v, "currency"),
                            null)),
                    Table.Column.left(ctx.msg("col.expires"), v -> f.instant(v.get("expiresAt"))),
                    Table.Column.left(ctx.msg("col.region"), v -> orAny(ctx, text(v, "region"))),
                    Table.Column.left(ctx.msg("col.vendor"), v -> orAny(ctx, text(v, "vendor"))),
                    Table.Column.left(ctx.msg("col.reason"), v -> text(v, "reason"))).render(vouchers));
        }
        for (JsonNode notice : balance.path("notices")) {
            human.append(ctx.msg("balance.notice")).append(' ').append(f.instant(notice.get("at"))).append(": ")
                    .append(text(notice, "message")).append('\n');
        }
        ctx.printer().print(balance, human.toString());
        return ExitCodes.OK;
    }

    private static String orAny(Context ctx, String scope) {
        return scope == null || scope.isEmpty() ? ctx.msg("value.any") : scope;
    }
}
