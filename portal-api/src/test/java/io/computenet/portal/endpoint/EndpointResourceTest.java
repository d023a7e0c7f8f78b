package io.computenet.portal.endpoint;

import io.computenet.contracts.api.endpoint.ApiKeyCreated;
import io.computenet.contracts.api.endpoint.ApiKeyView;
import io.computenet.contracts.api.endpoint.EndpointCreated;
import io.computenet.contracts.api.endpoint.EndpointRequest;
import io.computenet.contracts.api.endpoint.EndpointState;
import io.computenet.contracts.api.endpoint.EndpointView;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.Tokens;
import io.computenet.portal.gateway.GatewayTestRoutes;
import io.computenet.portal.upstream.EndpointsClient;
import io.computenet.portal.upstream.UpstreamProblemException;
import io.computenet.problem.Problem;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * The public endpoint API over a hand-written stand-in for the scheduler's endpoint API (installed with
 * {@link QuarkusMock}; the real one is the end-to-end suite's): the caller's tenant goes to the scheduler whatever the
 * body says, views carry the base URL, the scheduler's problems pass through, and a key revoked or an endpoint
 * deleted through the portal is refused by the gateway at once, before the next routing table.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
class EndpointResourceTest {

    private static final String ALPHA = "tenant-lab-alpha"; // researcher1's tenant in the demo realm

    @TestHTTPResource("/")
    URL portal;

    private final FakeScheduler scheduler = new FakeScheduler();

    @BeforeEach
    void installScheduler() {
        QuarkusMock.installMockForType(scheduler, EndpointsClient.class, RestClient.LITERAL);
    }

    private static String token(String user) {
        return Tokens.password(KeycloakResource.realmUrl(), user, user);
    }

    @Test
    void createsTheEndpointForTheCallersTenantAndAnswersItsBaseUrlAndFirstKey() {
        // when: the body names another tenant
        String id = given().auth().oauth2(token("researcher1")).contentType(ContentType.JSON)
                .body(Map.of("tenantId", "tenant-lab-beta", "name", "qwen-chat", "model", "Qwen/Qwen2.5-7B-Instruct",
                        "memoryGiB", 24, "minReplicas", 0, "maxReplicas", 2))
                .post("/api/v1/endpoints")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/endpoints/qwen-chat"))
                .body("apiKey.key", startsWith("cnk_"))
                .body("endpoint.name", equalTo("qwen-chat"))
                .extract().path("endpoint.id");
        // then
        given().auth().oauth2(token("researcher1")).get("/api/v1/endpoints/qwen-chat").then().statusCode(200)
                .body("baseUrl", endsWith("/inference/" + id + "/v1"));
        assertThat(scheduler.created).extracting(EndpointRequest::tenantId).containsExactly(ALPHA);
        assertThat(scheduler.created.get(0).minReplicas()).isZero();
    }

    @Test
    void answersTheBaseUrlBesideTheEndpointAndInEachView() {
        // given
        scheduler.create(new EndpointRequest(ALPHA, "llama", "store://models/llama", null, null, BigDecimal.TEN,
                1, 1, null, null, null, null, null));
        // when / then
        given().auth().oauth2(token("researcher1")).get("/api/v1/endpoints").then().statusCode(200)
                .body("[0].baseUrl", equalTo(portal + "inference/ep-000000000001/v1"));
        given().auth().oauth2(token("researcher2")).get("/api/v1/endpoints").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void passesTheSchedulersProblemsOn() {
        // given
        scheduler.create(new EndpointRequest(ALPHA, "taken", "m", null, null, BigDecimal.ONE, 1, 1, null, null, null,
                null, null));
        // when / then
        given().auth().oauth2(token("researcher1")).get("/api/v1/endpoints/missing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/endpoint-not-found"));
        given().auth().oauth2(token("researcher1")).contentType(ContentType.JSON)
                .body(Map.of("name", "taken", "model", "m", "memoryGiB", 1)).post("/api/v1/endpoints")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/endpoint-exists"));
    }

    @Test
    void refusesABadNameNamingTheField() {
        given().auth().oauth2(token("researcher1")).contentType(ContentType.JSON)
                .body(Map.of("name", "Not_A_Label", "model", "m", "memoryGiB", 1)).post("/api/v1/endpoints")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name"));
        assertThat(scheduler.created).isEmpty();
    }

