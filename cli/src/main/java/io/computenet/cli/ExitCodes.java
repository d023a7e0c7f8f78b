package io.computenet.cli;

/**
 * The exit codes of {@code cnet}, one per kind of outcome so that scripts can tell them apart (documented in
 * cli/README.md). The API's HTTP statuses map onto them in one place, {@link #forHttpStatus}.
 */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** A fault of the client itself (a bug): reported in one line, never as a stack trace. */
    public static final int INTERNAL = 1;
    /** Bad usage: unknown option, missing argument, or a request the API rejected as invalid (400). */
    public static final int USAGE = 2;
    /** Not signed in: no stored session, the session ended or expired, or the API said 401. */
    public static final int NOT_SIGNED_IN = 3;
    /** Refused: the request is understood but not granted (403, 409 such as no capacity or over budget). */
    public static final int REFUSED = 4;
    /** Not found (404): no such lease for the caller's tenant. */
    public static final int NOT_FOUND = 5;
    /** The API or Keycloak could not be reached, or failed (5xx). */
    public static final int UNAVAILABLE = 6;
    /** {@code lease wait} ended without the state asked for: it timed out, or the lease ended in another state. */
    public static final int WAIT_UNMET = 7;

    private ExitCodes() {
    }

    /** The exit code for an HTTP error status of the API or of Keycloak. */
    public static int forHttpStatus(int status) {
        if (status == 400 || status == 422) {
            return USAGE;
        }
        if (status == 401) {
            return NOT_SIGNED_IN;
        }
        if (status == 404 || status == 410) {
            return NOT_FOUND;
        }
        if (status >= 400 && status < 500) {
            return REFUSED;
        }
        if (status >= 500) {
            return UNAVAILABLE;
        }
        return INTERNAL;
    }
}
