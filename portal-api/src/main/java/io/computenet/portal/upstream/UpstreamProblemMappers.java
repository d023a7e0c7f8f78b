package io.computenet.portal.upstream;

import io.computenet.problem.Problem;
import io.computenet.problem.ProblemResponses;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Passes an internal service's problem on to the caller (with its reasons as codes), and answers 503 when a service is unreachable. */
public class UpstreamProblemMappers {

    private static final Logger LOG = Logger.getLogger(UpstreamProblemMappers.class);


    /** The problem as it came, its reasons also as codes ({@link CodedProblem}). */
    @ServerExceptionMapper
    public Response upstream(UpstreamProblemException e) {
        return Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(CodedProblem.of(e.problem()))
                .build();
    }

    @ServerExceptionMapper
    public Response unreachable(ProcessingException e) {
        LOG.warnf("internal service unreachable: %s", e.getMessage());
        return ProblemResponses.of(Problem.of(503, "service-unavailable", "Service unavailable",
                "an internal service is not reachable; try again shortly"));
    }
}
