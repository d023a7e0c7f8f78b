package io.computenet.benchmarks;

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

    private ParserCpuProbe() {
    }

    public static void main(String[] args) {
        VendorParserBenchmark benchmark = new VendorParserBenchmark();
        benchmark.setUp();
        Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
        calls.put("nvidiaSmiCsv", benchmark::nvidiaSmiCsv);
        calls.put("npuSmiInfo", benchmark::npuSmiInfo);
        calls.put("cnmon", benchmark::cnmon);
        calls.put("cnmonInfo", benchmark::cnmonInfo);
        calls.put("nvidiaSmiMigLgip", benchmark::nvidiaSmiMigLgip);
        calls.put("nvidiaSmiCsvWithMigProfiles", benchmark::nvidiaSmiCsvWithMigProfiles);
        for (Map.Entry<String, Supplier<Object>> call : calls.entrySet()) {
            CpuProbe.Result r = CpuProbe.measure(call.getValue());
            System.out.printf("%-28s cpu us/op min %8.1f median %8.1f max %8.1f   alloc %,9d B/op%n", call.getKey(),
                    r.minMicros(), r.medianMicros(), r.maxMicros(), r.bytesPerCall());
        }
    }
}
