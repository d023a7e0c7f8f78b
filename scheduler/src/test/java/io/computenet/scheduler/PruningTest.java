package io.computenet.scheduler;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pruning runs its delete batches until one comes back short, and a failure only postpones the rest. */
class PruningTest {

    @Test
    void deletesBatchAfterBatchUntilOneComesBackShort() {
        ArrayDeque<Integer> batches = new ArrayDeque<>(List.of(10, 10, 3, 10));

        int deleted = Pruning.inBatches(batches::poll, 10, "test rows");

        assertThat(deleted).isEqualTo(23);
        assertThat(batches).containsExactly(10); // the batch after the short one never ran
    }

    @Test
    void aFailingBatchEndsThisRunWithWhatWasDeletedBefore() {
        ArrayDeque<Integer> batches = new ArrayDeque<>(List.of(10, 10));
        int[] calls = {0};

        int deleted = Pruning.inBatches(() -> {
            if (++calls[0] == 3) {
                throw new IllegalStateException("database gone");
            }
            return batches.poll();
        }, 10, "test rows");

        assertThat(deleted).isEqualTo(20);
        assertThat(calls[0]).isEqualTo(3);
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefusedNamingItsKey() {
        assertThat(Pruning.retention("computenet.scheduler.retention.outbox", java.time.Duration.ofHours(24)))
                .isEqualTo(java.time.Duration.ofHours(24));
        for (java.time.Duration bad : new java.time.Duration[] {java.time.Duration.ZERO,
                java.time.Duration.ofMinutes(-5), null}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pruning.retention(
                            "computenet.scheduler.retention.event-ids", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("computenet.scheduler.retention.event-ids: a retention must be positive, was " + bad);
        }
    }
}
