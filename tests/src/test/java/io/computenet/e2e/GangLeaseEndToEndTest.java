package io.computenet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.DevStack;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.Tokens;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gang lease on the demo fleet, as a researcher runs distributed training: 2 nodes x 8 Ascend 910B3 through the
 * portal, placed on the simulated fleet's training block (two nodes of one rack, whose agents report the rack label),
 * dispatched to Guizhou's cluster as a Volcano PodGroup with one Pod per node, a headless Service and an HCCL rank
 * table; a second gang that does not fit waits, holding nothing. Then one member node's agent falls silent, and the
 * whole gang fails as one: every object goes, and billing stops for both members at the same instant.
 */
@ExtendWith(StackExtension.class)
class GangLeaseEndToEndTest {

    private static final String REGION = DevStack.TRAINING_REGION;
    private static final String NAMESPACE = "computenet-leases";
    private static final String MODEL = "Ascend910B3";
    private static final ResourceDefinitionContext PODGROUPS = new ResourceDefinitionContext.Builder()
            .withGroup("scheduling.volcano.sh").withVersion("v1beta1").withKind("PodGroup").withPlural("podgroups")
            .withNamespaced(true).build();
    private static final Set<String> SILENCED = new HashSet<>();
    private static String researcher;

    @BeforeAll
    static void tokens() {
        researcher = Tokens.password(StackExtension.stack().options().realmUrl(), "researcher1", "researcher1");
    }

    /** The silenced node speaks again, so the test classes after this one see the whole fleet. */
    @AfterAll
    static void resumeNodes() {
        SILENCED.forEach(StackExtension.stack()::resumeNode);
    }

