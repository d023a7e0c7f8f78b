package io.computenet.placement.gang;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Places a gang all or nothing, purely: either every one of its nodes gets its devices, or nothing is chosen and the
 * reasons say how many nodes fit and what is missing. Nothing is reserved for a gang that does not fit, so two
 * waiting gangs can never hold parts of the fleet the other needs.
 *
 * <p>The candidates are grouped by cluster (region and cluster) and device model, since a gang's nodes talk over the
 * cluster's fabric and its collectives want one model. A node is a candidate of a group when it is schedulable, in
 * the request's region, and has at least {@code devicesPerNode} free devices of that model with the memory; it then
 * offers its smallest such devices (least memory wasted). Among the groups with enough nodes the planner prefers:
 * <ol>
 *   <li>the workload's region tier;</li>
 *   <li>a group where all the gang's nodes share one topology label (rack, switch), then the fewest labels spanned:
 *   traffic between nodes of one switch stays off the spine. Within a group the gang goes to the smallest label that
 *   holds it whole (best fit, which keeps large racks whole for large gangs); when none does, it fills the largest
 *   labels first;</li>
 *   <li>the least wasted device memory, then the cluster and model names, then node ids, for determinism.</li>
 * </ol>
 * Nodes without a label count as one label each. Cluster placement policies do not apply to gangs: a gang takes
 * whole nodes' worth of whole devices, where binpack's least waste is the measure.
 */
public final class GangPlanner {

    private static final long MIB_PER_GIB = 1024;

    private GangPlanner() {
    }

    /** One node's offer to a group: its best {@code devicesPerNode} devices of the group's model. */
    private record Member(NodeCapacity node, List<DeviceSlot> devices, long wasteMiB, String topology) {
    }

    /** A device model of one vendor. */
    private record ModelKey(Vendor vendor, String model) {
    }

    /** Which group a node's devices of one model join: its cluster and the model. */
    private record GroupKey(String region, String cluster, ModelKey model) {
    }

    /** The nodes of one cluster that offer the same model. */
    private record Group(String region, String cluster, Vendor vendor, String model, int tierPenalty,
                         List<Member> members) {
        String key() {
            return region + "/" + cluster + "/" + vendor + "/" + model;
        }
    }

    /** A group's best choice, with what ranks it against other groups' choices. */
    private record Choice(Group group, List<Member> chosen, int labels, long wasteMiB) {
    }

    private static final Comparator<Member> MEMBER_ORDER = Comparator.comparingLong(Member::wasteMiB)
            .thenComparing(m -> m.node().nodeId());
    private static final Comparator<Choice> CHOICE_ORDER = Comparator
            .comparingInt((Choice c) -> c.group().tierPenalty())
            .thenComparingInt(Choice::labels)
            .thenComparingLong(Choice::wasteMiB)
            .thenComparing(c -> c.group().key());

    /**
     * The gang's placement on the snapshot, or the reasons none is possible now.
     *
     * @param topology each node's topology label (rack, switch) by node id, null for a node without one
     */
    public static GangResult plan(GangRequest gang, List<NodeCapacity> nodes, Function<String, String> topology) {
        PlacementRequest perNode = gang.perNode();
        int otherRegion = 0;
        int unschedulable = 0;
        Map<GroupKey, Group> groups = new HashMap<>();
        for (NodeCapacity node : nodes) {
            if (perNode.region() != null && !perNode.region().equals(node.region())) {
                otherRegion++;
                continue;
            }
            if (!node.schedulable()) {
                unschedulable++;
                continue;
            }
            if (fittingCount(node, perNode) < perNode.deviceCount()) {
                continue; // no model can give the node's share: skip it before grouping (most nodes of a busy fleet)
            }
            for (Map.Entry<ModelKey, List<DeviceSlot>> byModel : fittingByModel(node, perNode).entrySet()) {
                List<DeviceSlot> fitting = byModel.getValue();
                if (fitting.size() < perNode.deviceCount()) {
                    continue;
                }
                fitting.sort(Comparator.comparingLong(DeviceSlot::memoryMiB).thenComparing(DeviceSlot::deviceKey));
                List<DeviceSlot> chosen = List.copyOf(fitting.subList(0, perNode.deviceCount()));
                long waste = chosen.stream().mapToLong(d -> d.memoryMiB() - perNode.memoryMiBPerDevice()).sum();
                DeviceSlot first = chosen.get(0);
                Group group = groups.computeIfAbsent(new GroupKey(node.region(), node.cluster(), byModel.getKey()),
                        k -> new Group(node.region(), node.cluster(), first.vendor(),
                        first.model(), node.tier() == perNode.workloadClass().preferredTier() ? 0 : 1,
                        new ArrayList<>()));
                group.members().add(new Member(node, chosen, waste, topology.apply(node.nodeId())));
            }
        }
        Choice best = null;
        int most = 0;
        for (Group group : groups.values()) {
            most = Math.max(most, group.members().size());
            if (group.members().size() < gang.nodes()) {
                continue;
            }
            Choice choice = choose(group, gang.nodes());
            if (best == null || CHOICE_ORDER.compare(choice, best) < 0) {
                best = choice;
            }
        }
        if (best != null) {
            List<Placement> members = best.chosen().stream().map(m -> new Placement(m.node(), m.devices())).toList();
            List<String> labels = new ArrayList<>();
            best.chosen().forEach(m -> labels.add(m.topology()));
            return new GangResult(Optional.of(new GangPlacement(members, labels)), List.of(), gang.nodes());
        }
        return new GangResult(Optional.empty(), reasons(gang, nodes.size(), otherRegion, unschedulable,
                groups.values()), most);
    }

