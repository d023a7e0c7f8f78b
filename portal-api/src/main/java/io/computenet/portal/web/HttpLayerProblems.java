package io.computenet.portal.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.problem.Problem;
import io.computenet.problem.ProblemBody;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;

/**
 * An API call's refusal raised below JAX-RS, by a route failing in the HTTP layer (Quarkus security refusing it in an
 * HTTP permission check: 401, 403; a route failing with 400, 413 or 414), answered as problem+json with its code
 * ({@link CodedProblemBody}), as the resources' problems are, instead of an empty body the pages could not word. Only
 * for {@code /api/}: the pages' own refusals are sign-in redirects, and the inference gateway answers in OpenAI's
 * error shape. A failure whose answer has begun is left as it is. (With {@code quarkus.http.auth.proactive=false} the
 * API's 401 and 403 are raised inside JAX-RS and mapped there; the request guard's refusals are coded through
 * {@link io.computenet.problem.ProblemBody}.)
 */
@ApplicationScoped
public class HttpLayerProblems {

    private final ObjectMapper json;
    private final ProblemBody body;

    public HttpLayerProblems(ObjectMapper json, ProblemBody body) {
        this.json = json;
        this.body = body;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    void answer(RoutingContext ctx) {
        Optional<Problem> known = problemOf(ctx.failure(), ctx.statusCode());
        boolean api = ctx.request().path() != null && ctx.request().path().startsWith("/api/");
        if (known.isEmpty() || !api || ctx.response().headWritten() || ctx.response().ended()) {
            // a page's refusal (a sign-in redirect), the inference gateway's (OpenAI's error shape) and anything else:
            // Quarkus' or the route's own handling
            ctx.next();
            return;
        }
        Problem problem = known.get();
        String text;
        try {
            text = json.writeValueAsString(body.of(problem));
        } catch (JsonProcessingException e) {
            ctx.next();
            return;
        }
        if (problem.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"computenet\"");
        }
        if (problem.status() == 413) {
            // the rest of the body is not read: close, so the client stops sending it
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(text);
    }

    /**
     * The problem of an HTTP-layer failure: its security exception, or the status it failed with ({@code -1} when
     * none) for a failure without an exception of its own; empty for anything else (a sign-in redirect...). Pure.
     */
    static Optional<Problem> problemOf(Throwable failure, int status) {
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            return Optional.of(unauthorized());
        }
        if (failure instanceof ForbiddenException) {
            return Optional.of(forbidden());
        }
        if (failure != null && !(failure instanceof HttpException)) {
            return Optional.empty();
        }
        int code = failure instanceof HttpException h ? h.getStatusCode() : status;
        return Optional.ofNullable(switch (code) {
            case 401 -> unauthorized();
            case 403 -> forbidden();
            case 413 -> Problem.of(413, "payload-too-large", "Payload too large",
                    "the body is larger than the server accepts");
            case 414 -> Problem.of(414, "uri-too-long", "URI too long", "the request URI is longer than accepted");
            case 400 -> Problem.of(400, "bad-request", "Bad request", "the request could not be read");
            default -> null;
        });
    }

    private static Problem unauthorized() {
        return Problem.of(401, "unauthorized", "Unauthorized", "sign in again, or send a valid bearer token");
    }

    private static Problem forbidden() {
        return Problem.of(403, "forbidden", "Forbidden", "your roles do not allow this operation");
    }
}
