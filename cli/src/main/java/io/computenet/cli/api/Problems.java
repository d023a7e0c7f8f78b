package io.computenet.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.Messages;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an error response of the portal API into what the user reads. The API answers errors with
 * {@code application/problem+json} (RFC 9457, module {@code problem-json}): {@code title}, {@code detail}, the bad
 * fields in {@code errors[]} ({@code field}, {@code message}) and further {@code reasons[]}; all of it is shown.
 */
public final class Problems {

    private Problems() {
    }

    public static CliFailure failure(Http.Response response, String server, Messages messages) {
        JsonNode problem = response.json();
        int code = ExitCodes.forHttpStatus(response.status());
        if (!problem.isObject() || !(problem.has("detail") || problem.has("title"))) {
            String body = response.body() == null ? "" : response.body().strip();
            String shown = body.length() > 200 ? body.substring(0, 200) + "..." : body;
            return new CliFailure(code, messages.get("error.http", server, response.status(), shown));
        }
        String detail = text(problem, "detail");
        String title = text(problem, "title");
        String message = detail != null ? detail : title;
        if (title != null && detail != null && !detail.toLowerCase().startsWith(title.toLowerCase())) {
            message = title + ": " + detail;
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            lines.add(messages.get("error.field", text(e, "field"), text(e, "message")));
        }
        for (JsonNode r : problem.path("reasons")) {
            lines.add(messages.get("error.reason", r.asText()));
        }
        return new CliFailure(code, message, lines, problem);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
