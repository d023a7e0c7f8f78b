package io.computenet.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of latencies recorded in microseconds, reported in milliseconds.
 *
 * @param count how many were recorded
 */
record LatencySummary(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs, double meanMs) {

    /** A histogram for latencies in microseconds, 3 significant digits, up to an hour. */
    static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySummary(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()),
                micros.getMean() / 1000.0);
    }

    /** {@code p50 1.2 / p90 3.4 / p99 5.6 / max 7.8 ms (mean 2.0, n 1,000)}. */
    String format() {
        return String.format("p50 %s / p90 %s / p99 %s / max %s ms (mean %s, n %,d)", num(p50Ms), num(p90Ms),
                num(p99Ms), num(maxMs), num(meanMs), count);
    }

    static String num(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return ms >= 100 ? String.format("%.0f", ms) : String.format("%.1f", ms);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
