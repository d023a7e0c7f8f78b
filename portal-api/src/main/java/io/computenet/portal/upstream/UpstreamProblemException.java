package io.computenet.portal.upstream;

import io.computenet.problem.Problem;

/** A problem an internal service answered with, passed on to the caller unchanged. */
public class UpstreamProblemException extends RuntimeException {

    private final Problem problem;

    public UpstreamProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
