package io.computenet.billing.export;

import io.computenet.problem.Problem;

import java.time.YearMonth;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A checked export request: the month and the format. {@link #parse} accepts a period only as exactly {@code YYYY-MM}
 * (no spaces, no CR or LF: the value ends up in a header) and a format by its id ({@code csv} when absent).
 */
public record ExportRequest(YearMonth period, ExportFormat format) {

    private static final Pattern PERIOD = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");

    /** @throws InvalidExportRequest naming the bad field */
    public static ExportRequest parse(String period, String format) {
        if (period == null || !PERIOD.matcher(period).matches()) {
            String detail = "period must be a month as YYYY-MM but was " + shown(period);
            throw new InvalidExportRequest(new Problem(Problem.TYPE_BASE + "invalid-request", "Invalid request", 400,
                    detail, List.of(new Problem.FieldError("period", detail)), List.of()));
        }
        ExportFormat f = format == null || format.isEmpty() ? ExportFormat.CSV
                : ExportFormat.parse(format).orElseThrow(() -> {
                    String detail = "format " + shown(format) + " is not supported; supported: "
                            + ExportFormat.supported();
                    return new InvalidExportRequest(new Problem(Problem.TYPE_BASE + "unsupported-export-format",
                            "Unsupported export format", 400, detail,
                            List.of(new Problem.FieldError("format", detail)), List.of()));
                });
        return new ExportRequest(YearMonth.parse(period), f);
    }

    /** The value quoted, control characters escaped, at most 40 characters. */
    private static String shown(String value) {
        if (value == null) {
            return "missing";
        }
        String v = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + v.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    /** A bad export request, answered 400 with the problem. */
    public static final class InvalidExportRequest extends RuntimeException {

        private final transient Problem problem;

        InvalidExportRequest(Problem problem) {
            super(problem.detail());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }
}