    private static Map<String, Object> gang(String region) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("memoryGiB", 32, "nodes", 2, "devicesPerNode", 8,
                "model", MODEL, "durationMinutes", 60, "workloadClass", "TRAINING"));
        if (region != null) {
            body.put("region", region);
        }
        return body;
    }

    private static JsonPath lease(String leaseId) {
        return given().auth().oauth2(researcher).get("/api/v1/leases/" + leaseId).then().statusCode(200).extract()
                .jsonPath();
    }

    private static Map<String, String> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void runsATwoNodeGangOnOneRackAndFailsItAsOneWhenANodeDies() throws Exception {
        // given: both training nodes have reached the scheduler, with all their NPUs free
        await().atMost(Duration.ofSeconds(120)).until(() -> given().auth().oauth2(researcher).get("/api/v1/offers")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.region == '" + REGION
                        + "' && it.model == '" + MODEL + "' && it.freeDevices >= 16 }").size() > 0);

        // when: a researcher asks for 2 nodes x 8 NPUs in Guizhou
        String leaseId = given().auth().oauth2(researcher).contentType(ContentType.JSON).body(gang(REGION))
                .post("/api/v1/leases").then().log().ifValidationFails().statusCode(201).extract().path("leaseId");

        // then: it runs on two nodes of the one rack the agents report, 8 NPUs each
        await().atMost(Duration.ofSeconds(90)).until(() -> "RUNNING".equals(lease(leaseId).getString("state")));
        JsonPath running = lease(leaseId);
        assertThat(running.getInt("nodes")).isEqualTo(2);
        assertThat(running.getInt("deviceCount")).isEqualTo(16);
        assertThat(running.getString("deviceModel")).isEqualTo(MODEL);
        assertThat(running.getString("topology")).isEqualTo(DevStack.TRAINING_TOPOLOGY);
        assertThat(running.getList("members.rank", Integer.class)).containsExactly(0, 1);
        assertThat(running.getList("members.topology", String.class)).containsOnly(DevStack.TRAINING_TOPOLOGY);
        List<String> nodes = running.getList("members.nodeId", String.class);
        assertThat(nodes).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).startsWith("sim-" + REGION + "-"));
        assertThat(running.getList("members[0].deviceKeys", String.class)).hasSize(8);
        assertThat(running.getList("members[1].deviceKeys", String.class)).hasSize(8);

        // and Guizhou's cluster has the PodGroup, one volcano Pod per node with the rendezvous environment, the
        // headless Service and the HCCL rank table
        KubernetesClient cluster = StackExtension.stack().cluster(REGION).client();
        List<Pod> pods = running.getList("members.podName", String.class).stream()
                .map(name -> cluster.pods().inNamespace(NAMESPACE).withName(name).get()).toList();
        assertThat(pods).doesNotContainNull().hasSize(2);
        String group = pods.get(0).getMetadata().getAnnotations().get("scheduling.k8s.io/group-name");
        GenericKubernetesResource podGroup = cluster.genericKubernetesResources(PODGROUPS).inNamespace(NAMESPACE)
                .withName(group).get();
        assertThat(podGroup).isNotNull();
        assertThat(((Number) ((Map<?, ?>) podGroup.getAdditionalProperties().get("spec")).get("minMember"))
                .intValue()).isEqualTo(2);
        for (int rank = 0; rank < 2; rank++) {
            Pod pod = pods.get(rank);
            assertThat(pod.getSpec().getSchedulerName()).isEqualTo("volcano");
            assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                    .getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues()).containsExactly(nodes.get(rank));
            assertThat(pod.getMetadata().getAnnotations()).containsEntry("scheduling.k8s.io/group-name", group);
            assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits().get("huawei.com/" + MODEL)
                    .getAmount()).isEqualTo("8");
            assertThat(env(pod)).containsEntry("MASTER_ADDR", pods.get(0).getMetadata().getName() + "." + group
                            + "." + NAMESPACE + ".svc")
                    .containsEntry("MASTER_PORT", "29500").containsEntry("WORLD_SIZE", "16")
                    .containsEntry("RANK", String.valueOf(rank * 8)).containsEntry("NODE_RANK", String.valueOf(rank))
                    .containsEntry("NNODES", "2").containsEntry("NPROC_PER_NODE", "8")
                    .containsEntry("LOCAL_WORLD_SIZE", "8");
        }
        assertThat(cluster.services().inNamespace(NAMESPACE).withName(group).get().getSpec().getClusterIP())
                .isEqualTo("None");
        JsonNode table = new ObjectMapper().readTree(cluster.configMaps().inNamespace(NAMESPACE).withName(group).get()
                .getData().get("hccl.json"));
        assertThat(table.path("server_count").asText()).isEqualTo("2");
        assertThat(table.path("server_list").get(0).path("server_id").asText()).isEqualTo(nodes.get(0));
        assertThat(table.path("server_list").get(1).path("server_id").asText()).isEqualTo(nodes.get(1));
        assertThat(table.path("server_list").get(1).path("device")).hasSize(8);
        assertThat(table.path("server_list").get(1).path("device").get(7).path("rank_id").asText()).isEqualTo("15");
        // each NPU's own RoCE address, as the simulated agent reports it (the fleet's node number, one plane per index)
        int secondNode = Integer.parseInt(nodes.get(1).substring(nodes.get(1).lastIndexOf('-') + 1));
        assertThat(table.path("server_list").get(1).path("device").get(7).path("device_ip").asText())
                .isEqualTo("10.107." + secondNode / 250 + "." + (secondNode % 250 + 1));
        List<String> addresses = new java.util.ArrayList<>();
        table.path("server_list").forEach(server -> server.path("device")
                .forEach(device -> addresses.add(device.path("device_ip").asText())));
        assertThat(addresses).hasSize(16).doesNotHaveDuplicates()
                .allMatch(a -> a.matches("10\\.1\\d\\d\\.\\d+\\.\\d+"));

        // when: a second gang of the same shape is asked for while the first holds the rack
        JsonPath second = given().auth().oauth2(researcher).contentType(ContentType.JSON).body(gang(null))
                .post("/api/v1/leases").then().log().ifValidationFails().statusCode(201).extract().jsonPath();

        // then: it waits, holding nothing, its reasons saying how many nodes fit
        assertThat(second.getString("state")).isEqualTo("QUEUED");
        assertThat(second.getList("members")).isEmpty();
        assertThat(second.getString("nodeId")).isNull();
        assertThat(String.join("\n", second.getList("pendingReasons", String.class)))
                .containsPattern("gang of 2 node\\(s\\) x 8 device\\(s\\): at most [01] node\\(s\\) in one cluster")
                .contains("more node(s) missing");
        given().auth().oauth2(researcher).post("/api/v1/leases/" + second.getString("leaseId") + "/release")
                .then().statusCode(200);

        // when: rank 1's node dies (its agent sends nothing more)
        SILENCED.add(nodes.get(1));
        StackExtension.stack().silenceNode(nodes.get(1));

        // then: the whole gang fails, naming the node, and every Pod and object of it goes
        await().atMost(Duration.ofSeconds(120)).until(() -> "FAILED".equals(lease(leaseId).getString("state")));
        JsonPath failed = lease(leaseId);
        assertThat(failed.getString("reason")).contains(nodes.get(1), "whole gang fails");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.pods().inNamespace(NAMESPACE)
                .withLabel("computenet.io/lease-id", leaseId).list().getItems().isEmpty()
                && cluster.services().inNamespace(NAMESPACE).withName(group).get() == null
                && cluster.configMaps().inNamespace(NAMESPACE).withName(group).get() == null
                && cluster.genericKubernetesResources(PODGROUPS).inNamespace(NAMESPACE).withName(group).get() == null);

        // and billing's lease events end both members at one instant, the lease's end
        Instant endedAt = Instant.parse(failed.getString("endedAt"));
        try (KafkaTestClient kafka = new KafkaTestClient(StackExtension.stack().kafka().superUser())) {
            Set<String> endedMembers = new HashSet<>();
            List<LeaseEvent> ended = kafka.readUntil(Topics.LEASE_EVENTS, r -> {
                        if (r.key().startsWith(leaseId) && r.value().contains(LeaseEvent.TYPE_ENDED)) {
                            endedMembers.add(r.key());
                        }
                        return endedMembers.size() == 2;
                    }, Duration.ofSeconds(60)).stream().filter(r -> r.key().startsWith(leaseId))
                    .map(r -> EventCodec.decode(r.value(), LeaseEvent.class))
                    .filter(e -> e.type().equals(LeaseEvent.TYPE_ENDED)).toList();
            assertThat(ended).extracting(LeaseEvent::nodeId).containsExactlyInAnyOrderElementsOf(nodes);
            assertThat(ended).extracting(LeaseEvent::endedAt).containsOnly(endedAt);
            assertThat(ended).extracting(LeaseEvent::gangLeaseId).containsOnly(leaseId);
            assertThat(ended).extracting(LeaseEvent::deviceCount).containsOnly(8);
        }
    }
}
