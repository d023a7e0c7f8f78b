package io.computenet.placement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity index makes every decision the planner makes: random fleets of mixed vendors and slice tables, with
 * random prior allocations, take thousands of random requests of every kind; each answer of the index is compared
 * with {@link Planner#plan} on the equivalent snapshot (placement, slice and reasons alike), and each placement is
 * booked on both. Releases, draining, and nodes added, replaced and removed are mixed in.
 */
class CapacityIndexEquivalenceTest {

    @ParameterizedTest(name = "seed {0}: {1} nodes, {2} device kinds, {3} steps")
    @CsvSource({
            "1, 40, 13, 3000",
            "2, 120, 13, 3000",
            "3, 60, 4, 3000",    // few kinds: many equal candidates, decided by the tie-breaks
            "4, 8, 3, 2000",     // a tiny fleet: mostly full, most requests refused
            "5, 250, 13, 2500",
            "6, 30, 7, 3000"})
    void indexAnswersEveryRequestAsThePlannerDoesOnTheSameSnapshot(long seed, int size, int kinds, int steps) {
        // given a random fleet, once as a snapshot and once indexed
        TwinFleet fleet = new TwinFleet(seed, size, kinds, (node, random) -> node);
        Random random = fleet.random();
        int placed = 0;
        int refused = 0;

        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(100);
            if (action < 55 || fleet.holdsNoLease()) {
                // when the same request is planned on both, then the answers are the same (and a placement booked)
                boolean booked = fleet.plan("seed " + seed + " step " + step,
                        request -> Planner.plan(request, fleet.snapshot()), fleet.index()::plan);
                if (booked) {
                    placed++;
                } else {
                    refused++;
                }
            } else if (action < 88) {
                fleet.releaseOne();
            } else if (action < 95) {
                fleet.toggleOne();
            } else if (action < 98 || fleet.snapshot().size() < 2) {
                fleet.putOne();
            } else if (random.nextBoolean()) {
                assertThat(fleet.removeOne()).isTrue();
            }
            if (step % 250 == 0) {
                assertThat(fleet.index().snapshot()).as("seed %d step %d", seed, step).isEqualTo(fleet.snapshot());
            }
        }

        // and the run exercised both outcomes
        assertThat(fleet.index().snapshot()).isEqualTo(fleet.snapshot());
        assertThat(placed).as("placements").isGreaterThan(steps / 20);
        assertThat(refused).as("refusals").isGreaterThan(steps / 50);
    }
}
