package io.computenet.contracts;

import io.computenet.contracts.inference.EndpointUsageEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointUsageEventTest {

    private static final Instant END = Instant.parse("2026-12-07T10:00:01Z");

    @Test
    void theSameReportEndpointAndKeyGiveTheSameEventIdSoARedeliveryCountsOnce() {
        // when
        EndpointUsageEvent first = EndpointUsageEvent.of("r-1", "t", "ep-1", "chat", "k-1", END.minusSeconds(1), END,
                2, 10, 20);
        EndpointUsageEvent again = EndpointUsageEvent.of("r-1", "t", "ep-1", "chat", "k-1", END.minusSeconds(1), END,
                2, 10, 20);
        EndpointUsageEvent otherKey = EndpointUsageEvent.of("r-1", "t", "ep-1", "chat", "k-2", END.minusSeconds(1),
                END, 2, 10, 20);

        // then
        assertThat(again.eventId()).isEqualTo(first.eventId());
        assertThat(otherKey.eventId()).isNotEqualTo(first.eventId());
        assertThat(first.key()).isEqualTo("ep-1");
        assertThat(EventCodec.decode(EventCodec.encode(first), EndpointUsageEvent.class)).isEqualTo(first);
    }

    @Test
    void refusesNegativeCountsTokensWithoutRequestsAWindowBackwardsAndAMissingTenant() {
        // then
        assertThat(EndpointUsageEvent.of("r", "t", "ep", "n", "k", END, END, 1, -1, 0).problems())
                .anySatisfy(p -> assertThat(p).startsWith("promptTokens"));
        assertThat(EndpointUsageEvent.of("r", "t", "ep", "n", "k", END, END, 0, 3, 0).problems())
                .anySatisfy(p -> assertThat(p).contains("tokens without a request"));
        assertThat(EndpointUsageEvent.of("r", "t", "ep", "n", "k", END.plusSeconds(5), END, 1, 1, 1).problems())
                .anySatisfy(p -> assertThat(p).startsWith("windowStart"));
        assertThatThrownBy(() -> EventCodec.decode(EventCodec.encode(
                EndpointUsageEvent.of("r", " ", "ep", "n", "k", END, END, 1, 1, 1)), EndpointUsageEvent.class))
                .hasMessageContaining("tenantId");
    }
}
