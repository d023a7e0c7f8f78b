package io.computenet.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link VendorParserBenchmark} calls measured by the benchmark thread's own CPU time and allocation per call,
 * for comparing parser versions on a machine that is not quiet: time spent waiting for a core does not count, and
 * allocation does not depend on the load. It is not a replacement for JMH (no forks, no blackhole): use JMH's
 * numbers when the machine is quiet.
 *
 * <p>Per benchmark: 3 s of warm-up, then seven rounds of 1 s; prints the minimum, median and maximum CPU µs per
 * call over the rounds and the bytes allocated per call.</p>
 */
public final class ParserCpuProbe {

    private static volatile Object sink;

    private ParserCpuProbe() {
    }

    public static void main(String[] args) {
        VendorParserBenchmark benchmark = new VendorParserBenchmark();
        benchmark.setUp();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
        calls.put("nvidiaSmiCsv", benchmark::nvidiaSmiCsv);
        calls.put("npuSmiInfo", benchmark::npuSmiInfo);
        calls.put("cnmon", benchmark::cnmon);
        calls.put("cnmonInfo", benchmark::cnmonInfo);
        calls.put("nvidiaSmiMigLgip", benchmark::nvidiaSmiMigLgip);
        calls.put("nvidiaSmiCsvWithMigProfiles", benchmark::nvidiaSmiCsvWithMigProfiles);
        for (Map.Entry<String, Supplier<Object>> call : calls.entrySet()) {
            Supplier<Object> op = call.getValue();
            long warmUntil = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warmUntil) {
                sink = op.get();
            }
            double[] cpuMicros = new double[7];
            long bytes = 0;
            for (int round = 0; round < cpuMicros.length; round++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long allocated = threads.getThreadAllocatedBytes(thread);
                int calls1s = 0;
                long end = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < end) {
                    sink = op.get();
                    calls1s++;
                }
                cpuMicros[round] = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / calls1s;
                bytes = (threads.getThreadAllocatedBytes(thread) - allocated) / calls1s;
            }
            Arrays.sort(cpuMicros);
            System.out.printf("%-28s cpu us/op min %8.1f median %8.1f max %8.1f   alloc %,9d B/op%n", call.getKey(),
                    cpuMicros[0], cpuMicros[3], cpuMicros[6], bytes);
        }
    }
}
