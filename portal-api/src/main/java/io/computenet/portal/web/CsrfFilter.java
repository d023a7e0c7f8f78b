package io.computenet.portal.web;

import io.computenet.problem.Problem;
import io.computenet.problem.ProblemResponses;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.Set;

/**
 * Refuses a state-changing API call that a portal session cookie authenticates (no {@code Authorization} header)
 * unless it carries the page's CSRF token in the {@value CsrfTokens#HEADER} header, matching the
 * {@value CsrfTokens#COOKIE} cookie. Bearer-token clients are not affected: a browser never adds their header on its
 * own.
 */
@ApplicationScoped
public class CsrfFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final CsrfTokens tokens;

    public CsrfFilter(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext context, HttpServerRequest request) {
        if (SAFE.contains(request.method().name()) || !request.path().startsWith("/api/")
                || request.getHeader("Authorization") != null || !WebTenantResolver.hasSession(request)) {
            return Optional.empty();
        }
        Cookie cookie = request.getCookie(CsrfTokens.COOKIE);
        if (tokens.matches(cookie == null ? null : cookie.getValue(), request.getHeader(CsrfTokens.HEADER))) {
            return Optional.empty();
        }
        return Optional.of(ProblemResponses.of(Problem.of(403, "csrf-token-invalid", "CSRF token missing or invalid",
                "a change made through a portal session must carry the page's " + CsrfTokens.HEADER
                        + " header; reload the page and try again")));
    }
}
