package io.computenet.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Maps every failure of a ComputeNet REST API to problem+json in one place: domain problems keep their type,
 * bad input becomes a 400 that names the bad fields, the database out of reach a 503 with {@code Retry-After}
 * ({@link DatabaseOutage}), unknown failures a 500 without internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final java.util.regex.Pattern NAMED_IN_MESSAGE = java.util.regex.Pattern.compile(
            "(Duplicate field|Missing required creator property) '([^']*)'");

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        return ProblemResponses.of(e.toProblem());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return ProblemResponses.of(new Problem(Problem.TYPE_BASE + "invalid-request", "Invalid request", 400,
                "invalid field(s): " + fields, errors, List.of()));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return badJson(e);
    }

    /** More specific than Quarkus' own mapper for mismatched input, so bad fields get problem+json too. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response unparsable(com.fasterxml.jackson.core.JsonParseException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return badJson(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String slug = switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return ProblemResponses.of(Problem.of(status, slug, title, e.getMessage()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e) {
        if (DatabaseOutage.is(e)) {
            // PostgreSQL restarting: the client should try again, nothing is wrong with its request
            LOG.warnf("database unavailable: %s", e.getMessage());
            return Response.fromResponse(ProblemResponses.of(Problem.of(503, "service-unavailable",
                    "Service unavailable", "the database is unavailable for a moment; try again")))
                    .header("Retry-After", "5").build();
        }
        LOG.error("unexpected failure", e);
        return ProblemResponses.of(Problem.of(500, "internal", "Internal error",
                "the request failed unexpectedly; it has been logged"));
    }

    private static Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? pathOf(m) : "";
        String detail;
        java.util.regex.Matcher named = NAMED_IN_MESSAGE.matcher(String.valueOf(e.getOriginalMessage()));
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "unknown field '" + u.getPropertyName() + "'";
            field = field.isEmpty() ? u.getPropertyName() : field;
        } else if (named.lookingAt()) {
            // Jackson names a duplicate key or a missing required property only in its message
            // a missing creator property's path already ends with it: name it once, not "x.x"
            String name = field.isEmpty() ? named.group(2) : field.equals(named.group(2))
                    || field.endsWith("." + named.group(2)) ? field : field + "." + named.group(2);
            detail = named.group(1).startsWith("Duplicate") ? "field '" + name + "' appears more than once"
                    : "field '" + name + "' is required (null where allowed)";
            field = name;
        } else if (e instanceof InvalidFormatException f && f.getTargetType() == String.class) {
            detail = "field '" + field + "' " + f.getOriginalMessage();
        } else if (e instanceof InvalidFormatException f) {
            detail = "field '" + field + "' cannot take the value '" + f.getValue() + "'"
                    + (f.getTargetType() != null && f.getTargetType().isEnum()
                    ? "; allowed: " + java.util.Arrays.toString(f.getTargetType().getEnumConstants()) : "");
        } else if (e instanceof MismatchedInputException && !field.isEmpty()) {
            detail = "field '" + field + "' has the wrong type";
        } else {
            detail = "the body is not valid JSON: " + e.getOriginalMessage();
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!field.isEmpty()) {
            errors.add(new Problem.FieldError(field, detail));
        }
        return ProblemResponses.of(new Problem(Problem.TYPE_BASE + "invalid-request", "Invalid request", 400, detail,
                errors, List.of()));
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The property path without the method and parameter nodes ({@code create.request.memoryGiB} -> memoryGiB). */
    static String fieldOf(ConstraintViolation<?> v) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : v.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> {
                    names.clear();
                    parameter = node.getName();
                }
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> names.clear();
                default -> names.add(node.getName());
            }
        }
        if (names.isEmpty()) {
            // a query or path parameter itself (create.tenantId -> tenantId)
            return parameter != null ? parameter : v.getPropertyPath().toString();
        }
        return String.join(".", names);
    }
}
