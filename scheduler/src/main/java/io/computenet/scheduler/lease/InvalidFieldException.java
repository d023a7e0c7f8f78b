package io.computenet.scheduler.lease;

import io.computenet.problem.Problem;
import io.computenet.problem.ProblemException;

import java.util.List;

/** A request field that breaks a rule spanning several fields: a 400 that names the field, as a bean-validation one. */
public class InvalidFieldException extends ProblemException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(400, "invalid-request", "Invalid request", field + ": " + message, List.of());
        this.field = field;
    }

    @Override
    public Problem toProblem() {
        Problem p = super.toProblem();
        return new Problem(p.type(), p.title(), p.status(), p.detail(),
                List.of(new Problem.FieldError(field, getMessage().substring(field.length() + 2))), p.reasons());
    }
}
