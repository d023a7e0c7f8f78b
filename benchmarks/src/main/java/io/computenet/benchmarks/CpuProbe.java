package io.computenet.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A call measured by the calling thread's own CPU time and allocation, for a machine that is not quiet: time spent
 * waiting for a core does not count, and allocation does not depend on the load. Not a replacement for JMH (no forks,
 * no blackhole). 3 s of warm-up, then seven rounds of 1 s.
 */
final class CpuProbe {

    /** CPU microseconds per call (minimum, median, maximum over the rounds) and bytes allocated per call. */
    record Result(double minMicros, double medianMicros, double maxMicros, long bytesPerCall) {
    }

    private static final int ROUNDS = 7;
    private static volatile Object sink;

    private CpuProbe() {
    }

    static Result measure(Supplier<Object> call) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            sink = call.get();
        }
        double[] cpuMicros = new double[ROUNDS];
        long bytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getThreadAllocatedBytes(thread);
            int calls = 0;
            long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end) {
                sink = call.get();
                calls++;
            }
            cpuMicros[round] = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / calls;
            bytes = (threads.getThreadAllocatedBytes(thread) - allocated) / calls;
        }
        Arrays.sort(cpuMicros);
        return new Result(cpuMicros[0], cpuMicros[ROUNDS / 2], cpuMicros[ROUNDS - 1], bytes);
    }
}
