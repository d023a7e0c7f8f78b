package io.computenet.portal.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.jboss.logging.Logger;

/**
 * Turns an internal service's error response into an {@link UpstreamProblemException} (registered on the REST
 * clients).
 */
public class UpstreamProblems implements ResponseExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(UpstreamProblems.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RuntimeException toThrowable(Response response) {
        return problem(response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : "");
    }

    /** The problem an internal service answered with {@code status} and {@code body}, or 502 when it is none. */
    static UpstreamProblemException problem(int status, String body) {
        try {
            Problem p = JSON.readValue(body, Problem.class);
            if (p.status() == status) {
                return new UpstreamProblemException(p);
            }
        } catch (Exception e) {
            LOG.debugf("upstream error body is not a problem: %s", body);
        }
        return new UpstreamProblemException(Problem.of(502, "upstream-failure", "Upstream failure",
                "an internal service answered " + status));
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
