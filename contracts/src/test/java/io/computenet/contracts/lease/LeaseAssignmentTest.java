package io.computenet.contracts.lease;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseAssignmentTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static LeaseEvent event(String type, LeaseState state, String nodeId) {
        return LeaseEvent.of(type, T0, "ls-1", "tenant-lab-alpha", state, "cn-east-yrd", "wuhu-1", nodeId,
                "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", 2, 81559, List.of("GPU-1", "GPU-2"), T0,
                LeaseEvent.TYPE_ENDED.equals(type) ? T0.plusSeconds(60) : null, "released by tenant-lab-alpha");
    }

    @Test
    void aStartedLeaseAssignsItsDevicesToItsNodeWithoutTenantData() {
        // given
        LeaseEvent started = event(LeaseEvent.TYPE_STARTED, LeaseState.RUNNING, "node-7");

        // when
        LeaseAssignment assignment = LeaseAssignment.of(started).orElseThrow();

        // then
        assertThat(assignment.type()).isEqualTo(LeaseAssignment.TYPE_ASSIGNED);
        assertThat(assignment.key()).isEqualTo("node-7");
        assertThat(assignment.leaseId()).isEqualTo("ls-1");
        assertThat(assignment.deviceKeys()).containsExactly("GPU-1", "GPU-2");
        assertThat(assignment.memoryMiBPerDevice()).isEqualTo(81559);
        assertThat(assignment.problems()).isEmpty();
        String json = EventCodec.encode(assignment);
        assertThat(json).doesNotContain("tenant").doesNotContain("op-demo").doesNotContain("released by");
        assertThat(EventCodec.decode(json, LeaseAssignment.class)).isEqualTo(assignment);
    }

    @Test
    void anEndedLeaseUnassignsAndAScheduledOneMeansNothingYet() {
        // given
        LeaseEvent ended = event(LeaseEvent.TYPE_ENDED, LeaseState.RELEASED, "node-7");
        LeaseEvent scheduled = event(LeaseEvent.TYPE_SCHEDULED, LeaseState.SCHEDULED, "node-7");

        // when / then
        assertThat(LeaseAssignment.of(ended)).get().extracting(LeaseAssignment::type)
                .isEqualTo(LeaseAssignment.TYPE_UNASSIGNED);
        assertThat(LeaseAssignment.of(scheduled)).isEmpty();
    }

    @Test
    void derivingTwiceGivesTheSameEventId() {
        // given
        LeaseEvent started = event(LeaseEvent.TYPE_STARTED, LeaseState.RUNNING, "node-7");

        // when / then
        assertThat(LeaseAssignment.of(started).orElseThrow().eventId())
                .isEqualTo(LeaseAssignment.of(started).orElseThrow().eventId())
                .isNotEqualTo(started.eventId());
    }
}
