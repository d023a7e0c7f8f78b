package io.computenet.scheduler.lease;

import io.computenet.problem.Problem;
import io.computenet.problem.ProblemException;

import java.util.List;

/** A drain the scheduler refuses, as problem+json. */
public class DrainProblem extends ProblemException {

    private final List<Problem.FieldError> errors;

    private DrainProblem(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(status, slug, title, detail, List.of());
        this.errors = errors;
    }

    /** A bad drain request: the same type as any other invalid request, naming the field. */
    static DrainProblem invalid(Drains.InvalidDrain e) {
        return new DrainProblem(400, "invalid-request", "Invalid request", e.field() + ": " + e.getMessage(),
                List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }

    static DrainProblem revoked(String nodeId) {
        return new DrainProblem(409, "node-revoked", "Node revoked",
                "node " + nodeId + " is revoked: it takes no leases and has none left to drain", List.of());
    }

    @Override
    public Problem toProblem() {
        Problem p = super.toProblem();
        return new Problem(p.type(), p.title(), p.status(), p.detail(), errors, p.reasons());
    }
}
