package io.computenet.scheduler.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.RegionalCluster;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.inventory.NodeEntity;
import io.computenet.scheduler.kubernetes.GangWorkload;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.computenet.scheduler.pricing.PriceCatalog;
import io.computenet.scheduler.quote.QuoteBookingTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Gang leases through the scheduler: placed on every node of the gang at once (topology preferred), dispatched as a
 * Volcano PodGroup with one Pod per node, a headless Service and an HCCL rank table, failed as one when one node
 * falls silent; refused input names its field.
 */
@QuarkusTest
class GangLeaseTest {

    private static final String EAST = "cn-east-yrd";
    private static final String MODEL = "Ascend910B2";
    private static final String NAMESPACE = "computenet-leases";
    private static final String TENANT = "t-gang";
    private static final List<String> NODES = List.of("gang-a", "gang-b", "gang-c");

    @BeforeAll
    static void fleet() {
        // the racks as the agents report them: a and c on rack-2, b on rack-1
        for (String node : NODES) {
            TestInventory.publish(TestInventory.inventory(node, EAST,
                    npus(node), agentRack(node)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId in ?1", NODES)) == 24);
    }

    /** Eight NPUs, each with its own address as the agent reads it from the node's hccn.conf (plane per index). */
    private static List<DeviceInfo> npus(String node) {
        int host = NODES.indexOf(node) + 11;
        List<DeviceInfo> devices = TestInventory.devices(Vendor.HUAWEI_ASCEND, MODEL, 65536, node, 8);
        return devices.stream().map(d -> d.withDeviceIp("192.168." + (100 + d.index()) + "." + host)).toList();
    }

    private static String agentRack(String node) {
        return node.equals("gang-b") ? "rack-1" : "rack-2";
    }

    /**
     * Drains the gang's nodes once this class is done: their 64 GiB NPUs would otherwise tie with the 910B3s other
     * test classes of this application expect to be chosen.
     */
    @AfterAll
    static void drainTheGangNodes() {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        for (String node : NODES) {
            given().baseUri("http://localhost").port(port).contentType(ContentType.JSON)
                    .queryParam("organisation", "op-test").queryParam("by", "gang-test").body(Map.of("minutes", 60))
                    .post("/internal/v1/nodes/" + node + "/drain").then().statusCode(200);
        }
    }

    private static JsonPath lease(String leaseId) {
        return given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + leaseId).then().statusCode(200)
                .extract().jsonPath();
    }

    private static Map<String, Object> gang(int nodes, int devicesPerNode) {
        return Map.of("tenantId", TENANT, "memoryGiB", 32, "nodes", nodes, "devicesPerNode", devicesPerNode,
                "region", EAST, "model", MODEL, "durationMinutes", 60, "workloadClass", "TRAINING",
                "image", "registry.example/train:1");
    }

    /** The {@code lease.ended} events of a two-node gang's members, as billing reads them. */
    private static List<LeaseEvent> endedMembers(String leaseId) {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            java.util.Set<String> endedMembers = new java.util.HashSet<>();
            return kafka.readUntil(Topics.LEASE_EVENTS, r -> {
                        if (r.key().startsWith(leaseId) && r.value().contains("lease.ended")) {
                            endedMembers.add(r.key()); // the members' keys differ: their order is not kept
                        }
                        return endedMembers.size() == 2;
                    }, Duration.ofSeconds(30))
                    .stream().filter(r -> r.key().startsWith(leaseId))
                    .map(r -> EventCodec.decode(r.value(), LeaseEvent.class))
                    .filter(e -> e.type().equals(LeaseEvent.TYPE_ENDED)).toList();
        }
    }

    private static Map<String, String> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }

