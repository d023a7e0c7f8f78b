package io.computenet.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One scrape of a Prometheus text endpoint ({@code /q/metrics}), and what two scrapes say about a timer in between:
 * how many calls, their mean, and percentiles from the histogram buckets when the timer publishes them.
 */
final class PrometheusScrape {

    /** One sample line: metric name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = samples;
    }

    List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }

    /** Parses the text format; comments, blank and malformed lines are skipped. */
    static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            parseLine(l).ifPresent(samples::add);
        }
        return new PrometheusScrape(samples);
    }

    static Optional<Sample> parseLine(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (i < line.length() && line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    return Optional.empty();
                }
                String key = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (j < line.length() && line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\' && j + 1 < line.length()) {
                        char n = line.charAt(++j);
                        value.append(n == 'n' ? '\n' : n);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                if (j >= line.length()) {
                    return Optional.empty();
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String rest = i < line.length() ? line.substring(i).strip() : "";
        if (name.isEmpty() || rest.isEmpty()) {
            return Optional.empty();
        }
        String number = rest.split("\\s+")[0];
        try {
            return Optional.of(new Sample(name, labels, parseValue(number)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** The sum of the samples called {@code name} whose labels pass {@code labels}. */
    double sum(String name, Predicate<Map<String, String>> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels()))
                .mapToDouble(Sample::value).sum();
    }

    /** Cumulative bucket counts of a histogram by upper bound ({@code le}), summed over matching series. */
    TreeMap<Double, Double> buckets(String name, Predicate<Map<String, String>> labels) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name().equals(name + "_bucket") && labels.test(s.labels()) && s.labels().containsKey("le")) {
                buckets.merge(parseValue(s.labels().get("le")), s.value(), Double::sum);
            }
        }
        return buckets;
    }

    /**
     * What a timer ({@code <base>_seconds_count/_sum/_bucket}) did between {@code before} and {@code after}.
     *
     * @param count     calls in between
     * @param meanMs    their mean duration
     * @param p50Ms     median from the buckets (linear within a bucket), NaN without buckets
     * @param p99Ms     99th percentile, likewise
     */
    record TimerWindow(long count, double meanMs, double p50Ms, double p99Ms) {

        static TimerWindow between(PrometheusScrape before, PrometheusScrape after, String base,
                                   Predicate<Map<String, String>> labels) {
            double count = after.sum(base + "_count", labels) - before.sum(base + "_count", labels);
            double sum = after.sum(base + "_sum", labels) - before.sum(base + "_sum", labels);
            TreeMap<Double, Double> b0 = before.buckets(base, labels);
            TreeMap<Double, Double> b1 = after.buckets(base, labels);
            TreeMap<Double, Double> delta = new TreeMap<>();
            b1.forEach((le, c) -> delta.put(le, c - b0.getOrDefault(le, 0.0)));
            return new TimerWindow(Math.round(count), count > 0 ? sum * 1000 / count : Double.NaN,
                    quantileMs(delta, 0.50), quantileMs(delta, 0.99));
        }

        /**
         * The {@code q} quantile of cumulative bucket counts, in ms: linear interpolation inside the bucket where it
         * falls, as PromQL's {@code histogram_quantile} does; the last finite bound when it falls in {@code +Inf}.
         */
        static double quantileMs(TreeMap<Double, Double> cumulative, double q) {
            if (cumulative.isEmpty()) {
                return Double.NaN;
            }
            double total = cumulative.lastEntry().getValue();
            if (total <= 0) {
                return Double.NaN;
            }
            double rank = q * total;
            double lowerBound = 0;
            double lowerCount = 0;
            for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
                if (e.getValue() >= rank) {
                    if (e.getKey().isInfinite()) {
                        return lowerBound * 1000;
                    }
                    double inBucket = e.getValue() - lowerCount;
                    double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                    return (lowerBound + (e.getKey() - lowerBound) * fraction) * 1000;
                }
                lowerBound = e.getKey().isInfinite() ? lowerBound : e.getKey();
                lowerCount = e.getValue();
            }
            return lowerBound * 1000;
        }
    }
}
