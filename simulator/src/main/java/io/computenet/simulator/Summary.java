package io.computenet.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A markdown table of replay results: one row per policy, means (and standard deviation) over the seeds. */
public final class Summary {

    private Summary() {
    }

    public static String markdown(String tasksFile, double load, List<Long> seeds, Map<String,
            List<ReplayResult>> results) {
        int column = (int) Math.round(load * 100);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n%s, load %s, seeds %s (means over %d seeds)%n%n", tasksFile,
                ReplayResult.formatLoad(load), seeds.size() == 1 ? seeds.get(0) : seeds.get(0) + ".."
                        + seeds.get(seeds.size() - 1), seeds.size()));
        sb.append("| policy | allocated GPU % (end) | sd | column ").append(column)
                .append(" | unallocated GPUs | failed tasks | failed GPUs | fragmentation % | tasks/s | "
                        + "replay s | p99 µs |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        results.forEach((policy, rs) -> {
            double alloc = mean(rs.stream().mapToDouble(ReplayResult::allocatedPct).toArray());
            double sd = sd(rs.stream().mapToDouble(ReplayResult::allocatedPct).toArray(), alloc);
            double col = mean(rs.stream().mapToDouble(r -> {
                Curve.Point p = r.curve().at(column);
                return p == null ? Double.NaN : p.allocPct();
            }).toArray());
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f | %.2f | %.0f | %.2f "
                            + "| %.0f |%n", policy, alloc, sd, col,
                    mean(rs.stream().mapToDouble(ReplayResult::unallocatedGpus).toArray()),
                    mean(rs.stream().mapToDouble(ReplayResult::failed).toArray()),
                    mean(rs.stream().mapToDouble(r -> r.failedGpuMilli() / 1000.0).toArray()),
                    mean(rs.stream().mapToDouble(ReplayResult::fragmentPct).toArray()),
                    mean(rs.stream().mapToDouble(ReplayResult::decisionsPerSecond).toArray()),
                    mean(rs.stream().mapToDouble(ReplayResult::seconds).toArray()),
                    mean(rs.stream().mapToDouble(r -> r.p99Nanos() / 1000.0).toArray())));
        });
        return sb.toString();
    }

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return xs.length == 0 ? Double.NaN : s / xs.length;
    }

    static double sd(double[] xs, double mean) {
        if (xs.length < 2) {
            return 0;
        }
        double s = 0;
        for (double x : xs) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (xs.length - 1));
    }
}
