package io.computenet.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The rating core's CPU time per lease event, from the thread's own CPU clock ({@link ThreadMXBean}), so that other
 * processes on a busy machine disturb it much less than JMH's wall clock: {@link RatingBenchmark}'s setup and
 * benchmark method, 2,000,000 calls of warm-up (the JIT compiler waits for a core on a busy machine), then 7 rounds of
 * 200,000 calls; prints each round's events per CPU-second
 * and the median. Run: {@code java -cp benchmarks/target/benchmarks.jar io.computenet.benchmarks.RatingCpuProbe}.
 */
public final class RatingCpuProbe {

    private static final int CALLS = 200_000;
    private static final int ROUNDS = 7;

    private RatingCpuProbe() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RatingBenchmark benchmark = new RatingBenchmark();
        benchmark.setUp();
        long sink = 0;
        for (int i = 0; i < 10 * CALLS; i++) {
            sink += benchmark.rateOneLease().lines().size();
        }
        double[] perSecond = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CALLS; i++) {
                sink += benchmark.rateOneLease().lines().size();
            }
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
            perSecond[round] = CALLS * 1e9 / cpuNanos;
            System.out.printf("round %d: %,.0f events per CPU-second (%.2f µs CPU per event)%n", round + 1,
                    perSecond[round], cpuNanos / 1e3 / CALLS);
        }
        double[] sorted = perSecond.clone();
        Arrays.sort(sorted);
        System.out.printf("median: %,.0f events per CPU-second on one thread (lines rated: %d)%n",
                sorted[ROUNDS / 2], sink);
    }
}
