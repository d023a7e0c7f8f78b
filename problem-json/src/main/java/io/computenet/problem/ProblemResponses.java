package io.computenet.problem;

import jakarta.ws.rs.core.Response;

/** Builds responses that carry a {@link Problem} with the problem+json media type. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
