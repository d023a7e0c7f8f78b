package io.computenet.problem;

import java.util.List;

/** A domain failure that maps to one problem type; subclasses name the kind. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<String> reasons;

    public ProblemException(int status, String slug, String title, String detail, List<String> reasons) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.reasons = List.copyOf(reasons);
    }

    public Problem toProblem() {
        return new Problem(Problem.TYPE_BASE + slug, title, status, getMessage(), List.of(), reasons);
    }

    public int status() {
        return status;
    }
}
