package io.computenet.billing.invoice;

import io.computenet.problem.Problem;
import io.computenet.problem.ProblemException;

import java.util.List;

/** A bad request parameter, answered 400 problem+json with {@code errors[].field} naming it. */
public class FieldProblem extends ProblemException {

    private final String field;

    public FieldProblem(String field, String detail) {
        super(400, "invalid-request", "Invalid request", field + ": " + detail, List.of());
        this.field = field;
    }

    @Override
    public Problem toProblem() {
        return new Problem(Problem.TYPE_BASE + "invalid-request", "Invalid request", 400, getMessage(),
                List.of(new Problem.FieldError(field, getMessage())), List.of());
    }

    /** A month as exactly {@code YYYY-MM}. */
    public static java.time.YearMonth period(String field, String value) {
        if (value == null || !value.matches("[0-9]{4}-(0[1-9]|1[0-2])")) {
            throw new FieldProblem(field, "a month as YYYY-MM is required"
                    + (value == null ? "" : ", was '" + (value.length() > 40 ? value.substring(0, 40) : value)
                    .replace("\r", "\\r").replace("\n", "\\n") + "'"));
        }
        return java.time.YearMonth.parse(value);
    }

    /** A required, non-blank value. */
    public static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new FieldProblem(field, "is required");
        }
        return value;
    }
}
