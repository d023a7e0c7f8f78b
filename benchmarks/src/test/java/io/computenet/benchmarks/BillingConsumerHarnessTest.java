package io.computenet.benchmarks;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.lease.LeaseEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingConsumerHarnessTest {

    @Test
    void defaultsTo200000EventsAndRefusesWhatItCannotDo() {
        // when
        FocusExportOptions o = BillingConsumerHarness.parse();

        // then: 200,000 events on the devstack's billing heap; no export to check; events in whole leases of five
        assertThat(o.rows()).isEqualTo(200_000);
        assertThat(o.billingHeap()).isEqualTo("96m");
        assertThatThrownBy(() -> BillingConsumerHarness.parse("--check")).hasMessageContaining("--check");
        assertThatThrownBy(() -> BillingConsumerHarness.parse("--rows", "1002")).hasMessageContaining("multiple of 5");
    }

    @Test
    void writesEachLeaseAsTheSchedulerDoesInOrderUnderItsKey() {
        // when
        var records = BillingConsumerHarness.records(4, 100);

        // then: scheduled, started, two samples while it ran, ended; all keyed by the lease
        assertThat(records).extracting(r -> r.topic()).containsExactly(Topics.LEASE_EVENTS, Topics.LEASE_EVENTS,
                Topics.USAGE_VERIFIED, Topics.USAGE_VERIFIED, Topics.LEASE_EVENTS);
        assertThat(records).extracting(r -> r.key()).containsOnly("ls-bench-00000004");
        var events = records.stream().filter(r -> r.topic().equals(Topics.LEASE_EVENTS))
                .map(r -> EventCodec.decode(r.value(), LeaseEvent.class)).toList();
        assertThat(events).extracting(e -> e.type()).containsExactly("lease.scheduled", "lease.started",
                "lease.ended");
        assertThat(events).allSatisfy(e -> assertThat(e.problems()).isEmpty());
        assertThat(events.get(2).endedAt()).isAfter(events.get(1).startedAt());
        assertThat(events.get(2).interruptible()).isTrue();
    }
}
