package io.computenet.problem;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {

    @ParameterizedTest(name = "SQLSTATE {0}: outage {1}")
    @CsvSource({
            "08006, true",  // connection failure: PostgreSQL stopped under an open connection
            "08001, true",  // cannot connect
            "57P01, true",  // admin shutdown: a fast stop ends the session
            "57P03, true",  // cannot connect now: starting up or recovering
            "23505, false", // unique violation: the request's own doing
            "40001, false", // serialization failure: retried inside the service, a 500 if it escapes
            "42P01, false"  // undefined table: a bug
    })
    void aFailureIsAnOutageOnlyWhenTheDatabaseIsOutOfReach(String sqlState, boolean outage) {
        // given: the SQLException wrapped as Hibernate and the service wrap it
        RuntimeException failure = new RuntimeException("JDBC exception executing SQL",
                new IllegalStateException(new SQLException("An I/O error occurred", sqlState)));

        // when / then
        assertThat(DatabaseOutage.is(failure)).isEqualTo(outage);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"no cause", "no state"})
    void aFailureWithoutASqlStateIsNoOutage(String kind) {
        // given
        Throwable failure = kind.equals("no cause") ? new IllegalStateException("boom")
                : new RuntimeException(new SQLException("no state"));

        // when / then
        assertThat(DatabaseOutage.is(failure)).isFalse();
    }
}
