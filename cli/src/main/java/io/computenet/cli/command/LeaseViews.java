package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.output.Formats;
import io.computenet.cli.output.Table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** How leases read for people: the columns of {@code lease ls} and the fields of one lease. */
final class LeaseViews {

    private LeaseViews() {
    }

    static Table table(Context ctx) {
        Formats f = ctx.formats();
        return Table.of(
                Table.Column.left(ctx.msg("col.lease"), l -> CnetSubcommand.text(l, "leaseId")),
                Table.Column.left(ctx.msg("col.state"), l -> CnetSubcommand.text(l, "state")),
                Table.Column.left(ctx.msg("col.region"), l -> CnetSubcommand.text(l, "region")),
                Table.Column.left(ctx.msg("col.model"), l -> CnetSubcommand.text(l, "deviceModel")),
                Table.Column.right(ctx.msg("col.devices"), l -> devices(l, f)),
                Table.Column.left(ctx.msg("col.slice"), LeaseViews::slice),
                Table.Column.left(ctx.msg("col.started"), l -> f.instant(l.get("startedAt"))),
                Table.Column.left(ctx.msg("col.ends"), l -> f.instant(l.hasNonNull("endedAt") ? l.get("endedAt")
                        : l.get("endsAt"))));
    }

    static List<String[]> fields(JsonNode l, Context ctx) {
        Formats f = ctx.formats();
        List<String[]> out = new ArrayList<>();
        out.add(new String[]{ctx.msg("field.lease"), CnetSubcommand.text(l, "leaseId")});
        out.add(new String[]{ctx.msg("field.state"), CnetSubcommand.text(l, "state")});
        out.add(new String[]{ctx.msg("field.reason"), CnetSubcommand.text(l, "reason")});
        out.add(new String[]{ctx.msg("field.region"), join(CnetSubcommand.text(l, "region"),
                CnetSubcommand.text(l, "cluster"))});
        out.add(new String[]{ctx.msg("field.node"), l.path("nodes").asInt(1) > 1 ? "" : CnetSubcommand.text(l, "nodeId")});
        out.add(new String[]{ctx.msg("field.nodes"), nodes(l)});
        out.add(new String[]{ctx.msg("field.device"), join(CnetSubcommand.text(l, "vendor"),
                CnetSubcommand.text(l, "deviceModel"))});
        out.add(new String[]{ctx.msg("field.devices"), devices(l, f)});
        out.add(new String[]{ctx.msg("field.slice"), slice(l)});
        out.add(new String[]{ctx.msg("field.framework"), CnetSubcommand.text(l, "framework")});
        out.add(new String[]{ctx.msg("field.relative-compute"), CnetSubcommand.text(l, "relativeCompute")});
        out.add(new String[]{ctx.msg("field.duration"), f.minutes(l.get("durationMinutes"))});
        out.add(new String[]{ctx.msg("field.max-price"), f.money(l.get("maxPricePerHour"), "CNY", "unit.per-hour")});
        out.add(new String[]{ctx.msg("field.interruptible"), l.path("interruptible").asBoolean()
                ? ctx.msg("value.yes") : ""});
        out.add(new String[]{ctx.msg("field.requested"), f.instant(l.get("requestedAt"))});
        out.add(new String[]{ctx.msg("field.starts"), f.instant(l.get("startsAt"))});
        out.add(new String[]{ctx.msg("field.queued-until"), f.instant(l.get("queuedUntil"))});
        out.add(new String[]{ctx.msg("field.started"), f.instant(l.get("startedAt"))});
        out.add(new String[]{ctx.msg("field.ends"), f.instant(l.get("endsAt"))});
        out.add(new String[]{ctx.msg("field.ended"), f.instant(l.get("endedAt"))});
        out.add(new String[]{ctx.msg("field.drain-deadline"), f.instant(l.get("drainDeadline"))});
        out.add(new String[]{ctx.msg("field.pod"), CnetSubcommand.text(l, "podName")});
        List<String> pending = new ArrayList<>();
        l.path("pendingReasons").forEach(r -> pending.add(r.asText()));
        out.add(new String[]{ctx.msg("field.pending"), String.join("; ", pending)});
        return out;
    }

    /** "2 x 40 GiB": devices and the memory asked for on each; a gang's "2 nodes x 8 x 40 GiB". */
    static String devices(JsonNode l, Formats f) {
        int nodes = l.path("nodes").asInt(1);
        return (nodes > 1 ? nodes + " nodes x " + l.path("devicesPerNode").asInt() : l.path("deviceCount").asInt())
                + " x " + f.gib(l.get("memoryGiB"));
    }

    /**
     * A gang's nodes in rank order, e.g. "0: n-1 [rack-1] (8); 1: n-2 [rack-1] (8)": rank, node, topology label and
     * device count; empty for a lease on one node (its node has its own field).
     */
    static String nodes(JsonNode l) {
        if (l.path("nodes").asInt(1) <= 1) {
            return "";
        }
        List<String> members = new ArrayList<>();
        l.path("members").forEach(m -> members.add(m.path("rank").asInt() + ": " + CnetSubcommand.text(m, "nodeId")
                + (m.hasNonNull("topology") ? " [" + m.path("topology").asText() + "]" : "")
                + " (" + m.path("deviceKeys").size() + ")"));
        return String.join("; ", members);
    }

    /** "MIG 3g.40gb x0.43", or empty for whole devices. */
    static String slice(JsonNode l) {
        JsonNode slice = l.path("slice");
        if (!slice.isObject()) {
            return "";
        }
        BigDecimal share = Formats.decimal(l.get("share"));
        return join(CnetSubcommand.text(slice, "kind"), CnetSubcommand.text(slice, "profile"))
                + (share == null ? "" : " x" + share.stripTrailingZeros().toPlainString());
    }

    private static String join(String a, String b) {
        return b.isEmpty() ? a : a.isEmpty() ? b : a + " " + b;
    }
}
