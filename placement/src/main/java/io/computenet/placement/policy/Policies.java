package io.computenet.placement.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The policies by name, as used on the simulator's command line and, for the FGD family, in the scheduler's
 * configuration ({@code computenet.scheduler.clusters."<cluster>".placement-policy}, via
 * {@link io.computenet.placement.ClusterPolicy}).
 */
public final class Policies {

    /** What a policy may be built from. */
    public record Context(long seed, TypicalTasks oracleMix, List<TaskShape> warmStart) {
        public Context {
            warmStart = warmStart == null ? List.of() : List.copyOf(warmStart);
        }
    }

    /**
     * The policy that packs best on all four openb traces when the workload's mix is known in advance (see
     * {@code docs/performance.md}): FGD on the {@linkplain Fragmentation CPU-aware fragmentation measure}. Production
     * does not know the mix: {@link #ONLINE_RECOMMENDED} learns it.
     */
    public static final String RECOMMENDED = "fgd-cpu-aware";

    /**
     * {@link #RECOMMENDED} without foreknowledge: the CPU-aware measure over the typical-task mix learned online from
     * the requests seen so far ({@link LearningFgd}). The simulator's default.
     */
    public static final String ONLINE_RECOMMENDED = "fgd-cpu-aware-learned";

    /**
     * How far (total variation) the learned mix must move before {@link #ONLINE_RECOMMENDED} rebuilds and drops its
     * cached scores. Measured on the openb traces (10 seeds): 0, 0.01, 0.02 and 0.05 pack the same within 0.03
     * points; at 10,000 nodes a rebuild every 128 arrivals (0) took the p99 decision time from about 0.1 ms to
     * 2 to 7 ms, 0.02 keeps it near the fixed mix's.
     */
    static final double ONLINE_MIN_CHANGE = 0.02;

    private static final Map<String, Function<Context, PlacementPolicy>> FACTORIES = new TreeMap<>();

    /**
     * A policy that learns its mix online ({@link LearningFgd}), as the live scheduler runs it: a {@link MixLearner}
     * fed the requests it sees, and the fixed-mix policy {@code base} scoring with the learner's mix.
     *
     * @param base      the fixed-mix FGD policy it scores with
     * @param minChange how far the learned mix must move before it is replaced ({@link MixLearner})
     */
    public record Learned(String base, double minChange) {
    }

    private static final Map<String, Learned> LEARNED = Map.of(
            "fgd-learned", new Learned("fgd", 0),
            "fgd-learned-tight", new Learned("fgd-tight", 0),
            "fgd-learned-waste", new Learned("fgd-waste-0.5", 0),
            ONLINE_RECOMMENDED, new Learned(RECOMMENDED, ONLINE_MIN_CHANGE));

    static {
        FACTORIES.put("random-fit", c -> new RandomFit(c.seed()));
        FACTORIES.put("best-fit", c -> new BestFit());
        FACTORIES.put("dot-product", c -> new DotProduct());
        FACTORIES.put("gpu-packing", c -> new GpuPacking());
        FACTORIES.put("gpu-clustering", c -> new GpuClustering());
        FACTORIES.put("fgd", c -> new FragmentationGradientDescent(requireMix(c)));
        FACTORIES.put("fgd-tight", c -> new FragmentationGradientDescent("fgd-tight", requireMix(c),
                FragmentationGradientDescent.TieBreak.TIGHTEST));
        for (double w : new double[] {0.25, 0.5, 1, 2}) {
            FACTORIES.put("fgd-waste-" + w, c -> new FragmentationGradientDescent("fgd-waste-" + w, requireMix(c),
                    FragmentationGradientDescent.TieBreak.RANK, w));
        }
        FACTORIES.put(RECOMMENDED, c -> new FragmentationGradientDescent(RECOMMENDED, requireMix(c),
                FragmentationGradientDescent.TieBreak.RANK, 0, Fragmentation.CpuCap.SHARES));
        FACTORIES.put("fgd-learned-waste", c -> new LearningFgd("fgd-learned-waste", c.warmStart(),
                TypicalTasks.PAPER_COVERAGE, FragmentationGradientDescent.TieBreak.RANK, 0.5));
        FACTORIES.put("fgd-learned", c -> new LearningFgd("fgd-learned", c.warmStart(), TypicalTasks.PAPER_COVERAGE,
                FragmentationGradientDescent.TieBreak.RANK));
        FACTORIES.put(ONLINE_RECOMMENDED, c -> new LearningFgd(ONLINE_RECOMMENDED, c.warmStart(),
                TypicalTasks.PAPER_COVERAGE, FragmentationGradientDescent.TieBreak.RANK, 0,
                Fragmentation.CpuCap.SHARES, ONLINE_MIN_CHANGE));
        FACTORIES.put("fgd-learned-tight", c -> new LearningFgd("fgd-learned-tight", c.warmStart(),
                TypicalTasks.PAPER_COVERAGE, FragmentationGradientDescent.TieBreak.TIGHTEST));
    }

    private Policies() {
    }

    /** All policy names, sorted. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** The policy called {@code name}; throws {@link IllegalArgumentException} naming the valid ones. */
    public static PlacementPolicy create(String name, Context context) {
        Function<Context, PlacementPolicy> f = FACTORIES.get(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("unknown placement policy '" + name + "'; known: " + names());
        }
        return f.apply(context);
    }

    /** What the learning policy {@code name} learns and scores with; empty for a policy that does not learn. */
    public static java.util.Optional<Learned> learned(String name) {
        return java.util.Optional.ofNullable(LEARNED.get(name == null ? "" : name.trim().toLowerCase(Locale.ROOT)));
    }

    private static TypicalTasks requireMix(Context c) {
        if (c.oracleMix() == null) {
            throw new IllegalArgumentException("fgd needs the workload's typical-task mix");
        }
        return c.oracleMix();
    }
}
