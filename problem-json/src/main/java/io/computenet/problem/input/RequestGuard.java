package io.computenet.problem.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.problem.Problem;
import io.computenet.problem.ProblemBody;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first route of every ComputeNet HTTP server: refuses, with a problem+json body, a URI that is too long (414),
 * a declared body larger than {@code quarkus.http.limits.max-body-size} (413) and control characters in the path or
 * a query parameter (400), before any resource or database sees them. (Vert.x' own 413 and 414 have empty bodies;
 * its request-line limit is raised above {@link RequestLimits#MAX_URI_LENGTH} in this module's configuration so this
 * route answers first.) The body is the problem, or the service's own shape of it ({@link ProblemBody}).
 */
@ApplicationScoped
public class RequestGuard {

    @Inject
    ObjectMapper json;
    /** The service's own shape of a problem's body, when it has one ({@link ProblemBody}). */
    @Inject
    Instance<ProblemBody> bodies;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String uri = ctx.request().uri();
        Optional<RequestLimits.Refusal> refusal;
        try {
            refusal = RequestLimits.check(uri, ctx.request().path() == null ? "" : ctx.request().path(),
                    queryParams(ctx.queryParams()));
        } catch (IllegalArgumentException badEncoding) {
            refusal = Optional.of(new RequestLimits.Refusal(400, "invalid-request", "Invalid request", "query",
                    "the query string is not valid percent-encoding"));
        }
        if (refusal.isEmpty()) {
            refusal = bodyTooLarge(ctx.request().getHeader("Content-Length"));
        }
        if (refusal.isEmpty()) {
            ctx.next();
            return;
        }
        RequestLimits.Refusal r = refusal.get();
        List<Problem.FieldError> errors = r.field().isEmpty() ? List.of()
                : List.of(new Problem.FieldError(r.field(), r.detail()));
        Problem problem = new Problem(Problem.TYPE_BASE + r.slug(), r.title(), r.status(), r.detail(), errors,
                List.of());
        String body;
        try {
            body = json.writeValueAsString(bodies.isResolvable() ? bodies.get().of(problem) : problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (r.status() == 413) {
            // the body is not read: close, so the client stops sending it
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().setStatusCode(r.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }

    private Optional<RequestLimits.Refusal> bodyTooLarge(String contentLength) {
        if (contentLength == null) {
            return Optional.empty();
        }
        long declared;
        try {
            declared = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return Optional.of(new RequestLimits.Refusal(400, "invalid-request", "Invalid request", "Content-Length",
                    "Content-Length is not a number"));
        }
        if (declared > maxBodySize.asLongValue()) {
            return Optional.of(new RequestLimits.Refusal(413, "payload-too-large", "Payload too large", "",
                    "the body has " + declared + " bytes; at most " + maxBodySize.asLongValue() + " are accepted"));
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> queryParams(MultiMap params) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String name : params.names()) {
            map.put(name, params.getAll(name));
        }
        return map;
    }
}
