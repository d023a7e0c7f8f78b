package io.computenet.placement.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload mix {@code M} the fragmentation measure looks through: the most frequent task shapes and their
 * probabilities (Weng et al., ATC '23, section 4: "typical tasks").
 *
 * <p>Built by counting shapes, sorting by count (descending; ties by larger CPU, then larger GPU share, larger GPU
 * count, larger model constraint), keeping the top shapes until they cover at least {@code coverage} of all tasks,
 * and renormalising their counts to probabilities. CPU-only shapes are kept: to them every idle GPU is fragment.
 *
 * @param shapes the typical shapes, most frequent first
 * @param probabilities {@code p_m}, same order, summing to 1
 */
public record TypicalTasks(List<TaskShape> shapes, List<Double> probabilities) {

    /** The coverage the paper uses. */
    public static final double PAPER_COVERAGE = 0.95;

    private static final Comparator<Map.Entry<TaskShape, Long>> ORDER =
            Comparator.<Map.Entry<TaskShape, Long>>comparingLong(Map.Entry::getValue).reversed()
                    .thenComparing(e -> e.getKey().cpuMilli(), Comparator.reverseOrder())
                    .thenComparing(e -> e.getKey().gpuMilli(), Comparator.reverseOrder())
                    .thenComparing(e -> e.getKey().gpuCount(), Comparator.reverseOrder())
                    .thenComparing(e -> e.getKey().models().spec(), Comparator.reverseOrder());

    public TypicalTasks {
        shapes = List.copyOf(shapes);
        probabilities = List.copyOf(probabilities);
        if (shapes.size() != probabilities.size()) {
            throw new IllegalArgumentException("one probability per shape");
        }
    }

    /** The typical tasks of {@code tasks} at the given coverage (0 &lt; coverage &lt;= 1). */
    public static TypicalTasks of(List<TaskShape> tasks, double coverage) {
        Map<TaskShape, Long> counts = new HashMap<>();
        for (TaskShape t : tasks) {
            counts.merge(t, 1L, Long::sum);
        }
        return fromCounts(counts, coverage);
    }

    /** As {@link #of}, from counts per shape. */
    public static TypicalTasks fromCounts(Map<TaskShape, Long> counts, double coverage) {
        if (coverage <= 0 || coverage > 1) {
            throw new IllegalArgumentException("coverage must be within (0, 1], was " + coverage);
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<Map.Entry<TaskShape, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(ORDER);
        List<TaskShape> shapes = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        long covered = 0;
        for (Map.Entry<TaskShape, Long> e : sorted) {
            if (covered >= coverage * total) {
                break;
            }
            shapes.add(e.getKey());
            kept.add(e.getValue());
            covered += e.getValue();
        }
        long sum = covered;
        return new TypicalTasks(shapes, kept.stream().map(c -> c / (double) sum).toList());
    }

    /**
     * Total variation distance to {@code other}: half the sum over all shapes of the difference in probability (a
     * shape missing from a mix has probability 0 there). 0 for equal mixes, 1 for mixes without a shape in common.
     */
    public double distance(TypicalTasks other) {
        Map<TaskShape, Double> diff = new HashMap<>();
        for (int i = 0; i < size(); i++) {
            diff.merge(shapes.get(i), probabilities.get(i), Double::sum);
        }
        for (int i = 0; i < other.size(); i++) {
            diff.merge(other.shapes().get(i), -other.probabilities().get(i), Double::sum);
        }
        double sum = 0;
        for (double d : diff.values()) {
            sum += Math.abs(d);
        }
        return sum / 2;
    }

    public int size() {
        return shapes.size();
    }
}
