package io.computenet.billing.delivery;

import io.computenet.contracts.EventDecodingException;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Which failures to apply a Kafka record can never succeed (the record goes to the dead-letter topic) and which may
 * pass (retried, never dead-lettered), purely. Permanent: the record does not decode or breaks the event's rules
 * ({@link EventDecodingException}, {@link IllegalArgumentException}), or PostgreSQL refuses its data (SQLSTATE class
 * 22 data exception, 23 integrity violation). Everything else (the database down or restarting, a lost connection,
 * a serialization failure or deadlock, a timeout) is transient.
 */
public final class Failures {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private Failures() {
    }

    public static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EventDecodingException || t instanceof IllegalArgumentException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** The wait before try {@code attempt} (1-based) after a transient failure: doubling from 100 ms to 10 s. */
    public static Duration backoff(int attempt) {
        Duration wait = FIRST_BACKOFF;
        for (int i = 1; i < attempt && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
}