    /** How many of the node's free devices fit one device of the request, whatever their model. */
    private static int fittingCount(NodeCapacity node, PlacementRequest perNode) {
        int count = 0;
        for (DeviceSlot d : node.devices()) {
            if (d.free() && d.memoryMiB() >= perNode.memoryMiBPerDevice() && perNode.accepts(d.vendor(), d.model())) {
                count++;
            }
        }
        return count;
    }

    /**
     * The node's free devices that fit one device of the request, by vendor and model; a node of one model (the usual
     * server) makes one list and no map.
     */
    private static Map<ModelKey, List<DeviceSlot>> fittingByModel(NodeCapacity node, PlacementRequest perNode) {
        List<DeviceSlot> fitting = new ArrayList<>(node.devices().size());
        boolean oneModel = true;
        for (DeviceSlot d : node.devices()) {
            if (d.free() && d.memoryMiB() >= perNode.memoryMiBPerDevice() && perNode.accepts(d.vendor(), d.model())) {
                oneModel &= fitting.isEmpty() || fitting.get(0).vendor() == d.vendor()
                        && fitting.get(0).model().equals(d.model());
                fitting.add(d);
            }
        }
        if (oneModel) {
            return fitting.isEmpty() ? Map.of() : Map.of(new ModelKey(fitting.get(0).vendor(), fitting.get(0).model()),
                    fitting);
        }
        Map<ModelKey, List<DeviceSlot>> byModel = new HashMap<>();
        fitting.forEach(d -> byModel.computeIfAbsent(new ModelKey(d.vendor(), d.model()), k -> new ArrayList<>())
                .add(d));
        return byModel;
    }

    /**
     * The group's best {@code n} members: all under the smallest topology label that holds {@code n} when one does,
     * else the largest labels first; within a label the least waste. Rank order: label by label, least waste first.
     */
    private static Choice choose(Group group, int n) {
        Map<String, List<Member>> byLabel = new LinkedHashMap<>();
        List<List<Member>> buckets = new ArrayList<>();
        for (Member m : group.members()) {
            if (m.topology() == null) {
                buckets.add(new ArrayList<>(List.of(m))); // unlabelled: a label of its own
            } else {
                byLabel.computeIfAbsent(m.topology(), k -> new ArrayList<>()).add(m);
            }
        }
        buckets.addAll(byLabel.values());
        buckets.forEach(b -> b.sort(MEMBER_ORDER));
        Comparator<List<Member>> leastWasteFirst = Comparator.comparingLong((List<Member> b) -> waste(b, n))
                .thenComparing(b -> b.get(0).node().nodeId());
        Optional<List<Member>> whole = buckets.stream().filter(b -> b.size() >= n)
                .min(Comparator.comparingInt((List<Member> b) -> b.size()).thenComparing(leastWasteFirst));
        if (whole.isPresent()) {
            List<Member> chosen = List.copyOf(whole.get().subList(0, n));
            return new Choice(group, chosen, 1, waste(chosen, n));
        }
        buckets.sort(Comparator.comparingInt((List<Member> b) -> -b.size()).thenComparing(leastWasteFirst));
        List<Member> chosen = new ArrayList<>(n);
        int labels = 0;
        for (List<Member> bucket : buckets) {
            if (chosen.size() == n) {
                break;
            }
            labels++;
            chosen.addAll(bucket.subList(0, Math.min(bucket.size(), n - chosen.size())));
        }
        return new Choice(group, List.copyOf(chosen), labels, waste(chosen, n));
    }

    private static long waste(List<Member> members, int n) {
        long waste = 0;
        for (int i = 0; i < Math.min(n, members.size()); i++) {
            waste += members.get(i).wasteMiB();
        }
        return waste;
    }

    /** How many nodes fit where, and what is missing for the gang. */
    private static List<String> reasons(GangRequest gang, int total, int otherRegion, int unschedulable,
                                        java.util.Collection<Group> groups) {
        PlacementRequest perNode = gang.perNode();
        List<String> reasons = new ArrayList<>();
        if (total == 0) {
            reasons.add("no nodes are enrolled");
            return reasons;
        }
        if (perNode.region() != null && otherRegion == total) {
            reasons.add("no nodes in region " + perNode.region());
            return reasons;
        }
        String need = perNode.deviceCount() + " free " + (perNode.vendor() == null ? "" : perNode.vendor() + " ")
                + (perNode.model() == null ? "" : perNode.model() + " ")
                + (perNode.framework() == null ? "" : perNode.framework().displayName() + "-capable ")
                + "device(s) of one model with >= " + gib(perNode.memoryMiBPerDevice()) + " GiB";
        int most = groups.stream().mapToInt(g -> g.members().size()).max().orElse(0);
        reasons.add("gang of " + gang.nodes() + " node(s) x " + perNode.deviceCount() + " device(s): at most " + most
                + " node(s) in one cluster have " + need + "; " + (gang.nodes() - most) + " more node(s) missing");
        groups.stream().sorted(Comparator.comparingInt((Group g) -> -g.members().size()).thenComparing(Group::key))
                .limit(5)
                .forEach(g -> reasons.add("cluster " + g.cluster() + " in region " + g.region() + ": "
                        + g.members().size() + " of " + gang.nodes() + " node(s) have " + perNode.deviceCount()
                        + " free " + g.model() + " (missing " + (gang.nodes() - g.members().size()) + ")"));
        if (unschedulable > 0) {
            reasons.add(unschedulable + " node(s) are draining, unhealthy or silent");
        }
        return reasons;
    }

    private static String gib(long mib) {
        return mib % MIB_PER_GIB == 0 ? String.valueOf(mib / MIB_PER_GIB)
                : BigDecimal.valueOf(mib).divide(BigDecimal.valueOf(MIB_PER_GIB), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }
}
