package io.computenet.devstack.testing;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the bad-input suites ask of every answer to malformed input: a 4xx, {@code application/problem+json}, and an
 * {@code errors[].field} that names the bad field. Says what is wrong instead of asserting, so a suite collects every
 * case's failure (with its seed) in one soft assertion. The oversized-request checks (413 and 414) are here too, once for
 * every service's suite.
 */
public final class Refusals {

    private Refusals() {
    }

    /** Empty when {@code answer} is such a refusal naming a field {@code namesTheField} accepts, else why not. */
    public static Optional<String> whatIsWrong(Response answer, Predicate<String> namesTheField) {
        int status = answer.statusCode();
        String contentType = answer.contentType() == null ? "" : answer.contentType();
        if (status < 400 || status > 499) {
            return Optional.of("status " + status + ", not a 4xx: " + BadInput.printable(answer.asString()));
        }
        if (!contentType.startsWith("application/problem+json")) {
            return Optional.of("content type '" + contentType + "', not application/problem+json");
        }
        List<String> fields = answer.jsonPath().getList("errors.field", String.class);
        if (fields == null || fields.stream().noneMatch(namesTheField)) {
            return Optional.of("errors[].field " + fields + " names no such field: "
                    + BadInput.printable(answer.asString()));
        }
        return Optional.empty();
    }

    /** The same, for a field whose name an answer must contain (a parameter's, or {@code path}). */
    public static Optional<String> whatIsWrong(Response answer, String field) {
        return whatIsWrong(answer, named -> named.contains(field));
    }

    /** Empty when {@code answer} is a 413 problem+json of type {@code .../payload-too-large}, else why not. */
    public static Optional<String> whatIsWrongWithTooLarge(RawRequests.Answer answer) {
        return whatIsWrongWithProblem(413, "/payload-too-large", answer.status(), answer.contentType(), answer.body());
    }

    /** The same, for an answer RestAssured read. */
    public static Optional<String> whatIsWrongWithTooLarge(Response answer) {
        return whatIsWrongWithProblem(413, "/payload-too-large", answer.statusCode(), answer.contentType(),
                answer.asString());
    }

    /** Empty when {@code answer} is a 414 problem+json of type {@code .../uri-too-long}, else why not. */
    public static Optional<String> whatIsWrongWithUriTooLong(Response answer) {
        return whatIsWrongWithProblem(414, "/uri-too-long", answer.statusCode(), answer.contentType(),
                answer.asString());
    }

    private static Optional<String> whatIsWrongWithProblem(int expectedStatus, String typeSuffix, int status,
                                                           String contentType, String body) {
        if (status != expectedStatus) {
            return Optional.of("status " + status + ", not " + expectedStatus + ": " + BadInput.printable(body));
        }
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return Optional.of("content type '" + contentType + "', not application/problem+json");
        }
        String type = JsonPath.from(body).getString("type");
        if (type == null || !type.endsWith(typeSuffix)) {
            return Optional.of("problem type " + type + ", not one ending in " + typeSuffix);
        }
        return Optional.empty();
    }
}
