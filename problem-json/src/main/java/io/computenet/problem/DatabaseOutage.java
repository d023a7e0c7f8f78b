package io.computenet.problem;

import java.sql.SQLException;

/**
 * Whether a failure is the database being out of reach for a while (restarting, shutting down, a connection lost):
 * a request that met it may pass when tried again, so it is answered 503 with {@code Retry-After}, not a 500 that
 * says the request itself broke something. Decided from the SQLSTATE of any {@link SQLException} in the cause chain:
 * class 08 (connection exception) and 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now).
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
