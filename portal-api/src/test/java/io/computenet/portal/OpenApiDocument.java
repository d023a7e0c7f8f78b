package io.computenet.portal;

import io.restassured.path.json.JsonPath;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** The portal's OpenAPI document as the running test application serves it, read for the OpenAPI tests. */
public final class OpenApiDocument {

    private final JsonPath json;

    private OpenApiDocument(JsonPath json) {
        this.json = json;
    }

    /** Reads {@code /q/openapi} in JSON from the application under test. */
    public static OpenApiDocument read() {
        return new OpenApiDocument(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath());
    }

    /** The document itself, for paths the helpers below do not cover. */
    public JsonPath json() {
        return json;
    }

    /** The properties of a component schema, by name. */
    public Map<String, Object> properties(String schema) {
        return json.getMap("components.schemas." + schema + ".properties");
    }

    /** The field names of a shared record, which its schema must list exactly. */
    public static String[] fields(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new);
    }
}
