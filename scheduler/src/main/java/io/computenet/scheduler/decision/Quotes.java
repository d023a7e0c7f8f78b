package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.PriceFilter;
import io.computenet.placement.Sharing;
import io.computenet.placement.gang.GangPlanner;
import io.computenet.placement.gang.GangRequest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The options a request has right now, purely, and the one order they rank in. An option is a region, an operator, a
 * device model and what the planner would cut there (a slice kind and profile, or whole devices): for each such group
 * with free devices, the placement engine (a {@code CapacityIndex} over that group, {@link WhatIf}, with each
 * cluster's placement policy, {@link PolicyChoice}) is asked where the request would go if only that group were
 * offered, so a quote never promises what a lease request would not get.
 *
 * <p>The options rank by {@link #ORDER}: the workload's preferred region tier first, then priced before unpriced, then
 * the lowest price per hour (the option's price per device-hour x the share it holds), then the least memory paid for
 * (share x device memory: the smallest fitting device), then region, operator, vendor and model. The quotes list them
 * in this order, and a lease request without a quote is placed in the first one ({@link #first}: the packing policy
 * chooses the node and device inside it), so the first quote is where the lease goes.
 */
public final class Quotes {

    /**
     * One way to run the request now.
     *
     * @param tier         {@code east} or {@code west}, lower case as in the offers and the configuration
     * @param sliceKind    MIG, VNPU, SMLU or SOFT when the option is a slice, null for whole devices
     * @param sliceProfile the MIG profile or vNPU template, null otherwise
     * @param share        the fraction of each device it would hold and be billed for (1 for whole devices)
     */
    public record Option(String region, String tier, String operatorId, Vendor vendor, String model,
                         long deviceMemoryMiB, boolean preferredTier, String sliceKind, String sliceProfile,
                         BigDecimal share) {

        /** The memory paid for on each device: its memory x the share held. */
        BigDecimal memoryPaidFor() {
            return share.multiply(BigDecimal.valueOf(deviceMemoryMiB));
        }
    }

    /**
     * The price per device-hour of what an option sells (its slice kind and profile, on demand or interruptible), in
     * the marketplace currency; empty when it has none.
     */
    @FunctionalInterface
    public interface Pricing {
        Optional<BigDecimal> perDeviceHour(Option option, boolean interruptible);

        /** Whole-device on-demand prices, for every option (what a price ceiling compares). */
        static Pricing wholeDevices(PriceFilter.Prices prices) {
            return (o, interruptible) -> prices.perDeviceHour(o.operatorId(), o.region(), o.model());
        }
    }

    /**
     * An option with the placement the planner makes there and its price.
     *
     * @param pricePerDeviceHour null when the option has no price
     */
    public record Ranked(Option option, Placement placement, BigDecimal pricePerDeviceHour) {

        /** Price per hour of one device's share, unrounded; null when unpriced. */
        BigDecimal pricePerShareHour() {
            return pricePerDeviceHour == null ? null : pricePerDeviceHour.multiply(option.share());
        }
    }

    /**
     * An option a quote holds: a lease booked with the quote is placed inside it (same region, operator, vendor,
     * model and slice kind and profile) or not at all.
     */
    public record Held(String quoteId, String region, String operatorId, Vendor vendor, String model,
                       String sliceKind, String sliceProfile) {
        public Held {
            Objects.requireNonNull(quoteId, "quoteId");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(operatorId, "operatorId");
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(model, "model");
        }

        /** The option of this quote. */
        public static Held of(String quoteId, Option o) {
            return new Held(quoteId, o.region(), o.operatorId(), o.vendor(), o.model(), o.sliceKind(),
                    o.sliceProfile());
        }

        /** The request kept to what the quote holds: its region, vendor and model, its slice profile or whole. */
        public PlacementRequest narrow(PlacementRequest r) {
            boolean whole = sliceKind == null;
            // only MIG instances and vNPUs are asked for by profile; shares are checked by kind once planned
            boolean profiled = "MIG".equals(sliceKind) || "VNPU".equals(sliceKind);
            return new PlacementRequest(r.memoryMiBPerDevice(), r.deviceCount(), region, vendor, r.workloadClass(),
                    whole ? null : r.computePct(), model, profiled ? sliceProfile : null,
                    whole ? Sharing.WHOLE : r.sharing() == Sharing.WHOLE ? Sharing.SHARED : r.sharing(),
                    r.framework());
        }

        /** The nodes of the quote's operator in its region, with only devices of its model. */
        public List<NodeCapacity> within(List<NodeCapacity> nodes) {
            List<NodeCapacity> kept = new ArrayList<>();
            for (NodeCapacity n : nodes) {
                if (n.region().equals(region) && n.operatorId().equals(operatorId)) {
                    List<DeviceSlot> devices = n.devices().stream()
                            .filter(d -> d.vendor() == vendor && d.model().equals(model)).toList();
                    if (!devices.isEmpty()) {
                        kept.add(devices.size() == n.devices().size() ? n : only(n, devices));
                    }
                }
            }
            return kept;
        }

        /** Whether the placement is what the quote holds (the planner may cut another kind of slice there). */
        public boolean holds(Placement p) {
            return Objects.equals(sliceKind, kindOf(p)) && Objects.equals(sliceProfile, profileOf(p));
        }

        /** In words, for reasons: {@code quote qt-... (MIG 3g.40gb of A100 in cn-east-yrd from op-demo)}. */
        public String describe() {
            return "quote " + quoteId + " (" + (sliceKind == null ? "whole " : sliceKind
                    + (sliceProfile == null ? " share of " : " " + sliceProfile + " of ")) + model + " in " + region
                    + " from " + operatorId + ")";
        }
    }

    /** The one order of options: what the quotes list and where a lease without a quote goes (see the class). */
    public static final Comparator<Ranked> ORDER = Comparator
            .comparing((Ranked r) -> !r.option().preferredTier())
            .thenComparing(r -> r.pricePerDeviceHour() == null)
            .thenComparing(Ranked::pricePerShareHour, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(r -> r.option().memoryPaidFor())
            .thenComparing(r -> r.option().region()).thenComparing(r -> r.option().operatorId())
            .thenComparing(r -> r.option().vendor()).thenComparing(r -> r.option().model());

    private static final Pricing UNPRICED = (o, interruptible) -> Optional.empty();

    private record Group(String region, String operatorId, Vendor vendor, String model)
            implements Comparable<Group> {
        @Override
        public int compareTo(Group o) {
            return Comparator.comparing(Group::region).thenComparing(Group::operatorId)
                    .thenComparing(Group::vendor).thenComparing(Group::model).compare(this, o);
        }
    }

    private Quotes() {
    }

    /** All options in {@link #ORDER}, with the placement in each and its price. */
    public static List<Ranked> ranked(PlacementRequest request, List<NodeCapacity> snapshot, PolicyChoice policies,
                                      Pricing pricing, boolean interruptible) {
        List<Ranked> ranked = new ArrayList<>();
        for (Map.Entry<Group, List<NodeCapacity>> g : groups(request, snapshot).entrySet()) {
            WhatIf.plan(request, g.getValue(), policies).placement().ifPresent(p -> {
                Option option = option(g.getKey(), p, request);
                ranked.add(new Ranked(option, p, pricing.perDeviceHour(option, interruptible).orElse(null)));
            });
        }
        ranked.sort(ORDER);
        return ranked;
    }

    /**
     * A gang's options in {@link #ORDER}: for each region, operator and model with free devices, where
     * {@link GangPlanner} would place the whole gang (every node, whole devices) if only that group were offered; an
     * option's placement is the gang's rank 0. The price per device-hour is the same for all N x M devices, so the
     * order by the price of one device's share is the order by the gang's price.
     *
     * @param topology each node's topology label (rack, switch) by node id, null for none
     */
    public static List<Ranked> rankedGangs(GangRequest gang, List<NodeCapacity> snapshot,
                                           Function<String, String> topology, Pricing pricing) {
        List<Ranked> ranked = new ArrayList<>();
        for (Map.Entry<Group, List<NodeCapacity>> g : groups(gang.perNode(), snapshot).entrySet()) {
            GangPlanner.plan(gang, g.getValue(), topology).placement().ifPresent(p -> {
                Option option = option(g.getKey(), p.master(), gang.perNode());
                ranked.add(new Ranked(option, p.master(), pricing.perDeviceHour(option, false).orElse(null)));
            });
        }
        ranked.sort(ORDER);
        return ranked;
    }

    /** The first option's placement: where a lease without a quote goes. */
    public static Optional<Placement> first(PlacementRequest request, List<NodeCapacity> snapshot,
                                            PolicyChoice policies, Pricing pricing, boolean interruptible) {
        List<Ranked> ranked = ranked(request, snapshot, policies, pricing, interruptible);
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0).placement());
    }

    /** All options, unpriced, in {@link #ORDER} (so the preferred tier, then the smallest fitting device). */
    public static List<Option> options(PlacementRequest request, List<NodeCapacity> snapshot) {
        return options(request, snapshot, PolicyChoice.BINPACK);
    }

    /** {@link #options(PlacementRequest, List)} with each cluster ranked by its policy. */
    public static List<Option> options(PlacementRequest request, List<NodeCapacity> snapshot,
                                       PolicyChoice policies) {
        return ranked(request, snapshot, policies, UNPRICED, false).stream().map(Ranked::option).toList();
    }

    /** The first option under whole-device on-demand prices: what a request with a price ceiling gets. */
    public static Optional<Placement> cheapest(PlacementRequest request, List<NodeCapacity> snapshot,
                                               PriceFilter.Prices prices) {
        return cheapest(request, snapshot, prices, PolicyChoice.BINPACK);
    }

    /** {@link #cheapest(PlacementRequest, List, PriceFilter.Prices)} under these policies. */
    public static Optional<Placement> cheapest(PlacementRequest request, List<NodeCapacity> snapshot,
                                               PriceFilter.Prices prices, PolicyChoice policies) {
        return first(request, snapshot, policies, Pricing.wholeDevices(prices), false);
    }

    /**
     * The snapshot split into groups, in one pass: each group's nodes with only that group's devices (a node of one
     * model is kept as it is). A group exists where one of its devices is available, in the request's region.
     */
    private static Map<Group, List<NodeCapacity>> groups(PlacementRequest request, List<NodeCapacity> snapshot) {
        Map<Group, List<NodeCapacity>> groups = new TreeMap<>();
        for (NodeCapacity n : snapshot) {
            if (request.region() != null && !request.region().equals(n.region())) {
                continue;
            }
            Map<Group, List<DeviceSlot>> byGroup = new TreeMap<>();
            boolean any = false;
            for (DeviceSlot d : n.devices()) {
                byGroup.computeIfAbsent(new Group(n.region(), n.operatorId(), d.vendor(), d.model()),
                        k -> new ArrayList<>()).add(d);
                any |= d.available();
            }
            if (!any) {
                continue;
            }
            for (Map.Entry<Group, List<DeviceSlot>> e : byGroup.entrySet()) {
                if (e.getValue().stream().anyMatch(DeviceSlot::available)) {
                    groups.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(byGroup.size() == 1 ? n
                            : only(n, e.getValue()));
                }
            }
        }
        return groups;
    }

    private static NodeCapacity only(NodeCapacity n, List<DeviceSlot> devices) {
        return n.withDevices(devices);
    }

    private static Option option(Group g, Placement p, PlacementRequest request) {
        return new Option(p.node().region(), p.node().tier().name().toLowerCase(Locale.ROOT),
                p.node().operatorId(), g.vendor(), g.model(),
                p.firstDevice().memoryMiB(), p.node().tier() == request.workloadClass().preferredTier(),
                kindOf(p), profileOf(p), p.share());
    }

    private static String kindOf(Placement p) {
        return p.slice() == null ? null : p.slice().mode().sliceKind().name();
    }

    private static String profileOf(Placement p) {
        return p.slice() == null ? null : p.slice().allocation().profile();
    }
}
