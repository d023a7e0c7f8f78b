package io.computenet.scheduler.endpoint;

import io.computenet.contracts.api.endpoint.ApiKeyHash;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.RegionalCluster;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An inference endpoint end to end inside the scheduler: its replicas are ordinary leases placed in the region, run as
 * serving Pods behind the endpoint's Service (the simulated kubelet serves them with a simulated inference server),
 * scale with the gateway's traffic reports, and all end when it is deleted.
 */
@QuarkusTest
class EndpointLifecycleTest {

    private static final String TENANT = "t-endpoints";
    private static final String REGION = "cn-west-gz";
    private static final String NAMESPACE = "computenet-leases";
    private static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";

    @BeforeAll
    static void fleet() {
        TestInventory.publish(TestInventory.inventory("endpoint-node", REGION,
                TestInventory.devices(Vendor.NVIDIA, "L40S", 46068, "endpoint", 4)));
        // a second node in the region: replicas of one endpoint spread over nodes where two fit
        TestInventory.publish(TestInventory.inventory("endpoint-node-b", REGION,
                TestInventory.devices(Vendor.NVIDIA, "L40S", 46068, "endpoint-b", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "endpoint-node")
                        + DeviceEntity.count("nodeId", "endpoint-node-b")) == 6);
    }

    @jakarta.inject.Inject
    io.quarkus.scheduler.Scheduler scheduler;

