package io.computenet.portal.input;

/**
 * The rules of the public API's path and query parameters, as Bean Validation patterns, so the portal refuses a bad
 * one itself (400 naming it) instead of passing it on to the scheduler or billing.
 */
public final class Parameters {

    /** An id in a path: a lease, node, endpoint, key, invoice number or operator (no control character, no '/'). */
    public static final String ID = "[^\\p{Cntrl}/]{1,128}";
    public static final String ID_MESSAGE = "must be 1 to 128 characters without control characters or '/'";

    /** A month, {@code YYYY-MM}. */
    public static final String MONTH = "[0-9]{4}-(0[1-9]|1[0-2])";
    public static final String MONTH_MESSAGE = "must be a month as YYYY-MM";

    /** A month, or empty for the current one. */
    public static final String MONTH_OR_EMPTY = "(" + MONTH + ")?";

    /** An export's format, csv when empty (billing's {@code ExportFormat} ids, any case). */
    public static final String EXPORT_FORMAT = "(?i)(csv|focus|endpoint-usage)?";
    public static final String EXPORT_FORMAT_MESSAGE = "must be csv, focus or endpoint-usage";

    private Parameters() {
    }
}
