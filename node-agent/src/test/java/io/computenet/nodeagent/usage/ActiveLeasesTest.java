package io.computenet.nodeagent.usage;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseAssignment;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveLeasesTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    /** The assignment the scheduler derives from a lease event (none for lease.scheduled). */
    private static java.util.Optional<LeaseAssignment> assignmentOf(String type, String leaseId, LeaseState state) {
        return LeaseAssignment.of(LeaseEvent.of(type, T, leaseId, "t", state, "r", "c", "node-1", "op", Vendor.NVIDIA,
                "H100", 1, 1024, List.of("GPU-1"), T, type.equals(LeaseEvent.TYPE_ENDED) ? T : null, null));
    }

    @Test
    void tracksStartedLeasesUntilTheyEnd() {
        // given
        ActiveLeases leases = new ActiveLeases();

        // when
        assignmentOf(LeaseEvent.TYPE_SCHEDULED, "a", LeaseState.SCHEDULED).ifPresent(leases::apply);
        assignmentOf(LeaseEvent.TYPE_STARTED, "a", LeaseState.RUNNING).ifPresent(leases::apply);
        assignmentOf(LeaseEvent.TYPE_STARTED, "b", LeaseState.RUNNING).ifPresent(leases::apply);
        assignmentOf(LeaseEvent.TYPE_ENDED, "b", LeaseState.RELEASED).ifPresent(leases::apply);

        // then
        assertThat(leases.all()).extracting(ActiveLeases.ActiveLease::leaseId).containsExactly("a");
        assertThat(leases.all().get(0).deviceKeys()).containsExactly("GPU-1");
    }

    @Test
    void aStartedEventReplayedAfterTheEndDoesNotReviveTheLease() {
        // given
        ActiveLeases leases = new ActiveLeases();
        assignmentOf(LeaseEvent.TYPE_STARTED, "a", LeaseState.RUNNING).ifPresent(leases::apply);
        assignmentOf(LeaseEvent.TYPE_ENDED, "a", LeaseState.RELEASED).ifPresent(leases::apply);

        // when
        assignmentOf(LeaseEvent.TYPE_STARTED, "a", LeaseState.RUNNING).ifPresent(leases::apply);

        // then
        assertThat(leases.all()).isEmpty();
    }
}
