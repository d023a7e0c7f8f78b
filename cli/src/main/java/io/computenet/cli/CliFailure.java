package io.computenet.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Why a command did not do what was asked, as the user should read it: one message, further lines (the problem's
 * bad fields and reasons), the exit code, and the API's problem+json body when there was one (printed as it is
 * with {@code --output json}). Thrown anywhere below a command, printed in one place ({@link Cli}).
 *
 * @param problem the API's problem+json body, or null when the failure did not come from the API
 */
public final class CliFailure extends RuntimeException {

    private final int exitCode;
    private final List<String> details;
    private final transient JsonNode problem;

    public CliFailure(int exitCode, String message, List<String> details, JsonNode problem) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.details = List.copyOf(details);
        this.problem = problem;
    }

    public CliFailure(int exitCode, String message) {
        this(exitCode, message, List.of(), null);
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> details() {
        return details;
    }

    public JsonNode problem() {
        return problem;
    }
}
