package io.computenet.problem.input;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a request line may hold before any resource sees it: a bounded URI, and no control character (NUL, CR, LF,
 * ...) in the path or in a query parameter, raw or percent-encoded. A pure check: the Vert.x edge
 * ({@link RequestGuard}) applies it and answers problem+json.
 */
public final class RequestLimits {

    /** The longest URI (path and query) a ComputeNet API accepts. */
    public static final int MAX_URI_LENGTH = 8192;

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f]|%(?:[01][0-9a-fA-F]|7[fF])");

    private RequestLimits() {
    }

    /** Why the request line is refused. */
    public record Refusal(int status, String slug, String title, String field, String detail) {
    }

    /**
     * Checks a request line.
     *
     * @param uri         the raw URI as sent (path and query, still percent-encoded)
     * @param path        the raw path
     * @param queryParams the decoded query parameters (name to values)
     * @return the refusal, or empty when the line may pass
     */
    public static Optional<Refusal> check(String uri, String path, Map<String, ? extends Iterable<String>> queryParams) {
        if (uri.length() > MAX_URI_LENGTH) {
            return Optional.of(new Refusal(414, "uri-too-long", "URI too long", "",
                    "the request URI has " + uri.length() + " characters; at most " + MAX_URI_LENGTH + " are accepted"));
        }
        if (CONTROL.matcher(path).find()) {
            return Optional.of(controlCharacter("path"));
        }
        for (Map.Entry<String, ? extends Iterable<String>> param : queryParams.entrySet()) {
            if (CONTROL.matcher(param.getKey()).find()) {
                return Optional.of(controlCharacter("query"));
            }
            for (String value : param.getValue()) {
                if (CONTROL.matcher(value).find()) {
                    return Optional.of(controlCharacter(param.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    private static Refusal controlCharacter(String field) {
        return new Refusal(400, "invalid-request", "Invalid request", field,
                "'" + field + "' must not contain control characters (NUL, CR, LF, ...)");
    }
}
