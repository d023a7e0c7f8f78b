package io.computenet.devstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.SortedSet;

/**
 * The operations a service publishes in its OpenAPI document ({@code /q/openapi}), as {@code "METHOD /path"}, and
 * calls of them by one caller, for access matrix tests: a matrix built from this list fails when the service gains
 * an operation that has no rule yet.
 */
public final class AccessMatrix {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessMatrix() {
    }

    /** Every operation of the service {@code service} points at whose path starts with {@code prefix}. */
    public static SortedSet<String> operations(RequestSpecification service, String prefix) {
        String doc = service.queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString();
        SortedSet<String> operations = new TreeSet<>();
        try {
            JsonNode paths = JSON.readTree(doc).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                if (!path.getKey().startsWith(prefix)) {
                    continue;
                }
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (!method.startsWith("x-") && !method.equals("parameters")) {
                        operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return operations;
    }

    /**
     * Calls {@code operation} ({@code "METHOD /path/{param}"}) with {@code request} (carrying the caller's token or
     * none): path parameters become {@code pathValue}, a body (when given) is sent as JSON.
     */
    public static Response call(RequestSpecification request, String operation, String pathValue, Object body) {
        int space = operation.indexOf(' ');
        String method = operation.substring(0, space);
        String path = operation.substring(space + 1).replaceAll("\\{[^}]+}", pathValue);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.request(method, path);
    }
}
