package io.computenet.placement;

import io.computenet.placement.policy.FragmentationGradientDescent;
import io.computenet.placement.policy.MixLearner;
import io.computenet.placement.policy.ModelConstraint;
import io.computenet.placement.policy.PlacementPolicy;
import io.computenet.placement.policy.Policies;
import io.computenet.placement.policy.TaskShape;
import io.computenet.placement.policy.TypicalTasks;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How one cluster ranks the placements the placement engine ({@link CapacityIndex}) finds there. The engine decides
 * what is feasible (memory, slice arithmetic, the request's constraints, all devices of a lease on one node) and the
 * region tier comes first for every policy; the policy only orders the feasible candidates within the tier, and node
 * id (then device key) breaks the last ties.
 * <ul>
 *   <li>{@code binpack} (the default): the planner's own orders. Whole devices: least wasted memory. Slices: a
 *   device that already holds slices, then least waste, then hardware isolation over shares. Fills partly used
 *   devices and nodes first and keeps empty ones whole for whole-device leases.</li>
 *   <li>{@code spread}: whole devices on the node with the most free accelerator memory (then least waste); a slice
 *   on an empty device, on the node with the most free accelerator memory (then binpack's keys). Keeps leases apart
 *   (less interference, smaller blast radius) at the cost of fragmenting the fleet. Multi-device leases are still on
 *   one node.</li>
 *   <li>The FGD family of the trace-replay simulator ({@code fgd}, {@code fgd-cpu-aware}, {@code fgd-tight},
 *   {@code fgd-waste-*}), built by {@link Policies#create} and scored by the policy's own
 *   {@link FragmentationGradientDescent#scoreOn}: each candidate node becomes a policy
 *   {@link io.computenet.placement.policy.NodeState} ({@link PolicyNodes}) and the request a {@link TaskShape}, and
 *   the candidate whose placement grows the node's expected fragmentation least (highest score) wins (a node with
 *   less host memory left than the request names, {@link PlacementRequest#hostMemoryMiB}, is no candidate: the
 *   replay's feasibility; memory is not weighed, as the replay's measure does not weigh it); equal scores
 *   go to the lowest node id, then the device that comes first on the node (FGD's own tie-break: the artifact's node
 *   rank, then the lowest GPU index). The typical-task mix is the caller's ({@link #named(String, TypicalTasks)}):
 *   counted from the lease table for the fixed-mix policies, learned online for the learning ones
 *   ({@code fgd-learned*}, {@code fgd-cpu-aware-learned}: {@link #learns}, {@link #learner}, {@link #requestShape}),
 *   which score with their fixed-mix counterpart ({@link Policies.Learned}). The non-FGD simulator baselines are not
 *   offered here.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe: an FGD policy object (whose fragmentation measure caches per model) is created per
 * ranking ({@link Ranking.Ranker}, one per planning call), never shared between threads.
 */
public final class ClusterPolicy {

    /** Today's planner orders. */
    public static final ClusterPolicy BINPACK = new ClusterPolicy("binpack", Kind.BINPACK, null);
    /** The most free node first, an empty device for a slice. */
    public static final ClusterPolicy SPREAD = new ClusterPolicy("spread", Kind.SPREAD, null);

    enum Kind { BINPACK, SPREAD, FGD }

    /**
     * The typical-task mix used when no lease history is at hand: half whole-device leases (1, 2, 4, 8 devices with
     * weights 4:2:1:1), half single-device shares (1/8, 1/4, 1/2 of a device, equally). A guess at a mixed inference
     * and training workload, deliberately broad so that FGD keeps room for every common size until real requests
     * replace it. Each asks for the default host CPU ({@link #hostCpuMilli}).
     */
    public static final TypicalTasks FALLBACK_MIX = new TypicalTasks(List.of(
            shape(1, TaskShape.WHOLE), shape(2, TaskShape.WHOLE), shape(4, TaskShape.WHOLE), shape(8, TaskShape.WHOLE),
            shape(1, 125), shape(1, 250), shape(1, 500)),
            List.of(0.25, 0.125, 0.0625, 0.0625, 1 / 6.0, 1 / 6.0, 1 / 6.0));

    /** A learning policy's mix before it has seen any request: FGD then ranks every candidate alike. */
    private static final TypicalTasks NOTHING_LEARNED = new TypicalTasks(List.of(), List.of());

    private final String name;
    private final Kind kind;
    private final TypicalTasks mix;
    private final Policies.Learned learned;

    private ClusterPolicy(String name, Kind kind, TypicalTasks mix) {
        this.name = name;
        this.kind = kind;
        this.mix = mix;
        this.learned = Policies.learned(name).orElse(null);
    }

    /** Every name {@link #named} accepts: {@code binpack}, {@code spread} and the FGD family. */
    public static List<String> names() {
        return Stream.concat(Stream.of("binpack", "spread"), fgdNames().stream()).toList();
    }

    private static List<String> fgdNames() {
        return Policies.names().stream().filter(n -> n.startsWith("fgd")).toList();
    }

    /**
     * The policy called {@code name} (any case, trimmed); FGD policies look through {@code mix} (null: the
     * {@link #FALLBACK_MIX}).
     *
     * @throws IllegalArgumentException for an unknown name, naming the valid ones
     */
    public static ClusterPolicy named(String name, TypicalTasks mix) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals(BINPACK.name)) {
            return BINPACK;
        }
        if (key.equals(SPREAD.name)) {
            return SPREAD;
        }
        if (!fgdNames().contains(key)) {
            throw new IllegalArgumentException("unknown placement policy '" + name + "'; valid: "
                    + String.join(", ", names()));
        }
        boolean learns = Policies.learned(key).isPresent();
        ClusterPolicy policy = new ClusterPolicy(key, Kind.FGD, learns ? (mix == null ? NOTHING_LEARNED : mix)
                : mix == null || mix.size() == 0 ? FALLBACK_MIX : mix);
        policy.fgd(); // fails now, not at the first placement, if the name does not make an FGD policy
        return policy;
    }

    /** {@link #named(String, TypicalTasks)} with the {@link #FALLBACK_MIX}. */
    public static ClusterPolicy named(String name) {
        return named(name, null);
    }

    public String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    /**
     * Whether the mix is learned online from the requests the scheduler sees ({@code fgd-learned},
     * {@code fgd-cpu-aware-learned}, ...: {@link #learner}) rather than counted from the lease table.
     */
    public boolean learns() {
        return learned != null;
    }

    /**
     * A learner of this policy's mix ({@link MixLearner}, with the replay's schedule and minimum change),
     * warm-started with {@code history}; for a policy that {@link #learns}.
     *
     * @throws IllegalStateException for a policy that does not learn
     */
    public MixLearner learner(List<TaskShape> history) {
        if (learned == null) {
            throw new IllegalStateException("placement policy '" + name + "' does not learn its mix");
        }
        return new MixLearner(history, TypicalTasks.PAPER_COVERAGE, learned.minChange());
    }

    /** The mix an FGD policy looks through; null for binpack and spread. */
    public TypicalTasks mix() {
        return mix;
    }

    /** This policy looking through another mix (binpack and spread ignore mixes). */
    public ClusterPolicy withMix(TypicalTasks newMix) {
        return kind == Kind.FGD ? named(name, newMix) : this;
    }

    /** A fresh FGD policy object for one planning call (its measure caches and is not thread-safe). */
    FragmentationGradientDescent fgd() {
        PlacementPolicy p = Policies.create(learned == null ? name : learned.base(),
                new Policies.Context(0, mix, List.of()));
        if (!(p instanceof FragmentationGradientDescent f)) {
            throw new IllegalArgumentException("placement policy '" + name + "' is not an FGD policy");
        }
        return f;
    }

    /**
     * Host CPUs (logical) a lease that names none is taken to need per device it holds: 8, about what a GPU server
     * has per accelerator (an 8-GPU server has 96 to 192 logical CPUs, and the openb trace's whole-GPU tasks ask
     * for 6 to 12 cores per GPU). A slice counts in proportion to its share.
     */
    public static final int DEFAULT_CPUS_PER_DEVICE = 8;

    /**
     * The host CPU a lease needs on each of its nodes, in thousandths of a CPU: {@code cpuCount} when it named one,
     * else {@link #DEFAULT_CPUS_PER_DEVICE} for each of {@code devicesPerNode} devices, times {@code share} (null:
     * whole devices), rounded up.
     */
    public static long hostCpuMilli(Integer cpuCount, int devicesPerNode, BigDecimal share) {
        if (cpuCount != null) {
            return cpuCount * 1000L;
        }
        BigDecimal whole = BigDecimal.valueOf((long) DEFAULT_CPUS_PER_DEVICE * 1000 * devicesPerNode);
        return share == null ? whole.longValue() : whole.multiply(share).setScale(0, RoundingMode.CEILING).longValue();
    }

    /**
     * A lease's shape as FGD's typical-task mix counts it: a whole-device lease of {@code deviceCount} devices, or
     * a single-device share of {@code ceil(share x 1000)} milli (the share it is billed for, as the planner maps a
     * slice candidate), limited to {@code model} when the lease named one, needing {@code cpuMilli} of host CPU
     * ({@link #hostCpuMilli}).
     */
    public static TaskShape leaseShape(int deviceCount, BigDecimal share, String model, long cpuMilli) {
        int milli = share == null ? TaskShape.WHOLE : milli(share);
        ModelConstraint models = model == null || model.isBlank() ? ModelConstraint.ANY
                : ModelConstraint.parse(PolicyNodes.modelKey(model));
        return deviceCount > 1 || milli >= TaskShape.WHOLE
                ? new TaskShape(cpuMilli, TaskShape.WHOLE, deviceCount, models)
                : new TaskShape(cpuMilli, milli, 1, models);
    }

    /** {@link #leaseShape(int, BigDecimal, String, long)} with the default host CPU ({@link #hostCpuMilli}). */
    public static TaskShape leaseShape(int deviceCount, BigDecimal share, String model) {
        return leaseShape(deviceCount, share, model, hostCpuMilli(null, deviceCount, share));
    }

    /** {@code ceil(share x 1000)} within 1..1000. */
    static int milli(BigDecimal share) {
        int m = share.movePointRight(3).setScale(0, RoundingMode.CEILING).intValue();
        return Math.max(1, Math.min(TaskShape.WHOLE, m));
    }

    /**
     * What a learning policy counts for a lease request: where it was placed, the placement's shape
     * ({@link #leaseShape}: whole devices, or the slice's billed share); not placed, its whole devices, or for a
     * slice request its {@code computePct} as the share. A slice request without {@code computePct} that was not
     * placed has no share to count: empty.
     */
    public static java.util.Optional<TaskShape> requestShape(PlacementRequest request, Placement placed) {
        BigDecimal share;
        if (placed != null) {
            share = placed.slice() == null ? null : placed.share();
        } else if (!request.acceptsSlices()) {
            share = null;
        } else if (request.computePct() != null) {
            share = BigDecimal.valueOf(request.computePct(), 2);
        } else {
            return java.util.Optional.empty();
        }
        int devices = request.deviceCount();
        return java.util.Optional.of(leaseShape(devices, share, request.model(),
                hostCpuMilli(request.cpuCount(), devices, share)));
    }

    /** The typical-task mix of these lease shapes at the paper's 95 % coverage; the fallback when there are none. */
    public static TypicalTasks mixOf(List<TaskShape> shapes) {
        return shapes.isEmpty() ? FALLBACK_MIX : TypicalTasks.of(shapes, TypicalTasks.PAPER_COVERAGE);
    }

    private static TaskShape shape(int count, int milli) {
        return new TaskShape(hostCpuMilli(null, count, BigDecimal.valueOf(milli, 3)), milli, count,
                ModelConstraint.ANY);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterPolicy p && p.name.equals(name) && Objects.equals(p.mix, mix);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
