package io.computenet.placement;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.slices.DeviceMode;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.placement.slices.SliceRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The scheduler's live capacity model: the fleet held in memory, indexed, and changed in place as devices are
 * booked and released and nodes come, go or drain, so that a placement looks at a handful of devices instead of the
 * whole fleet.
 *
 * <p><b>The placement engine.</b> Every production placement asks an index: the scheduler's live one, or one built
 * over the snapshot a what-if decision plans on (a price ceiling's, a quote's, a booking window's, the nodes a
 * replica does not avoid; the constructor is one pass over the nodes). The scan that looks at every node
 * ({@code Planner}) is kept only as the tests' oracle.
 *
 * <p><b>Same decisions as the scan.</b> {@link #plan} answers exactly what the scan ({@code Planner.plan}) answers on
 * the equivalent snapshot ({@link #snapshot()}): the same node, devices and slice, or the same reasons. Both are
 * built from one set of pieces ({@link Ranking}): {@link SliceOptions} says what a device could offer and which offer
 * is best, {@link Ranking#candidate} picks a node's devices, and {@link Ranking}'s comparators order the candidates.
 * The index only decides which few devices or nodes to ask. {@code CapacityIndexEquivalenceTest} replays thousands of
 * random requests, bookings, releases and fleet changes through both and compares every answer.
 *
 * <p><b>Every policy.</b> {@link #plan(PlacementRequest)} answers the {@code binpack} {@link ClusterPolicy} in every
 * cluster; its groups and trees are ordered by binpack's keys (packing class, waste, node id).
 * {@link #plan(PlacementRequest, PolicyChoice)} answers each cluster's policy ({@code spread}, the FGD family):
 * binpack's answer says whether anything fits, and {@link PolicyClasses} ranks classes of interchangeable nodes, each
 * once per request and policy, instead of every node. The scan is the reference both are tested against
 * ({@code CapacityIndexEquivalenceTest}, {@code CapacityIndexPolicyEquivalenceTest}, {@code WhatIfEquivalenceTest}).
 *
 * <p><b>Single-device requests that accept slices.</b> Devices are grouped by region, tier, device type (vendor,
 * model, memory, slice table) and whether they already hold slices. The planner's order is tier, then devices that
 * hold slices, then waste, then isolation, then node id and device key. For one device type and one request, every
 * offer (the whole device, each MIG profile or vNPU template, the sMLU or soft share) has a fixed waste; only whether
 * it still fits depends on the device. So each group keeps its devices in (node id, device key) order in a
 * {@link FirstFitTree}, each device marked with the profiles that still fit it (which does not depend on the request),
 * whether it is free, and the memory and compute a share could still take. A request takes the groups of its
 * preferred tier, those with slices first, and tries their offers cheapest first (each device type's offers for a
 * kind of request are worked out once and cached), asking each group's tree for the first device on which the offer
 * fits; it stops as soon as the next offer is dearer than the best device found, and at the first tier and packing
 * class that yields anything. The winner's slice is then chosen by {@link SliceOptions#best} on that device, as the
 * planner chooses it.
 *
 * <p><b>Whole-device requests.</b> A node whose devices are all of one model (vendor, model, memory) sits in the tree
 * of its region, tier and model, marked with its number of free devices; every such node that fits wastes the same,
 * so the first node in id order with enough free devices is that group's candidate. Nodes with mixed models are few
 * and are checked one by one with the planner's own code.
 *
 * <p><b>Rejections.</b> When nothing fits, every schedulable node of the requested region lacks what was asked, so
 * the planner's reasons follow from per-region counts of schedulable and unschedulable nodes, kept up to date.
 *
 * <p>Node ids must be unique, every node needs a region, and device keys must be unique within a node (as
 * {@link NodeCapacity#withDevices} assumes). Not thread-safe: the scheduler serialises allocation anyway.
 *
 * <p><b>Why one class of about 950 lines.</b> Its groups, trees, per-region counts and the policies' classes are one
 * data structure kept consistent by every change ({@code book}, {@code release}, a node's arrival, drain or removal):
 * each change touches all of them in one place, and the searches read them under the same invariants. The pieces that
 * stand alone are already apart ({@link Ranking}, {@link FirstFitTree}, {@link SliceOptions}, {@link PolicyClasses}
 * and its ranking memory); splitting the rest would spread one invariant over several classes.
 */
public final class CapacityIndex {

    /** Device flags: bits 0..61 are the device type's profiles that still fit, then these. */
    private static final long WHOLE = 1L << 62;
    private static final long SHARE = 1L << 63;
    private static final int MAX_PROFILES = 62;
    /** Node flag: a node in a whole-device tree. */
    private static final long NODE = 1L;
    /** Menus kept per device type before the cache is dropped (requests with new sizes keep coming). */
    private static final int MENU_CACHE_LIMIT = 4096;

    private final Map<String, NodeEntry> nodes = new LinkedHashMap<>();
    private final Map<ModelKey, Model> models = new HashMap<>();
    private final Map<TypeKey, DeviceType> types = new HashMap<>();
    private final Map<SliceGroupKey, SliceGroup> sliceGroupsByKey = new HashMap<>();
    private final List<SliceGroup> packedGroups = new ArrayList<>();
    private final List<SliceGroup> emptyGroups = new ArrayList<>();
    private final Map<WholeGroupKey, WholeGroup> wholeGroupsByKey = new HashMap<>();
    private final List<WholeGroup> wholeGroups = new ArrayList<>();
    private final Set<NodeEntry> mixedNodes = new LinkedHashSet<>();
    /** Per region: schedulable and unschedulable node counts, for the reasons of a rejection. */
    private final Map<String, int[]> regionCounts = new TreeMap<>();
    private long planStamp;
    /** The nodes one {@link #planWithin} call may use; null for every node. */
    private Predicate<NodeCapacity> keep;
    private final Predicate<FirstFitTree.Item> keepItem = item -> keep.test(item instanceof Dev d
            ? d.node.capacity : ((NodeEntry) item).capacity);
    /** The policy-ranked path's classes, built at its first use and kept up to date from then on. */
    private PolicyClasses classes;
    // scratch of one plan() call: the groups of a pass, their menus and how far each has been tried
    private SliceGroup[] scratchGroups = new SliceGroup[16];
    private Menu[] scratchMenus = new Menu[16];
    private int[] scratchCursors = new int[16];
    private WholeGroup[] scratchWhole = new WholeGroup[16];
    private long[] scratchWholeOrder = new long[16];

    /**
     * An index of {@code nodes}.
     *
     * @throws IllegalArgumentException for a node id that appears twice, a node without id or region, or a device key
     *                                  that appears twice on one node
     */
    public CapacityIndex(List<NodeCapacity> nodes) {
        for (NodeCapacity node : nodes) {
            if (node != null && this.nodes.containsKey(node.nodeId())) {
                throw new IllegalArgumentException("node " + node.nodeId() + " appears twice");
            }
            putNode(node);
        }
    }

    /** What the scan ({@code Planner.plan}, binpack) would answer for {@code request} on {@link #snapshot()}. */
    public PlacementResult plan(PlacementRequest request) {
        planStamp++;
        return request.acceptsSlices() ? planSingle(request) : planWhole(request);
    }

    /**
     * What the scan ({@code Planner.plan}, binpack) would answer for {@code request} on only the nodes of
     * {@link #snapshot()} that {@code keep} accepts, each as the index holds it (a candidate filter: nodes of one
     * operator, nodes a replica does not avoid), without building anything. The walk skips the nodes {@code keep}
     * rejects, so its cost grows with the nodes rejected ahead of the answer in the planner's order; a rejection's
     * reasons count the accepted nodes, one pass over the fleet.
     */
    public PlacementResult planWithin(PlacementRequest request, Predicate<NodeCapacity> keep) {
        if (keep == null) {
            throw new IllegalArgumentException("keep must not be null");
        }
        this.keep = keep;
        try {
            return plan(request);
        } finally {
            this.keep = null;
        }
    }

    /**
     * What the scan ({@code Planner.plan(request, snapshot, policies)}) would answer for {@code request} on
     * {@link #snapshot()}, each cluster ranking its candidates by its policy. Feasibility and reasons are binpack's
     * (a policy only orders what fits), so a request that binpack refuses is refused; one that fits is ranked over
     * classes of equal nodes ({@link PolicyClasses}), not node by node.
     */
    public PlacementResult plan(PlacementRequest request, PolicyChoice policies) {
        PlacementResult binpack = plan(request);
        if (policies == null || policies == PolicyChoice.BINPACK || !binpack.isPlaced()) {
            return binpack;
        }
        if (classes == null) {
            classes = new PolicyClasses(snapshot());
        }
        Placement placement = classes.plan(request, policies);
        // binpack fits it but no class does: FGD's clusters found every node short of host memory
        return placement == null ? PlacementResult.rejected(reasons(request)) : PlacementResult.placed(placement);
    }

    /** The fleet as a snapshot, nodes in the order they were first added. */
    public List<NodeCapacity> snapshot() {
        List<NodeCapacity> snapshot = new ArrayList<>(nodes.size());
        for (NodeEntry n : nodes.values()) {
            snapshot.add(n.capacity);
        }
        return snapshot;
    }

    /** The node as the index holds it now. */
    public Optional<NodeCapacity> node(String nodeId) {
        NodeEntry n = nodes.get(nodeId);
        return n == null ? Optional.empty() : Optional.of(n.capacity);
    }

    public int nodeCount() {
        return nodes.size();
    }

    /**
     * Replaces one device of a node, matched by device key (after a booking or a release).
     *
     * @throws IllegalArgumentException when the node or the device is not in the index
     */
    public void replaceDevice(String nodeId, DeviceSlot device) {
        replaceDevices(nodeId, List.of(device));
    }

    /**
     * Replaces devices of a node, matched by device key, as {@link NodeCapacity#withDevices} does to a snapshot.
     *
     * @throws IllegalArgumentException when the node or one of the devices is not in the index
     */
    public void replaceDevices(String nodeId, List<DeviceSlot> replacements) {
        NodeEntry n = entry(nodeId);
        List<DeviceSlot> before = n.capacity.devices();
        DeviceSlot[] after = before.toArray(new DeviceSlot[0]);
        boolean[] changed = new boolean[after.length];
        for (DeviceSlot d : replacements) {
            int i = n.indexOf(d.deviceKey());
            if (i < 0) {
                throw new IllegalArgumentException("node " + nodeId + " has no device " + d.deviceKey());
            }
            after[i] = d;
            changed[i] = true;
        }
        n.capacity = n.capacity.withDevices(List.of(after));
        for (int i = 0; i < after.length; i++) {
            if (changed[i]) {
                Dev dev = n.devices[i];
                dev.slot = after[i];
                dev.type = typeOf(after[i]);
                placeDevice(dev);
            }
        }
        placeNode(n);
        classesPut(n);
    }

    /**
     * Adds a node, or replaces the node with the same id (a fresh inventory report); an unchanged node costs one
     * comparison.
     *
     * @throws IllegalArgumentException for a node without id or region, or with a device key that appears twice
     */
    public void putNode(NodeCapacity node) {
        if (node == null || node.nodeId() == null) {
            throw new IllegalArgumentException("a node needs an id");
        }
        NodeEntry old = nodes.get(node.nodeId());
        if (old != null && old.capacity.equals(node)) {
            return; // the usual heartbeat: nothing changed
        }
        if (node.region() == null) {
            throw new IllegalArgumentException("node " + node.nodeId() + " needs a region");
        }
        Set<String> keys = new HashSet<>();
        for (DeviceSlot d : node.devices()) {
            if (!keys.add(d.deviceKey())) {
                throw new IllegalArgumentException("node " + node.nodeId() + " has device " + d.deviceKey()
                        + " twice");
            }
        }
        if (old != null) {
            unindex(old);
        }
        NodeEntry n = new NodeEntry(node);
        for (int i = 0; i < n.devices.length; i++) {
            n.devices[i].type = typeOf(n.devices[i].slot);
        }
        nodes.put(node.nodeId(), n); // a replaced node keeps its place in the snapshot
        count(n, 1);
        for (Dev dev : n.devices) {
            placeDevice(dev);
        }
        placeNode(n);
        classesPut(n);
    }

    /** Removes a node; returns whether it was there. */
    public boolean removeNode(String nodeId) {
        NodeEntry n = nodes.remove(nodeId);
        if (n == null) {
            return false;
        }
        unindex(n);
        return true;
    }

    /**
     * Marks a node schedulable, or not (draining, unhealthy, silent).
     *
     * @throws IllegalArgumentException when the node is not in the index
     */
    public void setSchedulable(String nodeId, boolean schedulable) {
        NodeEntry n = entry(nodeId);
        NodeCapacity c = n.capacity;
        if (c.schedulable() == schedulable) {
            return;
        }
        count(n, -1);
        n.capacity = c.withSchedulable(schedulable);
        count(n, 1);
        for (Dev dev : n.devices) {
            placeDevice(dev);
        }
        placeNode(n);
        classesPut(n);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Planning

    private PlacementResult planSingle(PlacementRequest request) {
        MenuKey menuKey = new MenuKey(request.memoryMiBPerDevice(), request.computePct(), request.sliceProfile(),
                request.sharing());
        Ranking.SliceCandidate best = null;
        // the planner's order: preferred tier first, and within a tier devices that already hold slices first
        for (int tierPenalty = 0; tierPenalty <= 1 && best == null; tierPenalty++) {
            for (int pass = 0; pass <= 1 && best == null; pass++) {
                int groups = 0;
                for (SliceGroup g : pass == 0 ? packedGroups : emptyGroups) {
                    if (g.tree.isEmpty() || Ranking.tierPenalty(g.tier, request) != tierPenalty
                            || request.region() != null && !request.region().equals(g.region)
                            || !accepts(g.type.model, request)) {
                        continue;
                    }
                    Menu menu = menu(g.type, request, menuKey);
                    if (menu.size > 0) {
                        groups = scratch(groups, g, menu);
                    }
                }
                best = bestOfPass(groups, tierPenalty);
            }
        }
        if (best == null) {
            return PlacementResult.rejected(reasons(request));
        }
        // the slice itself is chosen on the device exactly as the planner chooses it
        SliceOptions.Option option = SliceOptions.best(best.device(), request);
        if (option == null || option.wasteMiB() != best.option().wasteMiB()
                || option.isolationRank() != best.option().isolationRank()) {
            throw new IllegalStateException("index and slice options disagree on " + best.device() + " for "
                    + request + ": " + option + " vs " + best.option());
        }
        return PlacementResult.placed(new Placement(best.node(), List.of(best.device()), option.choice()));
    }

    /**
     * The best candidate among the first {@code groups} scratch groups (one tier and packing class). Their offers are
     * tried cheapest first across all groups (each group's menu is sorted; a merge takes the cheapest next offer):
     * an offer's first fitting device is its group's best for that offer, because the group's devices are in node id
     * and key order and every cheaper offer of the group found no device. Once the next offer is dearer than the best
     * found, nothing left can win.
     */
    private Ranking.SliceCandidate bestOfPass(int groups, int tierPenalty) {
        Ranking.SliceCandidate best = null;
        long bestLevel = Long.MAX_VALUE;
        while (true) {
            int next = -1;
            long level = Long.MAX_VALUE;
            for (int i = 0; i < groups; i++) {
                Menu menu = scratchMenus[i];
                int k = scratchCursors[i];
                if (k < menu.size && menu.level[k] < level) {
                    next = i;
                    level = menu.level[k];
                }
            }
            if (next < 0 || level > bestLevel) {
                return best;
            }
            Menu menu = scratchMenus[next];
            int k = scratchCursors[next]++;
            FirstFitTree tree = scratchGroups[next].tree;
            if ((tree.flags() & menu.flag[k]) == 0) {
                continue;
            }
            Dev d = (Dev) tree.first(menu.flag[k], menu.minRoom[k], menu.minCompute[k], menu.mustFit[k],
                    keep == null ? null : keepItem);
            if (d == null) {
                continue;
            }
            Ranking.SliceCandidate candidate = new Ranking.SliceCandidate(d.node.capacity, d.slot,
                    new SliceOptions.Option(null, level >> 1, (int) (level & 1)), tierPenalty);
            if (best == null || Ranking.SLICE_ORDER.compare(candidate, best) < 0) {
                best = candidate;
                bestLevel = level;
            }
        }
    }

    private int scratch(int i, SliceGroup g, Menu menu) {
        if (i == scratchGroups.length) {
            scratchGroups = Arrays.copyOf(scratchGroups, i * 2);
            scratchMenus = Arrays.copyOf(scratchMenus, i * 2);
            scratchCursors = Arrays.copyOf(scratchCursors, i * 2);
        }
        scratchGroups[i] = g;
        scratchMenus[i] = menu;
        scratchCursors[i] = 0;
        return i + 1;
    }

    private PlacementResult planWhole(PlacementRequest request) {
        long need = request.memoryMiBPerDevice();
        int count = request.deviceCount();
        // every node of a group that fits wastes the same: try the groups by tier and waste, stop after the first hit
        int groups = 0;
        for (WholeGroup g : wholeGroups) {
            if (g.tree.isEmpty() || g.model.memoryMiB < need
                    || request.region() != null && !request.region().equals(g.region)
                    || !accepts(g.model, request)) {
                continue;
            }
            if (groups == scratchWhole.length) {
                scratchWhole = Arrays.copyOf(scratchWhole, groups * 2);
                scratchWholeOrder = Arrays.copyOf(scratchWholeOrder, groups * 2);
            }
            long waste = count * (g.model.memoryMiB - need);
            long order = (long) Ranking.tierPenalty(g.tier, request) << 61 | waste;
            int j = groups++;
            for (; j > 0 && scratchWholeOrder[j - 1] > order; j--) {
                scratchWhole[j] = scratchWhole[j - 1];
                scratchWholeOrder[j] = scratchWholeOrder[j - 1];
            }
            scratchWhole[j] = g;
            scratchWholeOrder[j] = order;
        }
        Ranking.Candidate best = null;
        long bestOrder = Long.MAX_VALUE;
        for (int i = 0; i < groups && scratchWholeOrder[i] <= bestOrder; i++) {
            WholeGroup g = scratchWhole[i];
            NodeEntry n = (NodeEntry) g.tree.first(NODE, count, Integer.MIN_VALUE, null,
                    keep == null ? null : keepItem);
            if (n == null) {
                continue;
            }
            Ranking.Candidate candidate = wholeCandidate(n, request, Ranking.tierPenalty(g.tier, request));
            if (candidate == null) {
                throw new IllegalStateException("node " + n.nodeId + " was indexed with " + n.room
                        + " free devices but does not fit " + request);
            }
            if (best == null || Ranking.CANDIDATE_ORDER.compare(candidate, best) < 0) {
                best = candidate;
                bestOrder = scratchWholeOrder[i];
            }
        }
        for (NodeEntry n : mixedNodes) {
            if (request.region() != null && !request.region().equals(n.capacity.region())
                    || keep != null && !keep.test(n.capacity)) {
                continue;
            }
            Ranking.Candidate candidate = wholeCandidate(n, request, Ranking.tierPenalty(n.capacity.tier(), request));
            if (candidate != null && (best == null || Ranking.CANDIDATE_ORDER.compare(candidate, best) < 0)) {
                best = candidate;
            }
        }
        if (best == null) {
            return PlacementResult.rejected(reasons(request));
        }
        return PlacementResult.placed(new Placement(best.node(), best.devices()));
    }

    private static Ranking.Candidate wholeCandidate(NodeEntry n, PlacementRequest request, int tierPenalty) {
        int fits = Ranking.countFitting(n.capacity, request);
        return fits < request.deviceCount() ? null : Ranking.candidate(n.capacity, request, fits, tierPenalty);
    }

    /**
     * The planner's reasons. Nothing fits, so every schedulable node of the requested region (or of every region)
     * counted as short of what was asked.
     */
    private List<String> reasons(PlacementRequest request) {
        if (keep != null) {
            return keptReasons(request);
        }
        int total = nodes.size();
        Map<String, Integer> shortByRegion = new TreeMap<>();
        int unschedulable = 0;
        int otherRegion = 0;
        if (request.region() != null) {
            int[] counts = regionCounts.getOrDefault(request.region(), new int[2]);
            otherRegion = total - counts[0] - counts[1];
            unschedulable = counts[1];
            if (counts[0] > 0) {
                shortByRegion.put(request.region(), counts[0]);
            }
        } else {
            for (Map.Entry<String, int[]> e : regionCounts.entrySet()) {
                unschedulable += e.getValue()[1];
                if (e.getValue()[0] > 0) {
                    shortByRegion.put(e.getKey(), e.getValue()[0]);
                }
            }
        }
        return Ranking.reasons(request, total, unschedulable, otherRegion, shortByRegion);
    }

    /** {@link #reasons} counted over the nodes {@link #keep} accepts. */
    private List<String> keptReasons(PlacementRequest request) {
        int total = 0;
        int unschedulable = 0;
        int otherRegion = 0;
        Map<String, Integer> shortByRegion = new TreeMap<>();
        for (NodeEntry n : nodes.values()) {
            if (!keep.test(n.capacity)) {
                continue;
            }
            total++;
            if (request.region() != null && !request.region().equals(n.capacity.region())) {
                otherRegion++;
            } else if (!n.capacity.schedulable()) {
                unschedulable++;
            } else {
                shortByRegion.merge(n.capacity.region(), 1, Integer::sum);
            }
        }
        return Ranking.reasons(request, total, unschedulable, otherRegion, shortByRegion);
    }

    private boolean accepts(Model model, PlacementRequest request) {
        if (model.stamp != planStamp) {
            model.stamp = planStamp;
            model.accepted = request.accepts(model.vendor, model.model);
        }
        return model.accepted;
    }

    /** The offers a device of this type could make for requests like this one, cheapest first (cached). */
    private Menu menu(DeviceType type, PlacementRequest request, MenuKey key) {
        if (type.menuStamp == planStamp) {
            return type.menu;
        }
        Menu menu = type.menus.get(key);
        if (menu == null) {
            if (type.menus.size() >= MENU_CACHE_LIMIT) {
                type.menus.clear();
            }
            menu = Menu.of(type, request);
            type.menus.put(key, menu);
        }
        type.menuStamp = planStamp;
        type.menu = menu;
        return menu;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Maintenance

    private NodeEntry entry(String nodeId) {
        NodeEntry n = nodes.get(nodeId);
        if (n == null) {
            throw new IllegalArgumentException("no node " + nodeId + " in the index");
        }
        return n;
    }

    /** Takes a node and its devices out of every tree and count (the caller drops or replaces the map entry). */
    private void unindex(NodeEntry n) {
        count(n, -1);
        for (Dev dev : n.devices) {
            if (dev.tree() != null) {
                dev.tree().remove(dev);
            }
        }
        if (n.tree() != null) {
            n.tree().remove(n);
        }
        mixedNodes.remove(n);
        if (classes != null) {
            classes.remove(n.capacity.nodeId());
        }
    }

    private void classesPut(NodeEntry n) {
        if (classes != null) {
            classes.put(n.capacity);
        }
    }

    private void count(NodeEntry n, int delta) {
        int[] counts = regionCounts.computeIfAbsent(n.capacity.region(), r -> new int[2]);
        counts[n.capacity.schedulable() ? 0 : 1] += delta;
        if (counts[0] == 0 && counts[1] == 0) {
            regionCounts.remove(n.capacity.region());
        }
    }

    /** Puts the device in the tree it belongs to now, marked with what it can serve, or in none. */
    private void placeDevice(Dev dev) {
        DeviceSlot slot = dev.slot;
        NodeCapacity node = dev.node.capacity;
        SliceGroup target = null;
        if (node.schedulable() && slot.available()) {
            DeviceType type = dev.type;
            DeviceState state = slot.slices();
            boolean packed = state != null && !state.isEmpty();
            target = sliceGroup(node.region(), node.tier(), type, packed);
            long flags = slot.free() ? WHOLE : 0;
            long room = 0;
            int compute = 0;
            if (state != null && state.isEmpty()) {
                if (!type.emptyKnown) {
                    type.emptyKnown = true;
                    type.emptyFlags = sliceFlags(type, state);
                    type.emptyRoom = room(state, type.emptyFlags);
                    type.emptyCompute = compute(state, type.emptyFlags);
                }
                flags |= type.emptyFlags;
                room = type.emptyRoom;
                compute = type.emptyCompute;
            } else if (state != null) {
                long slices = sliceFlags(type, state);
                flags |= slices;
                room = room(state, slices);
                compute = compute(state, slices);
            }
            if (dev.tree() == target.tree && dev.flags == flags && dev.room == room && dev.compute == compute) {
                dev.state = state;
                return; // same tree, same marks: nothing to bring up to date
            }
            dev.flags = flags;
            dev.room = room;
            dev.compute = compute;
            dev.state = state;
        }
        FirstFitTree current = dev.tree();
        if (current != null && (target == null || current != target.tree)) {
            current.remove(dev);
        }
        if (target != null) {
            if (dev.tree() == target.tree) {
                target.tree.refresh(dev);
            } else {
                target.tree.insert(dev);
            }
        }
    }

    /** The profiles that still fit the state, and whether a share might. */
    private static long sliceFlags(DeviceType type, DeviceState state) {
        long flags = 0;
        for (int i = 0; i < type.profileSlices.length; i++) {
            SliceRequest profile = type.profileSlices[i];
            if (profile != null && SliceArithmetic.fits(state, profile)) {
                flags |= 1L << i;
            }
        }
        if (type.shareMode != null && (state.mode() == DeviceMode.EMPTY
                || state.mode() == type.shareMode && state.freeMemoryMiB() > 0)) {
            flags |= SHARE;
        }
        return flags;
    }

    /** Memory a share could still take: necessary for a share to fit (SliceArithmetic confirms). */
    private static long room(DeviceState state, long flags) {
        return (flags & SHARE) == 0 ? 0 : state.shape().memoryMiB() - state.usedMemoryMiB();
    }

    /** Compute a share could still take, in percent: necessary for a share to fit. */
    private static int compute(DeviceState state, long flags) {
        return (flags & SHARE) == 0 ? 0 : DeviceShape.PERCENT - state.usedCompute();
    }

    /** Puts the node in the whole-device tree of its model (free devices as room), the mixed set, or neither. */
    private void placeNode(NodeEntry n) {
        NodeCapacity node = n.capacity;
        Model model = null;
        boolean mixed = false;
        int free = 0;
        for (Dev dev : n.devices) {
            Model m = dev.type.model;
            if (model == null) {
                model = m;
            } else if (m != model) {
                mixed = true;
            }
            if (dev.slot.free()) {
                free++;
            }
        }
        WholeGroup target = node.schedulable() && !mixed && model != null
                ? wholeGroup(node.region(), node.tier(), model) : null;
        if (node.schedulable() && mixed) {
            mixedNodes.add(n);
        } else {
            mixedNodes.remove(n);
        }
        FirstFitTree current = n.tree();
        if (current != null && (target == null || current != target.tree)) {
            current.remove(n);
        }
        if (target != null) {
            boolean same = n.tree() == target.tree && n.room == free;
            n.flags = NODE;
            n.room = free;
            if (same) {
                return;
            }
            if (n.tree() == target.tree) {
                target.tree.refresh(n);
            } else {
                target.tree.insert(n);
            }
        }
    }

    private DeviceType typeOf(DeviceSlot slot) {
        TypeKey key = new TypeKey(slot.vendor(), slot.model(), slot.memoryMiB(), slot.shape());
        DeviceType type = types.get(key);
        if (type == null) {
            ModelKey modelKey = new ModelKey(slot.vendor(), slot.model(), slot.memoryMiB());
            Model model = models.computeIfAbsent(modelKey, k -> new Model(k.vendor(), k.model(), k.memoryMiB()));
            type = new DeviceType(model, slot.shape());
            types.put(key, type);
        }
        return type;
    }

    private SliceGroup sliceGroup(String region, RegionTier tier, DeviceType type, boolean packed) {
        SliceGroupKey key = new SliceGroupKey(region, tier, type, packed);
        SliceGroup g = sliceGroupsByKey.get(key);
        if (g == null) {
            g = new SliceGroup(region, tier, type);
            sliceGroupsByKey.put(key, g);
            (packed ? packedGroups : emptyGroups).add(g);
        }
        return g;
    }

    private WholeGroup wholeGroup(String region, RegionTier tier, Model model) {
        WholeGroupKey key = new WholeGroupKey(region, tier, model);
        WholeGroup g = wholeGroupsByKey.get(key);
        if (g == null) {
            g = new WholeGroup(region, tier, model);
            wholeGroupsByKey.put(key, g);
            wholeGroups.add(g);
        }
        return g;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The model's parts

    private record ModelKey(Vendor vendor, String model, long memoryMiB) {
    }

    private record TypeKey(Vendor vendor, String model, long memoryMiB, DeviceShape shape) {
    }

    private record SliceGroupKey(String region, RegionTier tier, DeviceType type, boolean packed) {
    }

    private record WholeGroupKey(String region, RegionTier tier, Model model) {
    }

    /** What makes two menus the same: everything of a request that {@link SliceOptions} reads but the device. */
    private record MenuKey(long memoryMiB, Integer computePct, String sliceProfile, Sharing sharing) {
    }

    /** What a whole-device request and the vendor, model and framework constraints tell devices apart by. */
    private static final class Model {
        final Vendor vendor;
        final String model;
        final long memoryMiB;
        long stamp = -1;
        boolean accepted;

        Model(Vendor vendor, String model, long memoryMiB) {
            this.vendor = vendor;
            this.model = model;
            this.memoryMiB = memoryMiB;
        }
    }

    /** A model with its slice table (null: only ever handed out whole), and what its profiles offer. */
    private static final class DeviceType {
        final Model model;
        final DeviceShape shape;
        /** Per profile index: the request for a MIG profile or vNPU template, else null. */
        final SliceRequest[] profileSlices;
        /** Per profile index: its offer on a device of this type, for MIG profiles and vNPU templates. */
        final SliceOptions.Offer[] profileOffers;
        /** The mode of the share a shared request gets on this type, or null. */
        final DeviceMode shareMode;
        final Map<MenuKey, Menu> menus = new HashMap<>();
        /** The menu of the current plan() call, when {@code menuStamp} is its stamp. */
        long menuStamp = -1;
        Menu menu;
        /** Flags, room and compute of an empty device of this type (devices are empty often; fits() is not free). */
        boolean emptyKnown;
        long emptyFlags;
        long emptyRoom;
        int emptyCompute;

        DeviceType(Model model, DeviceShape shape) {
            this.model = model;
            this.shape = shape;
            List<SliceProfile> profiles = shape == null ? List.of() : shape.profiles();
            if (profiles.size() > MAX_PROFILES) {
                throw new IllegalArgumentException(model.model + ": more than " + MAX_PROFILES
                        + " slice profiles are not supported by the capacity index");
            }
            profileOffers = shape == null ? new SliceOptions.Offer[0]
                    : SliceOptions.profileOffers(shape, model.memoryMiB);
            profileSlices = new SliceRequest[profiles.size()];
            for (int i = 0; i < profiles.size(); i++) {
                profileSlices[i] = profileOffers[i] == null ? null : profileOffers[i].slice();
            }
            SliceKind shareKind = shape == null ? null : SliceOptions.shareKind(shape);
            shareMode = shareKind == null ? null : DeviceMode.of(shareKind);
        }
    }

    /**
     * What {@link SliceOptions#best} would weigh on a device of one type for one kind of request, ordered by waste
     * then isolation: per offer the device flag it needs, its waste and isolation, and for a share the memory and
     * compute it needs and the request to confirm it with.
     */
    private static final class Menu {
        final long[] flag;
        /** waste x 2 + isolation rank: the order of the offers. */
        final long[] level;
        final long[] minRoom;
        final int[] minCompute;
        final SliceRequest[] mustFit;
        final int size;

        private Menu(int size, long[] flag, long[] waste, int[] isolation, long[] minRoom, int[] minCompute,
                     SliceRequest[] mustFit) {
            this.size = size;
            this.flag = flag;
            this.level = new long[size];
            for (int i = 0; i < size; i++) {
                level[i] = waste[i] * 2 + isolation[i];
            }
            this.minRoom = minRoom;
            this.minCompute = minCompute;
            this.mustFit = mustFit;
        }

        static Menu of(DeviceType type, PlacementRequest request) {
            long need = request.memoryMiBPerDevice();
            int n = type.profileSlices.length + 2;
            long[] flag = new long[n];
            long[] waste = new long[n];
            int[] isolation = new int[n];
            long[] minRoom = new long[n];
            int[] minCompute = new int[n];
            SliceRequest[] mustFit = new SliceRequest[n];
            int size = 0;
            // the same offers, with the same conditions, as SliceOptions.best
            if (type.model.memoryMiB >= need && request.sliceProfile() == null) {
                flag[size] = WHOLE;
                waste[size] = type.model.memoryMiB - need;
                size++;
            }
            if (type.shape != null) {
                for (int i = 0; i < type.profileOffers.length; i++) {
                    SliceOptions.Offer offer = type.profileOffers[i];
                    if (offer == null || !SliceOptions.servesByTable(offer.profile(), request)
                            || !SliceOptions.servesByCompute(offer, request)) {
                        continue;
                    }
                    flag[size] = 1L << i;
                    waste[size] = offer.wasteMiB(need);
                    size++;
                }
                SliceOptions.Offer share = SliceOptions.shareOffer(type.shape, type.model.memoryMiB, request);
                if (share != null) {
                    flag[size] = SHARE;
                    waste[size] = share.wasteMiB(need);
                    isolation[size] = share.isolationRank();
                    minRoom[size] = need;
                    minCompute[size] = ((SliceRequest.Share) share.slice()).computePct();
                    mustFit[size] = share.slice();
                    size++;
                }
            }
            for (int i = 0; i < size; i++) {
                if (mustFit[i] == null) {
                    minRoom[i] = Long.MIN_VALUE;
                    minCompute[i] = Integer.MIN_VALUE;
                }
            }
            // insertion sort by (waste, isolation): a handful of offers
            for (int i = 1; i < size; i++) {
                for (int j = i; j > 0 && (waste[j] < waste[j - 1]
                        || waste[j] == waste[j - 1] && isolation[j] < isolation[j - 1]); j--) {
                    swap(flag, j);
                    swap(waste, j);
                    swap(minRoom, j);
                    int t = isolation[j];
                    isolation[j] = isolation[j - 1];
                    isolation[j - 1] = t;
                    t = minCompute[j];
                    minCompute[j] = minCompute[j - 1];
                    minCompute[j - 1] = t;
                    SliceRequest s = mustFit[j];
                    mustFit[j] = mustFit[j - 1];
                    mustFit[j - 1] = s;
                }
            }
            return new Menu(size, flag, waste, isolation, minRoom, minCompute, mustFit);
        }

        private static void swap(long[] a, int j) {
            long t = a[j];
            a[j] = a[j - 1];
            a[j - 1] = t;
        }
    }

    /** Devices of one region, tier and type, with slices on them or not, in node id and device key order. */
    private static final class SliceGroup {
        final String region;
        final RegionTier tier;
        final DeviceType type;
        final FirstFitTree tree = new FirstFitTree();

        SliceGroup(String region, RegionTier tier, DeviceType type) {
            this.region = region;
            this.tier = tier;
            this.type = type;
        }
    }

    /** Single-model nodes of one region, tier and model, in node id order, their free devices as room. */
    private static final class WholeGroup {
        final String region;
        final RegionTier tier;
        final Model model;
        final FirstFitTree tree = new FirstFitTree();

        WholeGroup(String region, RegionTier tier, Model model) {
            this.region = region;
            this.tier = tier;
            this.model = model;
        }
    }

    /** A node: its current capacity and its devices. */
    private static final class NodeEntry extends FirstFitTree.Item {
        NodeCapacity capacity;
        final Dev[] devices;

        NodeEntry(NodeCapacity capacity) {
            super(capacity.nodeId(), "");
            this.capacity = capacity;
            List<DeviceSlot> slots = capacity.devices();
            devices = new Dev[slots.size()];
            for (int i = 0; i < devices.length; i++) {
                devices[i] = new Dev(this, slots.get(i));
            }
        }

        int indexOf(String deviceKey) {
            for (int i = 0; i < devices.length; i++) {
                if (devices[i].key.equals(deviceKey)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A device: its current slot and type. */
    private static final class Dev extends FirstFitTree.Item {
        final NodeEntry node;
        DeviceSlot slot;
        DeviceType type;

        Dev(NodeEntry node, DeviceSlot slot) {
            super(node.nodeId, slot.deviceKey());
            this.node = node;
            this.slot = slot;
        }
    }
}