    private static Map<String, Object> request(String name, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("tenantId", TENANT, "name", name, "model", MODEL,
                "memoryGiB", 40, "region", REGION));
        body.putAll(extra);
        return body;
    }

    private static JsonPath endpoint(String name) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/endpoints/" + name).then().statusCode(200)
                .extract().jsonPath();
    }

    private static void reportTraffic(String endpointId, int inFlight, long requests, String keyId) {
        given().contentType(ContentType.JSON).body(Map.of("reportId", UUID.randomUUID().toString(),
                        "windowStart", "2026-12-07T09:00:00Z", "windowEnd", "2026-12-07T09:00:01Z",
                        "endpoints", List.of(Map.of("endpointId", endpointId, "inFlight", inFlight, "waiting", 0,
                                "requests", requests, "promptTokens", requests * 10, "completionTokens",
                                requests * 16, "byKey", List.of(Map.of("keyId", keyId, "requests", requests,
                                        "promptTokens", requests * 10, "completionTokens", requests * 16))))))
                .post("/internal/v1/endpoint-traffic").then().statusCode(202);
    }

    private static Pod pod(String leaseId) {
        return RealInfraResource.cluster(REGION).client().pods().inNamespace(NAMESPACE).withName("lease-" + leaseId)
                .get();
    }

    @Test
    void placesTheMinimumOfReplicasScalesWithTrafficAndReleasesEveryReplicaOnDelete() throws Exception {
        // when: an endpoint with two replicas at least
        JsonPath created = given().contentType(ContentType.JSON)
                .body(request("chat", Map.of("minReplicas", 2, "maxReplicas", 4, "targetConcurrency", 2)))
                .post("/internal/v1/endpoints").then().statusCode(201).extract().jsonPath();

        // then: its id and first key (shown once)
        String id = created.getString("endpoint.id");
        String key = created.getString("apiKey.key");
        String keyId = created.getString("apiKey.id");
        assertThat(id).matches("ep-[a-z0-9]{12}");
        assertThat(key).matches("cnk_[A-Za-z0-9_-]{40}");
        assertThat(created.getString("apiKey.prefix")).isEqualTo(key.substring(0, 12));
        assertThat(created.getInt("endpoint.desiredReplicas")).isEqualTo(2);
        assertThat(created.getString("endpoint.revision")).isEqualTo("main");
        assertThat(created.getString("endpoint.framework")).isEqualTo("vLLM");

        // and: two replica leases are placed, their serving Pods run and turn ready
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath e = endpoint("chat");
            return e.getList("replicas").size() == 2 && e.getList("replicas.ready").stream().allMatch(Boolean.TRUE::equals);
        });
        JsonPath ready = endpoint("chat");
        assertThat(ready.getString("state")).isEqualTo("READY");
        List<String> replicas = ready.getList("replicas.leaseId");
        assertThat(ready.getList("replicas.state")).containsOnly("RUNNING");
        assertThat(ready.getList("replicas.region")).containsOnly(REGION);
        // binpack alone would stack both on the fuller node: one node's death must not take both
        assertThat(ready.getList("replicas.nodeId", String.class)).hasSize(2).doesNotHaveDuplicates();
        for (String leaseId : replicas) {
            JsonPath lease = given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then()
                    .statusCode(200).extract().jsonPath();
            assertThat(lease.getString("framework")).isEqualTo("vLLM");
            assertThat(lease.getString("vendor")).isEqualTo("NVIDIA");
            Pod pod = pod(leaseId);
            assertThat(pod.getMetadata().getLabels()).containsEntry("computenet.io/endpoint", id)
                    .containsEntry("computenet.io/role", "inference-replica");
            var server = pod.getSpec().getContainers().get(0);
            assertThat(server.getName()).isEqualTo("server");
            assertThat(server.getImage()).isEqualTo("vllm/vllm-openai:v0.11.0");
            assertThat(server.getArgs()).containsExactly("--model", MODEL, "--revision", "main",
                    "--served-model-name", MODEL, "--host", "0.0.0.0", "--port", "8000");
            assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        }
        Service service = RealInfraResource.cluster(REGION).client().services().inNamespace(NAMESPACE).withName(id)
                .get();
        assertThat(service.getSpec().getSelector()).containsEntry("computenet.io/endpoint", id);
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);

        // and: the routing table has its key's hash and its ready replicas, which answer the OpenAI API
        JsonPath routes = given().get("/internal/v1/endpoint-routes").then().statusCode(200).extract().jsonPath();
        String route = "endpoints.find { it.endpointId == '" + id + "' }";
        assertThat(routes.getString(route + ".servedModel")).isEqualTo(MODEL);
        assertThat(routes.getList(route + ".keys.sha256")).containsExactly(ApiKeyHash.hex(key));
        List<String> urls = routes.getList(route + ".replicas.url");
        assertThat(urls).hasSize(2).allMatch(u -> u.matches("http://127\\.\\d+\\.\\d+\\.\\d+:8000"));
        HttpResponse<String> models = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(urls.get(0) + "/v1/models")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains(MODEL);

        // when: the gateway reports 7 requests in flight (target 2 per replica)
        reportTraffic(id, 7, 3, keyId);

        // then: it wants 4 replicas, and 4 are live (the load is kept fresh while waiting)
        assertThat(endpoint("chat").getInt("desiredReplicas")).isEqualTo(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            reportTraffic(id, 7, 0, keyId);
            return endpoint("chat").getList("replicas").size() == 4;
        });
        // and: the requests and tokens were counted per endpoint and per key
        JsonPath scaled = endpoint("chat");
        assertThat(scaled.getLong("requests")).isEqualTo(3);
        assertThat(scaled.getLong("promptTokens")).isEqualTo(30);
        assertThat(scaled.getLong("completionTokens")).isEqualTo(48);
        assertThat(QuarkusTransaction.requiringNew().call(() -> ApiKeyEntity.<ApiKeyEntity>findById(keyId).requests))
                .isEqualTo(3);
        List<String> all = scaled.getList("replicas.leaseId");

        // when: the endpoint is deleted
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/chat").then().statusCode(204);

        // then: it is gone, every replica lease is released (billing stops), Pods and Service are deleted
        given().queryParam("tenantId", TENANT).get("/internal/v1/endpoints/chat").then().statusCode(404)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith(
                        "endpoint-not-found"));
        for (String leaseId : all) {
            assertThat(given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then()
                    .statusCode(200).extract().path("state").toString()).isEqualTo("RELEASED");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> all.stream().allMatch(l -> pod(l) == null)
                && RealInfraResource.cluster(REGION).client().services().inNamespace(NAMESPACE).withName(id)
                .get() == null);
        assertThat(given().get("/internal/v1/endpoint-routes").then().statusCode(200).extract().jsonPath()
                .getList("endpoints.endpointId")).doesNotContain(id);
    }

    @Test
    void aRepeatedTrafficReportIsCountedOnce() {
        // given: an endpoint that scales to zero
        JsonPath created = given().contentType(ContentType.JSON)
                .body(request("counted", Map.of("minReplicas", 0))).post("/internal/v1/endpoints").then()
                .statusCode(201).extract().jsonPath();
        String id = created.getString("endpoint.id");
        assertThat(created.getString("endpoint.state")).isEqualTo("SCALED_TO_ZERO");
        String reportId = UUID.randomUUID().toString();
        String keyId = created.getString("apiKey.id");
        Map<String, Object> report = Map.of("reportId", reportId, "endpoints",
                List.of(Map.of("endpointId", id, "inFlight", 0, "waiting", 0, "requests", 5, "promptTokens", 50,
                        "completionTokens", 80, "byKey", List.of(Map.of("keyId", keyId, "requests", 5,
                                "promptTokens", 50, "completionTokens", 80)))));

        // when: the same report arrives twice
        given().contentType(ContentType.JSON).body(report).post("/internal/v1/endpoint-traffic").then().statusCode(202);
        given().contentType(ContentType.JSON).body(report).post("/internal/v1/endpoint-traffic").then().statusCode(202);

        // then: counted once; a request was seen, so it wants a replica within its idle period
        JsonPath e = endpoint("counted");
        assertThat(e.getLong("requests")).isEqualTo(5);
        assertThat(e.getLong("completionTokens")).isEqualTo(80);
        assertThat(e.getInt("desiredReplicas")).isEqualTo(1);
        // and billing is sent the key's figures once, under an event id of the report, endpoint and key
        try (io.computenet.devstack.testing.KafkaTestClient kafka = new io.computenet.devstack.testing.KafkaTestClient(
                io.computenet.devstack.testing.RealInfraResource.kafka().superUser())) {
            var records = kafka.readUntil(io.computenet.contracts.Topics.ENDPOINT_USAGE, r -> id.equals(r.key()),
                    java.time.Duration.ofSeconds(30));
            assertThat(records).filteredOn(r -> id.equals(r.key())).singleElement().satisfies(r -> {
                var event = io.computenet.contracts.EventCodec.decode(r.value(),
                        io.computenet.contracts.inference.EndpointUsageEvent.class);
                assertThat(event.eventId()).isEqualTo(reportId + ":" + id + ":" + keyId);
                assertThat(event.tenantId()).isEqualTo(TENANT);
                assertThat(event.completionTokens()).isEqualTo(80);
            });
        }
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/counted").then().statusCode(204);
    }

    @Test
    void refusesASecondEndpointOfTheSameNameAndBadInputNamingTheField() {
        // given
        given().contentType(ContentType.JSON).body(request("dup", Map.of("minReplicas", 0)))
                .post("/internal/v1/endpoints").then().statusCode(201);

        // when / then
        given().contentType(ContentType.JSON).body(request("dup", Map.of("minReplicas", 0)))
                .post("/internal/v1/endpoints").then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("endpoint-exists"));
        given().contentType(ContentType.JSON).body(request("Not_A_Label", Map.of()))
                .post("/internal/v1/endpoints").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.endsWith("name")));
        given().contentType(ContentType.JSON).body(request("few", Map.of("minReplicas", 3, "maxReplicas", 2)))
                .post("/internal/v1/endpoints").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("maxReplicas"));
        given().contentType(ContentType.JSON).body(request("trt", Map.of("framework", "TensorRT-LLM")))
                .post("/internal/v1/endpoints").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("framework"));

        // and: a deleted name can be used again
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/dup").then().statusCode(204);
        given().contentType(ContentType.JSON).body(request("dup", Map.of("minReplicas", 0)))
                .post("/internal/v1/endpoints").then().statusCode(201);
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/dup").then().statusCode(204);
    }

    @Test
    void anSglangEndpointsReplicaRunsTheSglangServerOnADeviceThatServesIt() {
        // when: an endpoint served with SGLang (the L40S nodes run it, by the capability table)
        JsonPath created = given().contentType(ContentType.JSON)
                .body(request("sgl", Map.of("framework", "sglang", "minReplicas", 1, "maxReplicas", 1)))
                .post("/internal/v1/endpoints").then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("endpoint.framework")).isEqualTo("SGLang");

        // then: its replica lease asks for SGLang and its Pod runs SGLang's server on the serving port
        await().atMost(Duration.ofSeconds(30)).until(() -> endpoint("sgl").getList("replicas").size() == 1);
        String leaseId = endpoint("sgl").getString("replicas[0].leaseId");
        assertThat(given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then()
                .statusCode(200).extract().jsonPath().getString("framework")).isEqualTo("SGLang");
        await().atMost(Duration.ofSeconds(30)).until(() -> pod(leaseId) != null);
        var server = pod(leaseId).getSpec().getContainers().get(0);
        assertThat(server.getImage()).isEqualTo("lmsysorg/sglang:v0.5.14");
        assertThat(server.getCommand()).containsExactly("python3", "-m", "sglang.launch_server");
        assertThat(server.getArgs()).containsSubsequence("--model-path", MODEL).containsSubsequence("--port", "8000");
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/sgl").then().statusCode(204);
    }

    @Test
    void aReplicasReadinessReachesItsEndpointFromThePodWatchWithoutWaitingForTheTick() {
        // given: an endpoint with one ready replica
        given().contentType(ContentType.JSON).body(request("probe", Map.of("minReplicas", 1, "maxReplicas", 1)))
                .post("/internal/v1/endpoints").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> endpoint("probe").getList("replicas.ready")
                .equals(List.of(true)));
        String leaseId = endpoint("probe").getString("replicas[0].leaseId");
        scheduler.pause(EndpointReconciler.TICK);
        try {
            // when: its readiness probe fails (the kubelet sets Ready false), then passes again
            setReady(leaseId, false);

            // then: the endpoint shows it, with the reconciler's tick paused: the watch's event recorded it
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoint("probe").getList("replicas.ready")
                    .equals(List.of(false)));
            setReady(leaseId, true);
            await().atMost(Duration.ofSeconds(10)).until(() -> endpoint("probe").getList("replicas.ready")
                    .equals(List.of(true)));
        } finally {
            scheduler.resume(EndpointReconciler.TICK);
        }
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/probe").then().statusCode(204);
    }

    /** The replica's Pod as the kubelet reports its readiness probe: still running, at the same address. */
    private static void setReady(String leaseId, boolean ready) {
        RealInfraResource.cluster(REGION).client().pods().inNamespace(NAMESPACE).withName("lease-" + leaseId)
                .editStatus(p -> new io.fabric8.kubernetes.api.model.PodBuilder(p).editStatus()
                        .withConditions(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Ready")
                                .withStatus(ready ? "True" : "False").build()).endStatus().build());
    }

    @Test
    void keysAreCreatedListedAndRevokedIdempotently() {
        // given
        String firstKey = given().contentType(ContentType.JSON).body(request("keys", Map.of("minReplicas", 0)))
                .post("/internal/v1/endpoints").then().statusCode(201).extract().path("apiKey.id");

        // when
        JsonPath second = given().queryParam("tenantId", TENANT).post("/internal/v1/endpoints/keys/keys").then()
                .statusCode(201).extract().jsonPath();
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/keys/keys/" + firstKey).then()
                .statusCode(204);
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/keys/keys/" + firstKey).then()
                .statusCode(204);

        // then
        JsonPath keys = given().queryParam("tenantId", TENANT).get("/internal/v1/endpoints/keys/keys").then()
                .statusCode(200).extract().jsonPath();
        assertThat(keys.getList("id")).containsExactlyInAnyOrder(firstKey, second.getString("id"));
        assertThat(keys.getString("find { it.id == '" + firstKey + "' }.revokedAt")).isNotNull();
        assertThat(keys.getString("find { it.id == '" + second.getString("id") + "' }.revokedAt")).isNull();
        assertThat(keys.getList("key")).containsOnlyNulls();
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/keys/keys/ak-unknown00000").then()
                .statusCode(404);
        given().queryParam("tenantId", TENANT).delete("/internal/v1/endpoints/keys").then().statusCode(204);
    }
}
