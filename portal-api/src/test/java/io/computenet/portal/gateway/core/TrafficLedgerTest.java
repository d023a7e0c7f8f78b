package io.computenet.portal.gateway.core;

import io.computenet.contracts.api.endpoint.TrafficReport;
import io.computenet.portal.SettableClock;
import io.computenet.contracts.api.endpoint.TrafficReport.EndpointTraffic;
import io.computenet.contracts.api.endpoint.TrafficReport.KeyTraffic;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficLedgerTest {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");
    private final AtomicLong ids = new AtomicLong();
    private final SettableClock clock = new SettableClock(T0);
    private final TrafficLedger ledger = new TrafficLedger(clock, () -> new UUID(0, ids.incrementAndGet()));

    @Test
    void hasNothingToReportWithoutTraffic() {
        assertThat(ledger.next()).isEmpty();
    }

    @Test
    void countsRequestsAndTokensPerEndpointAndKey() {
        // given
        ledger.started("ep-a");
        ledger.finished("ep-a", "k1", new Usage(10, 5));
        ledger.started("ep-a");
        ledger.finished("ep-a", "k2", new Usage(3, 1));
        ledger.started("ep-a");
        ledger.finished("ep-a", "k1", Usage.NONE);
        clock.set(T0.plusSeconds(1));
        // when
        TrafficReport report = ledger.next().orElseThrow();
        // then
        assertThat(report.windowStart()).isEqualTo(T0);
        assertThat(report.windowEnd()).isEqualTo(T0.plusSeconds(1));
        assertThat(report.endpoints()).containsExactly(new EndpointTraffic("ep-a", 0, 0, 3, 13, 6, java.util.List.of(
                new KeyTraffic("k1", 2, 10, 5), new KeyTraffic("k2", 1, 3, 1))));
    }

    @Test
    void reportsRequestsInFlightAndWaitingAsGauges() {
        // given
        ledger.started("ep-a");
        ledger.waiting("ep-b");
        ledger.waiting("ep-b");
        ledger.waited("ep-b");
        // when
        TrafficReport first = ledger.next().orElseThrow();
        ledger.delivered(first.reportId());
        TrafficReport second = ledger.next().orElseThrow();
        // then: the gauges stay while the requests do; the counters do not repeat
        assertThat(first.endpoints()).containsExactlyInAnyOrder(
                new EndpointTraffic("ep-a", 1, 0, 0, 0, 0, java.util.List.of()),
                new EndpointTraffic("ep-b", 0, 1, 0, 0, 0, java.util.List.of()));
        assertThat(second.endpoints()).isEqualTo(first.endpoints());
        assertThat(second.reportId()).isNotEqualTo(first.reportId());
    }

    @Test
    void resendsAnUndeliveredReportUnderItsIdAndCountsNewTrafficOnlyInTheNext() {
        // given
        ledger.started("ep-a");
        ledger.finished("ep-a", "k1", new Usage(10, 5));
        TrafficReport lost = ledger.next().orElseThrow();
        ledger.started("ep-a");
        ledger.finished("ep-a", "k1", new Usage(1, 1));
        // when: the scheduler did not take it (or its answer was lost)
        TrafficReport retried = ledger.next().orElseThrow();
        ledger.delivered(retried.reportId());
        TrafficReport following = ledger.next().orElseThrow();
        ledger.delivered(following.reportId());
        // then
        assertThat(retried).isEqualTo(lost);
        assertThat(following.reportId()).isNotEqualTo(lost.reportId());
        assertThat(following.endpoints()).extracting(EndpointTraffic::requests, EndpointTraffic::promptTokens)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1L));
        assertThat(ledger.next()).isEqualTo(Optional.empty());
    }

    @Test
    void ignoresTheAcknowledgementOfAnotherReport() {
        // given
        ledger.started("ep-a");
        TrafficReport pending = ledger.next().orElseThrow();
        // when
        ledger.delivered(new UUID(9, 9));
        // then
        assertThat(ledger.next()).contains(pending);
    }
}
