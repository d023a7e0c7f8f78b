package io.computenet.billing.delivery;

import io.computenet.contracts.EventDecodingException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0} permanent: {1}")
    @CsvSource({
            "08001, false",  // cannot connect: the database is down
            "08006, false",  // connection lost
            "57P01, false",  // admin shutdown (a restart)
            "40001, false",  // serialization failure
            "40P01, false",  // deadlock
            "53300, false",  // too many connections
            "23505, true",   // unique violation: the data can never be stored
            "22003, true",   // numeric out of range
    })
    void classifiesDatabaseFailuresBySqlState(String sqlState, boolean permanent) {
        // given: as Hibernate wraps it
        RuntimeException failure = new RuntimeException("could not execute statement",
                new SQLException("boom", sqlState));

        // then
        assertThat(Failures.permanent(failure)).isEqualTo(permanent);
    }

    @Test
    void aRecordThatDoesNotDecodeOrBreaksTheRulesIsPermanent() {
        assertThat(Failures.permanent(new EventDecodingException("not a LeaseEvent", null))).isTrue();
        assertThat(Failures.permanent(new IllegalStateException("x", new IllegalArgumentException("share")))).isTrue();
        assertThat(Failures.permanent(new IllegalStateException("connection pool exhausted"))).isFalse();
    }

    @Test
    void backsOffDoublingUpToTenSeconds() {
        assertThat(Failures.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(Failures.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(Failures.backoff(8)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Failures.backoff(1000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void retriesATransientFailureUntilItPassesAndNeverRethrowsIt() {
        // given: the database is down for the first two tries
        Deliveries deliveries = new Deliveries();
        deliveries.registry = new SimpleMeterRegistry();
        AtomicInteger tries = new AtomicInteger();

        // when
        deliveries.apply("lease-events", "t-0@1", () -> {
            if (tries.incrementAndGet() <= 2) {
                throw new RuntimeException(new SQLException("Connection refused", "08001"));
            }
        });

        // then
        assertThat(tries).hasValue(3);
        assertThat(deliveries.registry.counter("computenet.billing.delivery.retries", "channel", "lease-events")
                .count()).isEqualTo(2.0);
        assertThat(deliveries.registry.counter("computenet.billing.dead.lettered", "channel", "lease-events")
                .count()).isZero();
    }

    @Test
    void rethrowsAndCountsARecordThatCanNeverBeApplied() {
        // given
        Deliveries deliveries = new Deliveries();
        deliveries.registry = new SimpleMeterRegistry();
        AtomicInteger tries = new AtomicInteger();

        // then
        assertThatThrownBy(() -> deliveries.apply("usage", "t-0@2", () -> {
            tries.incrementAndGet();
            throw new EventDecodingException("empty record", null);
        })).isInstanceOf(EventDecodingException.class);
        assertThat(tries).hasValue(1);
        assertThat(deliveries.registry.counter("computenet.billing.dead.lettered", "channel", "usage").count())
                .isEqualTo(1.0);
    }
}
