package io.computenet.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link CapacityIndexBenchmark} operations (and, with {@code --scan}, {@link PlannerBenchmark}'s scan of the same
 * fleet; with {@code --gang}, instead of the index, its 4 x 8 gang decision over the gang fleet; with
 * {@code --policy NAME}, the index under that policy instead of binpack) measured by the benchmark thread's own CPU time and allocation per operation, like {@link ParserCpuProbe}:
 * for a machine that is not quiet, where time spent waiting for a core would otherwise count. Not a replacement for
 * JMH (no fork, no blackhole, no percentiles).
 *
 * <p>Per operation: 3 s of warm-up, then seven rounds of 1 s; prints the minimum, median and maximum CPU µs per
 * operation, the operations per CPU second that the median gives, and the bytes allocated per operation.
 */
public final class PlacementCpuProbe {

    private PlacementCpuProbe() {
    }

    public static void main(String[] args) {
        Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
        if (Arrays.asList(args).contains("--gang")) {
            PlannerBenchmark planner = new PlannerBenchmark();
            PlannerBenchmark.GangFleet gangs = new PlannerBenchmark.GangFleet();
            gangs.setUp();
            calls.put("planner.planGang", () -> planner.planGang(gangs));
        } else {
            CapacityIndexBenchmark index = new CapacityIndexBenchmark();
            int at = Arrays.asList(args).indexOf("--policy");
            index.policy = at >= 0 && at + 1 < args.length ? args[at + 1] : "binpack";
            index.setUp();
            calls.put("index.placeAndRelease", index::placeAndRelease);
            calls.put("index.plan", index::plan);
        }
        if (Arrays.asList(args).contains("--scan")) {
            PlannerBenchmark planner = new PlannerBenchmark();
            PlannerBenchmark.MixedFleet fleet = new PlannerBenchmark.MixedFleet();
            fleet.setUp();
            calls.put("planner.planMixedFleet", () -> planner.planMixedFleet(fleet));
        }
        for (Map.Entry<String, Supplier<Object>> call : calls.entrySet()) {
            CpuProbe.Result r = CpuProbe.measure(call.getValue());
            System.out.printf("%-24s cpu us/op min %9.2f median %9.2f max %9.2f   ops per cpu-second %,10.0f"
                    + "   alloc %,9d B/op%n", call.getKey(), r.minMicros(), r.medianMicros(), r.maxMicros(),
                    1e6 / r.medianMicros(), r.bytesPerCall());
        }
    }
}