    @Test
    void dispatchesAGangAsOnePodGroupAndFailsItAsOneWhenANodeFallsSilent() throws Exception {
        // given: the operator moved c to rack-1 (the operator's label wins over the agent's)
        given().contentType(ContentType.JSON).queryParam("organisation", "op-test").queryParam("by", "ops")
                .body(Map.of("topology", "rack-1")).put("/internal/v1/nodes/gang-c/topology")
                .then().statusCode(200).body("topology", equalTo("rack-1"));
        given().contentType(ContentType.JSON).queryParam("organisation", "op-other").queryParam("by", "ops")
                .body(Map.of("topology", "rack-9")).put("/internal/v1/nodes/gang-a/topology")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).queryParam("organisation", "op-test").queryParam("by", "ops")
                .body(Map.of("topology", "rack 9!")).put("/internal/v1/nodes/gang-a/topology")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("topology"));

        // when: a gang of 2 x 8
        String leaseId = given().contentType(ContentType.JSON).body(gang(2, 8)).post("/internal/v1/leases")
                .then().statusCode(201)
                .body("state", equalTo("SCHEDULED"))
                .body("nodes", equalTo(2))
                .body("devicesPerNode", equalTo(8))
                .body("deviceCount", equalTo(16))
                .body("topology", equalTo("rack-1"))
                .extract().path("leaseId");

        // then: the two nodes of one rack, every device of both
        JsonPath view = lease(leaseId);
        assertThat(view.getList("members.nodeId", String.class)).containsExactly("gang-b", "gang-c");
        assertThat(view.getList("members.rank", Integer.class)).containsExactly(0, 1);
        assertThat(view.getList("members[1].deviceKeys", String.class)).hasSize(8);
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", leaseId)))
                .isEqualTo(16);
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(leaseId).getString("state").equals("RUNNING"));

        // and the cluster has the PodGroup, the Service, the rank table and one Pod per node
        RegionalCluster east = RealInfraResource.cluster(EAST);
        String group = GangWorkload.groupName(leaseId);
        GenericKubernetesResource podGroup = east.client().genericKubernetesResources(
                io.computenet.scheduler.kubernetes.PodGateway.PODGROUPS).inNamespace(NAMESPACE).withName(group).get();
        assertThat(podGroup.getApiVersion()).isEqualTo("scheduling.volcano.sh/v1beta1");
        assertThat(podGroup).isNotNull();
        assertThat(((Number) ((Map<?, ?>) podGroup.getAdditionalProperties().get("spec")).get("minMember"))
                .intValue()).isEqualTo(2);
        var service = east.client().services().inNamespace(NAMESPACE).withName(group).get();
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        List<Pod> pods = List.of(east.client().pods().inNamespace(NAMESPACE).withName(
                        LeaseMemberEntity.podName(leaseId, 0)).get(),
                east.client().pods().inNamespace(NAMESPACE).withName(LeaseMemberEntity.podName(leaseId, 1)).get());
        assertThat(pods).allSatisfy(p -> {
            assertThat(p.getSpec().getSchedulerName()).isEqualTo("volcano");
            assertThat(p.getMetadata().getAnnotations()).containsEntry(GangWorkload.GROUP_ANNOTATION, group);
            assertThat(p.getSpec().getContainers().get(0).getResources().getLimits().get("huawei.com/" + MODEL)
                    .getAmount()).isEqualTo("8");
            assertThat(p.getSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation())
                    .isFalse();
            assertThat(env(p)).containsEntry("WORLD_SIZE", "16").containsEntry("MASTER_PORT", "29500")
                    .containsEntry("MASTER_ADDR", LeaseMemberEntity.podName(leaseId, 0) + "." + group + "."
                            + NAMESPACE + ".svc")
                    .containsEntry("RANK_TABLE_FILE", "/etc/computenet/hccl/hccl.json");
        });
        assertThat(env(pods.get(1))).containsEntry("NODE_RANK", "1").containsEntry("RANK", "8");
        JsonNode table = new ObjectMapper().readTree(east.client().configMaps().inNamespace(NAMESPACE)
                .withName(group).get().getData().get("hccl.json"));
        assertThat(table.path("server_count").asText()).isEqualTo("2");
        assertThat(table.path("server_list").get(1).path("server_id").asText()).isEqualTo("gang-c");
        assertThat(table.path("server_list").get(1).path("device").get(7).path("rank_id").asText()).isEqualTo("15");
        assertThat(table.path("server_list").get(1).path("device").get(7).path("device_id").asText()).isEqualTo("7");
        assertThat(table.path("server_list").get(1).path("device").get(7).path("device_ip").asText())
                .isEqualTo("192.168.107.13");
        assertThat(table.path("server_list").get(0).path("server_id").asText()).isEqualTo("gang-b");
        assertThat(table.path("server_list").get(0).path("device").get(0).path("device_ip").asText())
                .isEqualTo("192.168.100.12");

        // when: rank 1's node falls silent (last heard 11 minutes ago, beyond the test profile's 10 minute timeout)
        Instant lastSample = Instant.now().minus(11, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            LeaseEntity.update("startedAt = ?1 where leaseId = ?2", lastSample.minus(9, ChronoUnit.MINUTES), leaseId);
            NodeEntity.update("lastSeenAt = ?1, lastEventAt = ?2 where nodeId = ?3", lastSample.plusMillis(200),
                    lastSample, "gang-c");
        });
        TestInventory.publish(TestInventory.inventory("gang-a", EAST,
                npus("gang-a"), agentRack("gang-a")));

        // then: the whole gang fails at that instant, every Pod and object goes, every device is free
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(leaseId).getString("state").equals("FAILED"));
        JsonPath failed = lease(leaseId);
        assertThat(Instant.parse(failed.getString("endedAt"))).isEqualTo(lastSample);
        assertThat(failed.getString("reason")).contains("node rank 1 (gang-c)", "whole gang fails");
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", leaseId))).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> east.client().pods().inNamespace(NAMESPACE)
                .withLabel("computenet.io/lease-id", leaseId).list().getItems().isEmpty()
                && east.client().services().inNamespace(NAMESPACE).withName(group).get() == null
                && east.client().configMaps().inNamespace(NAMESPACE).withName(group).get() == null
                && east.client().genericKubernetesResources(io.computenet.scheduler.kubernetes.PodGateway.PODGROUPS)
                .inNamespace(NAMESPACE).withName(group).get() == null);

        // and billing gets one event stream per node, both ending at the same instant
        List<LeaseEvent> ended = endedMembers(leaseId);
        assertThat(ended).extracting(LeaseEvent::leaseId).containsExactlyInAnyOrder(leaseId + "-r0", leaseId + "-r1");
        assertThat(ended).extracting(LeaseEvent::endedAt).containsOnly(lastSample);
        assertThat(ended).extracting(LeaseEvent::gangLeaseId).containsOnly(leaseId);
        assertThat(ended).extracting(LeaseEvent::deviceCount).containsOnly(8);
        assertThat(ended).extracting(LeaseEvent::nodeId).containsExactlyInAnyOrder("gang-b", "gang-c");
        QuarkusTransaction.requiringNew().run(() -> NodeEntity.update("lastSeenAt = ?1, lastEventAt = ?1"
                + " where nodeId = ?2", Instant.now(), "gang-c"));
    }

    @Test
    void queuesAGangThatDoesNotFitHoldingNothingAndPlacesItWhenItFits() {
        // given: one device of one of the three nodes is held
        String single = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "memoryGiB", 32, "deviceCount", 1, "region", EAST, "model", MODEL,
                        "durationMinutes", 60, "maxWaitMinutes", 0))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");

        // when: a gang of all three nodes, and one of four
        String queued = given().contentType(ContentType.JSON).body(gang(3, 8)).post("/internal/v1/leases")
                .then().statusCode(201).body("state", equalTo("QUEUED")).extract().path("leaseId");
        String refused = given().contentType(ContentType.JSON).body(gang(4, 8)).post("/internal/v1/leases")
                .then().statusCode(409).extract().path("type");

        // then: the three-node gang waits, saying how many nodes fit, holding nothing; four could never fit
        assertThat(lease(queued).getList("pendingReasons", String.class).get(0))
                .contains("gang of 3 node(s) x 8 device(s)", "at most 2 node(s)", "1 more node(s) missing");
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", queued))).isZero();
        assertThat(lease(queued).getList("members")).isEmpty();
        assertThat(refused).endsWith("insufficient-capacity");

        // when: the single lease ends
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + single + "/release").then()
                .statusCode(200);

        // then: the queue places the whole gang
        await().atMost(Duration.ofSeconds(30)).until(() -> !lease(queued).getString("state").equals("QUEUED"));
        assertThat(lease(queued).getList("members.nodeId", String.class)).containsExactlyInAnyOrderElementsOf(NODES);
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", queued)))
                .isEqualTo(24);
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + queued + "/release").then()
                .statusCode(200).body("state", equalTo("RELEASED"));
    }

    @Test
    void quotesAGangForAllItsDevicesAndBooksItByIdAtTheHeldPrice() {
        // given: 5.00 per NPU-hour
        QuarkusMock.installMockForType(new QuoteBookingTest.Prices(EAST, MODEL, "5.00"), PriceCatalog.class);

        // when: a gang of 2 x 8 is quoted
        ValidatableResponse quoted = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "memoryGiB", 32, "nodes", 2, "devicesPerNode", 8, "region", EAST,
                        "model", MODEL, "durationMinutes", 90, "workloadClass", "TRAINING"))
                .post("/internal/v1/quotes").then().statusCode(200);

        // then: each option is the whole gang, priced for its 16 NPUs
        quoted.body("quotes[0].nodes", equalTo(2)).body("quotes[0].devicesPerNode", equalTo(8))
                .body("quotes[0].model", equalTo(MODEL)).body("quotes[0].sliceKind", org.hamcrest.Matchers.nullValue())
                .body("quotes[0].pricePerDeviceHour", equalTo(5.0f)).body("quotes[0].pricePerHour", equalTo(80.0f))
                .body("quotes[0].estimatedCost", equalTo(120.0f));
        String quoteId = quoted.extract().path("quotes[0].quoteId");

        // when: the price rises, then the quote is booked with its id and an image
        QuarkusMock.installMockForType(new QuoteBookingTest.Prices(EAST, MODEL, "9.00"), PriceCatalog.class);
        String leaseId = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "quoteId", quoteId, "image", "registry.example/train:1"))
                .post("/internal/v1/leases").then().statusCode(201)
                // then: the gang is placed whole at the held price
                .body("quoteId", equalTo(quoteId)).body("nodes", equalTo(2)).body("devicesPerNode", equalTo(8))
                .body("members.size()", equalTo(2)).body("pricePerHour", equalTo(80.0f))
                .body("estimatedCost", equalTo(120.0f))
                .extract().path("leaseId");
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", leaseId)))
                .isEqualTo(16);
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + leaseId + "/release").then()
                .statusCode(200);

        // and: a quote for one node cannot be booked as a gang
        String single = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "memoryGiB", 32, "deviceCount", 8, "region", EAST, "model", MODEL,
                        "durationMinutes", 90))
                .post("/internal/v1/quotes").then().statusCode(200).extract().path("quotes[0].quoteId");
        given().contentType(ContentType.JSON).body(Map.of("tenantId", TENANT, "quoteId", single, "nodes", 2))
                .post("/internal/v1/leases").then().statusCode(400).body("errors.field", hasItem("nodes"));
    }

    @Test
    void drainingOneNodeOfAGangGivesTheWholeGangTheNotice() {
        // given: a gang of 2 x 8
        String leaseId = given().contentType(ContentType.JSON).body(gang(2, 8)).post("/internal/v1/leases")
                .then().statusCode(201).extract().path("leaseId");
        String rank1 = lease(leaseId).getString("members[1].nodeId");

        // when: its rank 1 node is drained an hour ahead
        given().contentType(ContentType.JSON).body(Map.of("minutes", 60)).queryParam("organisation", "op-test")
                .queryParam("by", "gang-test").post("/internal/v1/nodes/" + rank1 + "/drain").then().statusCode(200);

        // then: the gang (every member is one lease) shows the deadline; undrained, the notice is withdrawn
        assertThat(lease(leaseId).getString("drainDeadline")).isNotNull();
        given().queryParam("organisation", "op-test").queryParam("by", "gang-test")
                .delete("/internal/v1/nodes/" + rank1 + "/drain").then().statusCode(200);
        assertThat(lease(leaseId).getString("drainDeadline")).isNull();
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + leaseId + "/release").then()
                .statusCode(200);
    }

    @Test
    void aGangEndsWholeAtTheDrainDeadlineOfOneOfItsNodesAndBillingStopsThereForEveryNode() {
        // given: a running gang of 2 x 8
        String leaseId = given().contentType(ContentType.JSON).body(gang(2, 8)).post("/internal/v1/leases")
                .then().statusCode(201).extract().path("leaseId");
        await().atMost(Duration.ofSeconds(30)).until(() -> lease(leaseId).getString("state").equals("RUNNING"));
        String rank1 = lease(leaseId).getString("members[1].nodeId");

        // when: its rank 1 node is drained a few seconds ahead
        Instant deadline = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        given().contentType(ContentType.JSON).body(Map.of("deadline", deadline.toString()))
                .queryParam("organisation", "op-test").queryParam("by", "op-bob")
                .post("/internal/v1/nodes/" + rank1 + "/drain").then().statusCode(200);
        try {
            // then: the whole gang fails at the deadline exactly, named after the drain of its rank 1 node
            await().atMost(Duration.ofSeconds(40)).until(() -> lease(leaseId).getString("state").equals("FAILED"));
            JsonPath failed = lease(leaseId);
            assertThat(Instant.parse(failed.getString("endedAt"))).isEqualTo(deadline);
            assertThat(failed.getString("reason")).isEqualTo("node drained by operator op-bob at " + deadline);
            assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", leaseId))).isZero();

            // and billing gets both members' ends at the deadline
            List<LeaseEvent> ended = endedMembers(leaseId);
            assertThat(ended).extracting(LeaseEvent::leaseId)
                    .containsExactlyInAnyOrder(leaseId + "-r0", leaseId + "-r1");
            assertThat(ended).extracting(LeaseEvent::endedAt).containsOnly(deadline);
        } finally {
            given().queryParam("organisation", "op-test").queryParam("by", "op-bob")
                    .delete("/internal/v1/nodes/" + rank1 + "/drain").then().statusCode(200);
        }
    }

    @Test
    void booksAGangAheadAllOrNothingAndStartsItOnEveryReservedNodeAtItsTime() {
        // given: a gang of 2 x 8 booked from 10 s ahead for an hour
        Instant start = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> ahead = new java.util.HashMap<>(gang(2, 8));
        ahead.put("startAt", start.toString());
        String booking = given().contentType(ContentType.JSON).body(ahead).post("/internal/v1/leases").then()
                .statusCode(201).body("state", equalTo("BOOKED")).body("nodes", equalTo(2))
                .extract().path("leaseId");
        String reservedMaster = lease(booking).getString("reservedNodeId");
        assertThat(reservedMaster).isIn(NODES);
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", booking))).isZero();

        // when: a second gang asks for the same window, and a gang and a node's worth of NPUs ask for now
        ValidatableResponse second = given().contentType(ContentType.JSON).body(ahead).post("/internal/v1/leases")
                .then().statusCode(409);
        Map<String, Object> gangNow = new java.util.HashMap<>(gang(2, 8));
        gangNow.put("maxWaitMinutes", 0);
        given().contentType(ContentType.JSON).body(gangNow).post("/internal/v1/leases").then().statusCode(409);
        String single = given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "memoryGiB", 32, "deviceCount", 8, "region", EAST, "model", MODEL,
                        "durationMinutes", 60, "maxWaitMinutes", 0))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");

        // then: the second booking is refused whole for the window (one node is left for it); the gang for now
        // cannot use the reserved nodes, and the single lease took the one node the booking left
        assertThat(second.extract().jsonPath().getList("reasons", String.class)).first().asString()
                .startsWith("from " + start + " to ").contains("at most 1 node(s)");
        String singleNode = lease(single).getString("nodeId");
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + single + "/release").then()
                .statusCode(200);

        // and at its time the gang starts on all its reserved nodes at once, not on the node the single lease had
        await().atMost(Duration.ofSeconds(40)).until(() -> !lease(booking).getString("state").equals("BOOKED"));
        JsonPath started = lease(booking);
        assertThat(started.getString("state")).isIn("SCHEDULED", "STARTING", "RUNNING");
        assertThat(started.getList("members.nodeId", String.class)).hasSize(2).doesNotContain(singleNode)
                .startsWith(reservedMaster);
        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("leaseId", booking)))
                .isEqualTo(16);
        given().queryParam("tenantId", TENANT).post("/internal/v1/leases/" + booking + "/release").then()
                .statusCode(200);
    }

    @Test
    void refusesAGangWithoutItsDevicesPerNodeNamingTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "memoryGiB", 32, "nodes", 2, "deviceCount", 16, "region", EAST,
                        "durationMinutes", 60))
                .post("/internal/v1/leases")
                .then().statusCode(400)
                .body("errors.field", hasItem("devicesPerNode"));
        given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", TENANT, "memoryGiB", 32, "nodes", 2, "devicesPerNode", 8, "sharing",
                        "SHARED", "region", EAST, "durationMinutes", 60))
                .post("/internal/v1/leases")
                .then().statusCode(400)
                .body("errors.field", hasItem("sharing"));
    }
}
