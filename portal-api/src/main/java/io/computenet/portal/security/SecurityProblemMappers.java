package io.computenet.portal.security;

import io.computenet.problem.Problem;
import io.computenet.problem.ProblemResponses;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 as problem+json (Quarkus' own mappers answer with an empty body). */
public class SecurityProblemMappers {

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("a bearer token from the computenet realm is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated("the bearer token is invalid or expired");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemResponses.of(Problem.of(403, "forbidden", "Forbidden",
                "your roles do not allow this operation"));
    }

    private static Response unauthenticated(String detail) {
        return Response.fromResponse(ProblemResponses.of(Problem.of(401, "unauthorized", "Unauthorized", detail)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"computenet\"").build();
    }
}
