package io.computenet.scheduler.decision;

import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * The lease requests one allocation transaction decided, held until the transaction's end is known and then handed to
 * the learning placement policies (the task mix learned online): a request is counted once, when its answer stands.
 *
 * <p>What counts is what the trace replay counts: every task that arrives, placed or not ({@code PolicyPlacer.place}
 * tells the policy of each task, one that fits nowhere included). So a request placed, placed by preempting or
 * queued counts when its transaction commits, and a request the decision refuses counts too, once the refusal is its
 * answer:
 * <ul>
 *   <li>in a batch ({@link #decided}), a refused request is answered alone while the batch goes on, so it counts when
 *   the batch commits, like the others;</li>
 *   <li>a request on its own ({@link #refusedAlone}) is refused by throwing, which rolls its transaction back: that
 *   rollback is the refusal itself, so it counts whatever the transaction's end.</li>
 * </ul>
 * Nothing else counts after a rollback: a batch that fails as a whole (its requests are then tried one by one and
 * counted there), a database error, a request refused after it started writing. A request retried is thus counted
 * once, by the try whose answer stands.
 *
 * <p>Pure and not thread-safe: one per transaction, which runs on one thread.
 */
public final class LearnedArrivals {

    /** A request decided: where it was placed ({@code placed}, null when queued or refused). */
    public record Arrival(PlacementRequest request, Placement placed, boolean countsOnRollback) {
    }

    private final List<Arrival> arrivals = new ArrayList<>();

    /** A request decided in this transaction (placed, queued, or refused alone within a batch): counts on commit. */
    public void decided(PlacementRequest request, Placement placed) {
        arrivals.add(new Arrival(request, placed, false));
    }

    /** A request refused on its own, whose refusal rolls this transaction back: it counts whatever the end. */
    public void refusedAlone(PlacementRequest request) {
        arrivals.add(new Arrival(request, null, true));
    }

    /** What the learner counts, in arrival order, now that the transaction has committed or rolled back. */
    public List<Arrival> toCount(boolean committed) {
        return committed ? List.copyOf(arrivals)
                : arrivals.stream().filter(Arrival::countsOnRollback).toList();
    }
}
