package io.computenet.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Accumulates logged events into the columns of a {@link Curve}. */
final class CurveBuilder {

    private final long capacity;
    private double[] allocSum = new double[256];
    private double[] fragSum = new double[256];
    private long[] count = new long[256];
    private int maxColumn = -1;

    CurveBuilder(long capacityMilli) {
        this.capacity = capacityMilli;
    }

    void log(long arrivedMilli, long usedMilli, double fragmentMilli) {
        int column = new BigDecimal(arrivedMilli * 100).divide(BigDecimal.valueOf(capacity), 0,
                RoundingMode.HALF_EVEN).intValueExact();
        if (column >= count.length) {
            int size = Math.max(column + 1, count.length * 2);
            allocSum = Arrays.copyOf(allocSum, size);
            fragSum = Arrays.copyOf(fragSum, size);
            count = Arrays.copyOf(count, size);
        }
        allocSum[column] += Math.round(10000.0 * usedMilli / capacity) / 100.0;
        fragSum[column] += 100.0 * fragmentMilli / capacity;
        count[column]++;
        maxColumn = Math.max(maxColumn, column);
    }

    Curve build() {
        List<Curve.Point> points = new ArrayList<>();
        for (int k = 0; k <= maxColumn; k++) {
            if (count[k] > 0) {
                points.add(point(k, allocSum[k], fragSum[k], count[k]));
            } else {
                double a = 0;
                double f = 0;
                long n = 0;
                for (int j = Math.max(0, k - 1); j <= Math.min(maxColumn, k + 1); j++) {
                    a += allocSum[j];
                    f += fragSum[j];
                    n += count[j];
                }
                if (n > 0) {
                    points.add(point(k, a, f, n));
                }
            }
        }
        return new Curve(points);
    }

    private static Curve.Point point(int k, double alloc, double frag, long n) {
        return new Curve.Point(k, Math.round(100 * alloc / n) / 100.0, Math.round(100 * frag / n) / 100.0);
    }
}
