package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.Planner;
import io.computenet.placement.PolicyChoice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The options a request has right now, purely: for every region, operator and device model with free devices, would
 * the planner place the request there? Each option is what {@link Planner} would choose if only that model, of that
 * operator, in that region were offered, so a quote never promises what a lease request would not get. The planner
 * ranks with each cluster's placement policy ({@link PolicyChoice}, the same the lease path uses), so the slice and
 * share quoted are the ones a lease would get; the overloads without one binpack.
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
                         java.math.BigDecimal share) {
    }

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

    /** All options, the planner's preferred region tier first, then the smallest fitting device. */
    public static List<Option> options(PlacementRequest request, List<NodeCapacity> snapshot) {
        return options(request, snapshot, PolicyChoice.BINPACK);
    }

    /** {@link #options(PlacementRequest, List)} with each cluster ranked by its policy. */
    public static List<Option> options(PlacementRequest request, List<NodeCapacity> snapshot,
                                       PolicyChoice policies) {
        List<Option> options = new ArrayList<>();
        for (Group g : groups(snapshot)) {
            Planner.plan(request, only(g, snapshot), policies).placement()
                    .ifPresent(p -> options.add(option(g, p, request)));
        }
        options.sort(Comparator.comparing((Option o) -> !o.preferredTier())
                .thenComparing(o -> o.share().multiply(java.math.BigDecimal.valueOf(o.deviceMemoryMiB())))
                .thenComparing(Option::region).thenComparing(Option::operatorId));
        return options;
    }

    /**
     * Cheapest fit, for a request with a price ceiling: of the options, the preferred region tier first, then the
     * lowest price per hour (device price x share x devices), then the order of {@link #options}; and the placement
     * the planner makes there. So the lease gets what the portal quoted first, not a dearer fit that wastes less.
     */
    public static Optional<Placement> cheapest(PlacementRequest request, List<NodeCapacity> snapshot,
                                               io.computenet.placement.PriceFilter.Prices prices) {
        return cheapest(request, snapshot, prices, PolicyChoice.BINPACK);
    }

    /** {@link #cheapest(PlacementRequest, List, io.computenet.placement.PriceFilter.Prices)} under these policies. */
    public static Optional<Placement> cheapest(PlacementRequest request, List<NodeCapacity> snapshot,
                                               io.computenet.placement.PriceFilter.Prices prices,
                                               PolicyChoice policies) {
        Placement bestPlacement = null;
        java.math.BigDecimal bestPrice = null;
        boolean bestPreferred = false;
        for (Group g : groups(snapshot)) {
            Optional<Placement> placement = Planner.plan(request, only(g, snapshot), policies).placement();
            Optional<java.math.BigDecimal> price = prices.perDeviceHour(g.operatorId(), g.region(), g.model());
            if (placement.isEmpty() || price.isEmpty()) {
                continue;
            }
            Placement p = placement.get();
            boolean preferred = p.node().tier() == request.workloadClass().preferredTier();
            java.math.BigDecimal perHour = price.get().multiply(p.share())
                    .multiply(java.math.BigDecimal.valueOf(request.deviceCount()));
            if (bestPlacement == null || preferred && !bestPreferred || preferred == bestPreferred
                    && perHour.compareTo(bestPrice) < 0) {
                bestPlacement = p;
                bestPrice = perHour;
                bestPreferred = preferred;
            }
        }
        return Optional.ofNullable(bestPlacement);
    }

    private static TreeSet<Group> groups(List<NodeCapacity> snapshot) {
        TreeSet<Group> groups = new TreeSet<>();
        for (NodeCapacity n : snapshot) {
            for (DeviceSlot d : n.devices()) {
                if (d.available()) {
                    groups.add(new Group(n.region(), n.operatorId(), d.vendor(), d.model()));
                }
            }
        }
        return groups;
    }

    /** The snapshot with only this group's devices: one model of one operator in one region. */
    private static List<NodeCapacity> only(Group g, List<NodeCapacity> snapshot) {
        return snapshot.stream()
                .filter(n -> n.region().equals(g.region()) && n.operatorId().equals(g.operatorId()))
                .map(n -> new NodeCapacity(n.nodeId(), n.operatorId(), n.region(), n.cluster(), n.tier(),
                        n.schedulable(), n.devices().stream()
                        .filter(d -> d.vendor() == g.vendor() && d.model().equals(g.model())).toList()))
                .toList();
    }

    private static Option option(Group g, Placement p, PlacementRequest request) {
        return new Option(p.node().region(), p.node().tier().name().toLowerCase(java.util.Locale.ROOT),
                p.node().operatorId(), g.vendor(), g.model(),
                p.firstDevice().memoryMiB(), p.node().tier() == request.workloadClass().preferredTier(),
                p.slice() == null ? null : p.slice().mode().sliceKind().name(),
                p.slice() == null ? null : p.slice().allocation().profile(), p.share());
    }
}
