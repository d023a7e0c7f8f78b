package io.computenet.billing.invoice;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native query rows as Java types. */
public final class Rows {

    private Rows() {
    }

    public static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof java.sql.Timestamp t ? t.toInstant() : null;
    }

    public static String text(Object value) {
        return value == null ? null : value.toString().trim();
    }
}
