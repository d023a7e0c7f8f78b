package io.computenet.problem;

import java.time.YearMonth;
import java.util.List;

/**
 * A request field or parameter that breaks a rule the bean-validation annotations cannot state (one spanning several
 * fields, a parameter's format): 400 problem+json, the detail {@code field: message} and {@code errors[]} naming the
 * field, as a bean-validation refusal does. Every service answers it the same way.
 */
public class FieldProblem extends ProblemException {

    private final String field;
    private final String reason;

    public FieldProblem(String field, String reason) {
        super(400, "invalid-request", "Invalid request", field + ": " + reason, List.of());
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    @Override
    public Problem toProblem() {
        Problem p = super.toProblem();
        return new Problem(p.type(), p.title(), p.status(), p.detail(), List.of(new Problem.FieldError(field, reason)),
                p.reasons());
    }

    /** A month as exactly {@code YYYY-MM}, or a problem naming {@code field} and quoting (the start of) the value. */
    public static YearMonth period(String field, String value) {
        if (value == null || !value.matches("[0-9]{4}-(0[1-9]|1[0-2])")) {
            throw new FieldProblem(field, "a month as YYYY-MM is required"
                    + (value == null ? "" : ", was '" + (value.length() > 40 ? value.substring(0, 40) : value)
                    .replace("\r", "\\r").replace("\n", "\\n") + "'"));
        }
        return YearMonth.parse(value);
    }

    /** A required, non-blank value, or a problem naming {@code field}. */
    public static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new FieldProblem(field, "is required");
        }
        return value;
    }
}
