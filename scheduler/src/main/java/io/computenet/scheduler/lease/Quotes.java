package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.Planner;
import io.computenet.placement.RegionTier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The options a request has right now, purely: for every region, operator and device model with free devices, would
 * the planner place the request there? Each option is what {@link Planner} would choose if only that model, of that
 * operator, in that region were offered, so a quote never promises what a lease request would not get.
 */
public final class Quotes {

    /** One way to run the request now. */
    /**
     * One way to run the request now.
     *
     * @param sliceKind    MIG, VNPU, SMLU or SOFT when the option is a slice, null for whole devices
     * @param sliceProfile the MIG profile or vNPU template, null otherwise
     * @param share        the fraction of each device it would hold and be billed for (1 for whole devices)
     */
    public record Option(String region, RegionTier tier, String operatorId, Vendor vendor, String model,
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
        TreeSet<Group> groups = new TreeSet<>();
        for (NodeCapacity n : snapshot) {
            for (DeviceSlot d : n.devices()) {
                if (d.available()) {
                    groups.add(new Group(n.region(), n.operatorId(), d.vendor(), d.model()));
                }
            }
        }
        List<Option> options = new ArrayList<>();
        for (Group g : groups) {
            List<NodeCapacity> only = snapshot.stream()
                    .filter(n -> n.region().equals(g.region()) && n.operatorId().equals(g.operatorId()))
                    .map(n -> new NodeCapacity(n.nodeId(), n.operatorId(), n.region(), n.cluster(), n.tier(),
                            n.schedulable(), n.devices().stream()
                            .filter(d -> d.vendor() == g.vendor() && d.model().equals(g.model())).toList()))
                    .toList();
            PlacementResult result = Planner.plan(request, only);
            Optional<Placement> placement = result.placement();
            placement.ifPresent(p -> options.add(new Option(p.node().region(), p.node().tier(),
                    p.node().operatorId(), g.vendor(), g.model(), p.firstDevice().memoryMiB(),
                    p.node().tier() == request.workloadClass().preferredTier(),
                    p.slice() == null ? null : p.slice().mode().sliceKind().name(),
                    p.slice() == null ? null : p.slice().allocation().profile(), p.share())));
        }
        options.sort(Comparator.comparing((Option o) -> !o.preferredTier())
                .thenComparing(o -> o.share().multiply(java.math.BigDecimal.valueOf(o.deviceMemoryMiB()))).thenComparing(Option::region)
                .thenComparing(Option::operatorId));
        return options;
    }
}
