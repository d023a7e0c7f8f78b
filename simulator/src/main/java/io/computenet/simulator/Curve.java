package io.computenet.simulator;

import java.util.List;

/**
 * Allocation and fragmentation against arrived load, one point per whole percent of arrived GPU demand (the
 * artifact's {@code analysis_allo_discrete.csv}): column {@code k} is the mean over every logged event whose
 * arrived share rounds (half to even) to {@code k} percent; a column without events takes the events of
 * {@code k-1..k+1}; columns with neither are left out.
 *
 * @param points ascending by arrived percent
 */
public record Curve(List<Point> points) {

    /**
     * @param arrivedPct  the column
     * @param allocPct    mean allocated GPU, percent of capacity (each event rounded to 2 decimals first)
     * @param fragmentPct mean fragmentation measure, percent of capacity
     */
    public record Point(int arrivedPct, double allocPct, double fragmentPct) {
    }

    public Curve {
        points = List.copyOf(points);
    }

    /** The point at column {@code pct}, or null. */
    public Point at(int pct) {
        for (Point p : points) {
            if (p.arrivedPct() == pct) {
                return p;
            }
        }
        return null;
    }
}
