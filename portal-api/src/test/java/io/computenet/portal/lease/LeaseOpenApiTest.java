package io.computenet.portal.lease;

import io.computenet.contracts.api.LeaseRequest;
import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.api.Quote;
import io.computenet.contracts.api.QuoteRequest;
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

/** The portal's OpenAPI document describes the lease and quote API as it behaves: every field, 201, the problems. */
@QuarkusTest
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
class LeaseOpenApiTest {

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
    void documentsEveryFieldOfTheSharedRecords() {
        assertThat(properties("LeaseRequest")).containsOnlyKeys(fields(LeaseRequest.class));
        assertThat(properties("QuoteRequest")).containsOnlyKeys(fields(QuoteRequest.class));
        // (and the pending and end reasons as codes, derived from pendingReasons and reason: answered, never read)
        assertThat(properties("LeaseView")).containsOnlyKeys(java.util.stream.Stream.concat(
                Arrays.stream(fields(LeaseView.class)), java.util.stream.Stream.of("pendingReasonCodes", "reasonCodes"))
                .toArray(String[]::new));
        assertThat(openApi.getBoolean("components.schemas.LeaseView.properties.pendingReasonCodes.readOnly")).isTrue();
        assertThat(openApi.getBoolean("components.schemas.LeaseView.properties.reasonCodes.readOnly")).isTrue();
        assertThat(properties("PendingReason")).containsOnlyKeys(fields(io.computenet.contracts.api.PendingReason.class));
        assertThat(properties("SliceView")).containsOnlyKeys(fields(LeaseView.SliceView.class));
        assertThat(properties("NodeView")).containsOnlyKeys(fields(LeaseView.NodeView.class));
        assertThat(properties("Quote")).containsOnlyKeys(fields(Quote.class));
    }

    @Test
    void documentsTheHostMemoryAsGiBOfTheNodesRamOnTheLeaseAndQuoteRequests() {
        for (String request : java.util.List.of("LeaseRequest", "QuoteRequest")) {
            // when
            String description = openApi.getString("components.schemas." + request
                    + ".properties.hostMemoryGiB.description");

            // then
            assertThat(description).as(request).contains("GiB").contains("host memory");
        }
        assertThat(openApi.getString("components.schemas.LeaseRequest.properties.cpuCount.description"))
                .contains("host CPUs");
    }

    @Test
    void documentsTheTenantAsTheCallersNotTheBodys() {
        for (String request : TenantFromTokenSchema.REQUESTS) {
            assertThat(openApi.getBoolean("components.schemas." + request + ".properties.tenantId.readOnly"))
                    .as(request).isTrue();
        }
    }

    @Test
    void documentsALeaseRequestAsCreatedWithTheLeaseOrAProblem() {
        // when
        Map<String, Object> responses = openApi.getMap("paths.'/api/v1/leases'.post.responses");

        // then
        assertThat(responses).containsKeys("201", "400", "402", "404", "409", "410");
        assertThat(openApi.getString("paths.'/api/v1/leases'.post.responses.'201'.content.'application/json'"
                + ".schema.'$ref'")).as("%s", responses).isEqualTo("#/components/schemas/LeaseView");
        assertThat(openApi.getString("paths.'/api/v1/leases'.post.responses.'409'.content"
                + ".'application/problem+json'.schema.'$ref'")).isEqualTo("#/components/schemas/Problem");
        assertThat(openApi.getString("paths.'/api/v1/leases'.post.requestBody.content.'application/json'"
                + ".schema.'$ref'")).as("%s", openApi.getMap("paths.'/api/v1/leases'.post.requestBody"))
                .isEqualTo("#/components/schemas/LeaseRequest");
    }

    @Test
    void documentsTheOneMemoryUnitAndTheLeaseStates() {
        // then: memory in GiB only, and the states as the enum's upper-case names
        assertThat(properties("LeaseView")).containsKeys("memoryGiB", "deviceMemoryGiB")
                .doesNotContainKeys("deviceMemoryMiB");
        assertThat(openApi.getList("components.schemas.LeaseState.enum")).contains("QUEUED", "RUNNING");
    }
}
