package io.computenet.portal.endpoint;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.Map;

/**
 * Describes the shared endpoint records' fields in the portal's OpenAPI document: the records live in
 * {@code contracts} ({@code io.computenet.contracts.api.endpoint}), free of OpenAPI annotations, so their descriptions
 * and examples are said here, and the request's {@code tenantId} is marked read-only (the portal sets the caller's).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class EndpointSchemas implements OASFilter {

    /** Per schema, per field: its description. */
    static final Map<String, Map<String, String>> DESCRIPTIONS = Map.of(
            "EndpointRequest", Map.ofEntries(
                    Map.entry("tenantId", "set by the portal from the caller's token; ignored in the request"),
                    Map.entry("name", "DNS label, 1-40 characters, unique among the tenant's live endpoints"),
                    Map.entry("model", "a model id or store://<path>"),
                    Map.entry("revision", "model revision (branch, tag or commit), default main"),
                    Map.entry("framework", "serving framework: vLLM (default) or SGLang (see docs/capabilities.md)"),
                    Map.entry("memoryGiB", "accelerator memory per replica, GiB"),
                    Map.entry("minReplicas", "0 to 16, default 1; 0 lets the endpoint scale to zero"),
                    Map.entry("maxReplicas", "1 to 16, at least minReplicas; default max(1, minReplicas)"),
                    Map.entry("region", "a region id; any region when left out"),
                    Map.entry("maxPricePerHour", "CNY per replica-hour"),
                    Map.entry("rateLimitPerMinute", "requests per minute the gateway admits, default 600"),
                    Map.entry("targetConcurrency", "requests in flight per replica before scaling out, default 4"),
                    Map.entry("idleMinutes",
                            "minutes without requests before scaling to zero (minReplicas 0), default 10")),
            "EndpointView", Map.of(
                    "pricePerReplicaHour", "of the cheapest ready or placed replica; null when none",
                    "requests", "requests served since the endpoint was created",
                    "promptTokens", "prompt tokens of the requests served",
                    "completionTokens", "tokens generated for the requests served",
                    "baseUrl", "the OpenAI-compatible base URL: <portal>/inference/<id>/v1"),
            "ApiKeyView", Map.of(
                    "prefix", "the key's first 12 characters, to tell keys apart",
                    "revokedAt", "null while the key is active",
                    "requests", "requests served with this key",
                    "promptTokens", "prompt tokens of those requests",
                    "completionTokens", "tokens generated for those requests"),
            "ApiKeyCreated", Map.of(
                    "prefix", "the key's first 12 characters, to tell keys apart",
                    "key", "cnk_ and 40 url-safe characters: send as Authorization: Bearer <key>"),
            "EndpointCreated", Map.of(
                    "baseUrl", "the OpenAI-compatible base URL: <portal>/inference/<id>/v1"));

    /** Per schema, per field: an example value. */
    static final Map<String, Map<String, Object>> EXAMPLES = Map.of(
            "EndpointRequest", Map.of("name", "qwen-chat", "model", "Qwen/Qwen2.5-7B-Instruct", "memoryGiB", 24,
                    "region", "cn-east-yrd"),
            "EndpointView", Map.of("id", "ep-3k9x0a7b2c1d"));

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        DESCRIPTIONS.forEach((name, fields) -> fields.forEach((field, description) -> {
            Schema property = property(schemas, name, field);
            if (property != null) {
                property.setDescription(description);
            }
        }));
        EXAMPLES.forEach((name, fields) -> fields.forEach((field, example) -> {
            Schema property = property(schemas, name, field);
            if (property != null) {
                property.setExample(example);
            }
        }));
        Schema tenant = property(schemas, "EndpointRequest", "tenantId");
        if (tenant != null) {
            tenant.setReadOnly(true);
        }
    }

    private static Schema property(Map<String, Schema> schemas, String name, String field) {
        Schema schema = schemas.get(name);
        return schema == null || schema.getProperties() == null ? null : schema.getProperties().get(field);
    }
}