    @Test
    void aKeyRevokedThroughThePortalIsRefusedAtOnceAndStaysRefused() {
        // given: the scheduler's routing table still lists the key (as a table fetched before the revocation does)
        scheduler.create(new EndpointRequest(ALPHA, "chat", "m", null, null, BigDecimal.ONE, 1, 1, null, null, null,
                null, null));
        String key = GatewayTestRoutes.routeWithKey("ep-revoke1", ALPHA, "chat", portal);
        // when
        given().auth().oauth2(token("researcher1")).delete("/api/v1/endpoints/chat/keys/key-1").then().statusCode(204);
        // then: refused right after the answer, and after later polls of the stale table
        assertThat(GatewayTestRoutes.probe(portal, "ep-revoke1", key)).isEqualTo(401);
        GatewayTestRoutes.awaitPolls(2);
        assertThat(GatewayTestRoutes.probe(portal, "ep-revoke1", key)).isEqualTo(401);
    }

    @Test
    void anotherTenantCannotRevokeAKey() {
        // given
        scheduler.create(new EndpointRequest(ALPHA, "mine", "m", null, null, BigDecimal.ONE, 1, 1, null, null, null,
                null, null));
        String key = GatewayTestRoutes.routeWithKey("ep-revoke2", ALPHA, "mine", portal);
        // when: researcher2 (tenant-lab-beta) names researcher1's endpoint and key
        given().auth().oauth2(token("researcher2")).delete("/api/v1/endpoints/mine/keys/key-1").then().statusCode(404);
        // then
        assertThat(GatewayTestRoutes.probe(portal, "ep-revoke2", key)).isEqualTo(404);
    }

    @Test
    void anEndpointDeletedThroughThePortalIsNotRoutedFromTheAnswerOn() {
        // given
        scheduler.create(new EndpointRequest(ALPHA, "gone", "m", null, null, BigDecimal.ONE, 1, 1, null, null, null,
                null, null));
        String key = GatewayTestRoutes.routeWithKey("ep-delete1", ALPHA, "gone", portal);
        // when
        given().auth().oauth2(token("researcher1")).delete("/api/v1/endpoints/gone").then().statusCode(204);
        // then
        assertThat(GatewayTestRoutes.probe(portal, "ep-delete1", key)).isEqualTo(401);
        GatewayTestRoutes.awaitPolls(2);
        assertThat(GatewayTestRoutes.probe(portal, "ep-delete1", key)).isEqualTo(401);
    }

    /** The scheduler's endpoint API in memory, per tenant, with its problems. */
    static final class FakeScheduler implements EndpointsClient {

        final List<EndpointRequest> created = new ArrayList<>();
        private final List<EndpointView> endpoints = new ArrayList<>();

        @Override
        public synchronized EndpointCreated create(EndpointRequest request) {
            if (endpoints.stream().anyMatch(e -> e.tenantId().equals(request.tenantId())
                    && e.name().equals(request.name()))) {
                throw new UpstreamProblemException(Problem.of(409, "endpoint-exists", "Endpoint exists",
                        "the tenant has a live endpoint named " + request.name()));
            }
            created.add(request);
            String id = "ep-%012d".formatted(endpoints.size() + 1);
            EndpointView view = new EndpointView(id, request.name(), request.tenantId(), request.model(), "main",
                    "vLLM", request.memoryGiB(), request.minReplicas(), request.maxReplicas(), 0, null, null, 600, 4,
                    10, EndpointState.DEPLOYING, List.of(), List.of(), null, "CNY", 0, 0, 0, Instant.now(), null);
            endpoints.add(view);
            return new EndpointCreated(view, new ApiKeyCreated("key-1", "cnk_abcdefgh", "cnk_" + "a".repeat(40),
                    Instant.now()), null);
        }

        @Override
        public synchronized List<EndpointView> list(String tenantId) {
            return endpoints.stream().filter(e -> e.tenantId().equals(tenantId)).toList();
        }

        @Override
        public synchronized EndpointView get(String name, String tenantId) {
            return list(tenantId).stream().filter(e -> e.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UpstreamProblemException(Problem.of(404, "endpoint-not-found",
                            "Endpoint not found", "no endpoint named " + name)));
        }

        @Override
        public synchronized void delete(String name, String tenantId) {
            endpoints.remove(get(name, tenantId));
        }

        @Override
        public ApiKeyCreated createKey(String name, String tenantId) {
            get(name, tenantId);
            return new ApiKeyCreated("key-2", "cnk_bcdefghi", "cnk_" + "b".repeat(40), Instant.now());
        }

        @Override
        public List<ApiKeyView> keys(String name, String tenantId) {
            get(name, tenantId);
            return List.of(new ApiKeyView("key-1", "cnk_abcdefgh", Instant.now(), null, 0, 0, 0));
        }

        @Override
        public void revokeKey(String name, String keyId, String tenantId) {
            get(name, tenantId);
        }
    }
}
