package io.computenet.portal.web;

import io.computenet.portal.upstream.CodedProblem;
import io.computenet.problem.Problem;
import io.computenet.problem.ProblemBody;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The portal writes every problem it answers outside JAX-RS (the request guard's 400, 413 and 414, the HTTP layer's
 * refusals: {@link HttpLayerProblems}) as it answers those inside: a {@link CodedProblem}, so that the pages word it.
 */
@ApplicationScoped
public class CodedProblemBody implements ProblemBody {

    @Override
    public Object of(Problem problem) {
        return CodedProblem.of(problem);
    }
}
