package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.output.Formats;
import io.computenet.cli.output.Table;
import io.computenet.contracts.inventory.Vendor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cnet offers}: what can be rented now, per region, operator and model, with the price per device-hour. */
@Command(name = "offers", mixinStandardHelpOptions = true)
class OffersCommand extends CnetSubcommand {

    @Option(names = "--region", paramLabel = "REGION")
    String region;

    @Option(names = "--vendor", paramLabel = "VENDOR")
    Vendor vendor;

    @Option(names = "--available")
    boolean available;

    @Override
    public Integer call() {
        Context ctx = ctx();
        ArrayNode shown = JsonNodeFactory.instance.arrayNode();
        for (JsonNode offer : ctx.portal().get("/api/v1/offers")) {
            if ((region == null || region.equals(text(offer, "region")))
                    && (vendor == null || vendor.name().equals(text(offer, "vendor")))
                    && (!available || offer.path("freeDevices").asInt() > 0)) {
                shown.add(offer);
            }
        }
        Formats f = ctx.formats();
        Table table = Table.of(
                Table.Column.left(ctx.msg("col.region"), o -> text(o, "region")),
                Table.Column.left(ctx.msg("col.tier"), o -> text(o, "tier")),
                Table.Column.left(ctx.msg("col.operator"), o -> text(o, "operatorId")),
                Table.Column.left(ctx.msg("col.vendor"), o -> text(o, "vendor")),
                Table.Column.left(ctx.msg("col.model"), o -> text(o, "model")),
                Table.Column.right(ctx.msg("col.memory"), o -> f.gib(o.get("deviceMemoryGiB"))),
                Table.Column.right(ctx.msg("col.free"), o -> o.path("freeDevices").asInt() + "/"
                        + o.path("totalDevices").asInt()),
                Table.Column.right(ctx.msg("col.price-device-hour"), o -> o.path("pricePerDeviceHour").isNull()
                        ? ctx.msg("value.no-price")
                        : f.money(o.get("pricePerDeviceHour"), text(o, "currency"), "unit.per-device-hour")));
        ctx.printer().list(shown, table, ctx.msg("offers.none"));
        return ExitCodes.OK;
    }
}
