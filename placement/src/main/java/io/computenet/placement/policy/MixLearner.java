package io.computenet.placement.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The typical-task mix learned online from the requests seen so far (optionally warm-started with past requests):
 * no foreknowledge of the workload. The mix is re-counted after 1, 2, 4, ... 128 arrivals and then every 128
 * arrivals; with a minimum change ({@code minChange} &gt; 0) the mix in use is replaced only when the re-counted one
 * has moved at least that far (total variation distance, {@link TypicalTasks#distance}), so that once the workload
 * has settled the mix (and every score cached for it) stays, and a workload that drifts still gets a new mix.
 *
 * <p>One schedule for the trace replay ({@link LearningFgd}) and the live scheduler (which feeds it the lease
 * requests it sees), so both learn the same mix from the same requests. Not thread-safe.
 */
public final class MixLearner {

    private static final int RECOUNT_EVERY = 128;

    private final double coverage;
    private final double minChange;
    private final Map<TaskShape, Long> counts = new HashMap<>();
    private long seen;
    private long version;
    private TypicalTasks current;

    /**
     * @param warmStart past requests, counted before any arrival (no re-count is due for them)
     * @param coverage  the share of requests the typical tasks cover (0..1; the paper's 0.95)
     * @param minChange how far (total variation, 0..1; 0: at every re-count) the mix must move to be replaced
     */
    public MixLearner(List<TaskShape> warmStart, double coverage, double minChange) {
        if (minChange < 0 || minChange > 1) {
            throw new IllegalArgumentException("minChange must be within [0, 1], was " + minChange);
        }
        this.coverage = coverage;
        this.minChange = minChange;
        for (TaskShape s : warmStart) {
            counts.merge(s, 1L, Long::sum);
        }
        current = counted();
    }

    /** Counts a request that arrived (placed or not); returns whether the mix in use was replaced. */
    public boolean observe(TaskShape shape) {
        counts.merge(shape, 1L, Long::sum);
        seen++;
        if (seen < RECOUNT_EVERY ? Long.bitCount(seen) == 1 : seen % RECOUNT_EVERY == 0) {
            TypicalTasks recounted = counted();
            if (minChange == 0 || recounted.distance(current) >= minChange) {
                current = recounted;
                version++;
                return true;
            }
        }
        return false;
    }

    /** The mix of every request counted so far (what a re-count now would give). */
    public TypicalTasks counted() {
        return counts.isEmpty() ? new TypicalTasks(List.of(), List.of()) : TypicalTasks.fromCounts(counts, coverage);
    }

    /** The mix in use: the one last re-counted and kept. */
    public TypicalTasks current() {
        return current;
    }

    /** Bumped each time the mix in use is replaced. */
    public long version() {
        return version;
    }

    /** Requests observed (not counting the warm start). */
    public long seen() {
        return seen;
    }
}
