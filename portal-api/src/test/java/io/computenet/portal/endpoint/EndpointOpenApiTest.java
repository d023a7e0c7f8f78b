package io.computenet.portal.endpoint;

import io.computenet.contracts.api.endpoint.ApiKeyCreated;
import io.computenet.contracts.api.endpoint.ApiKeyView;
import io.computenet.contracts.api.endpoint.EndpointCreated;
import io.computenet.contracts.api.endpoint.EndpointRequest;
import io.computenet.contracts.api.endpoint.EndpointState;
import io.computenet.contracts.api.endpoint.EndpointView;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.portal.OpenApiDocument;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static io.computenet.portal.OpenApiDocument.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's OpenAPI document describes the endpoint API with the shared records of
 * {@code io.computenet.contracts.api.endpoint}: every field, their descriptions, the tenant as the caller's, 201.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
class EndpointOpenApiTest {

    private OpenApiDocument document;
    private JsonPath openApi;

    @BeforeEach
    void read() {
        document = OpenApiDocument.read();
        openApi = document.json();
    }

    private Map<String, Object> properties(String schema) {
        return document.properties(schema);
    }

    @Test
    void documentsEveryFieldOfTheSharedEndpointRecords() {
        assertThat(properties("EndpointRequest")).containsOnlyKeys(fields(EndpointRequest.class));
        assertThat(properties("EndpointView")).containsOnlyKeys(fields(EndpointView.class));
        assertThat(properties("ReplicaView")).containsOnlyKeys(fields(EndpointView.ReplicaView.class));
        assertThat(properties("EndpointCreated")).containsOnlyKeys(fields(EndpointCreated.class));
        assertThat(properties("ApiKeyView")).containsOnlyKeys(fields(ApiKeyView.class));
        assertThat(properties("ApiKeyCreated")).containsOnlyKeys(fields(ApiKeyCreated.class));
    }

    @Test
    void documentsTheTenantAsTheCallersAndTheFieldsRulesAndDefaults() {
        assertThat(openApi.getBoolean("components.schemas.EndpointRequest.properties.tenantId.readOnly")).isTrue();
        assertThat(openApi.getString("components.schemas.EndpointRequest.properties.minReplicas.description"))
                .contains("default 1");
        assertThat(openApi.getString("components.schemas.EndpointRequest.properties.name.pattern"))
                .isEqualTo("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
        assertThat(openApi.getString("components.schemas.EndpointView.properties.baseUrl.description"))
                .contains("/inference/");
        assertThat(openApi.getList("components.schemas.EndpointState.enum"))
                .containsExactlyInAnyOrder(Arrays.stream(EndpointState.values()).map(Enum::name).toArray());
    }

    @Test
    void documentsCreatingAnEndpointAsCreatedWithItsFirstKey() {
        // then: whatever media types the document lists, 201 answers EndpointCreated and the body is EndpointRequest
        assertThat(openApi.getMap("paths.'/api/v1/endpoints'.post.responses.'201'.content").values())
                .isNotEmpty().allSatisfy(c -> assertThat(c.toString())
                        .contains("#/components/schemas/EndpointCreated"));
        assertThat(openApi.getMap("paths.'/api/v1/endpoints'.post.requestBody.content").values())
                .isNotEmpty().allSatisfy(c -> assertThat(c.toString())
                        .contains("#/components/schemas/EndpointRequest"));
    }
}
