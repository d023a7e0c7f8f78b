package io.computenet.e2e;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Node enrolment through the whole system: an operator authenticated by Keycloak creates a one-time token on the
 * portal, a node exchanges it for an identity, its signed records reach the scheduler over Kafka, records it does
 * not own are dead-lettered, and after revocation its records are refused. The simulated fleet enrols the same way.
 */
@ExtendWith(StackExtension.class)
class EnrollmentEndToEndTest {

    private static String operator;
    private static String researcher;

    @BeforeAll
    static void tokens() {
        String realm = StackExtension.stack().options().realmUrl();
        operator = Tokens.password(realm, "operator1", "operator1");
        researcher = Tokens.password(realm, "researcher1", "researcher1");
    }

    private static DeviceInfo h100(String uuid, int index) {
        return new DeviceInfo(Vendor.NVIDIA, "H100 80GB HBM3", uuid, null, index, null,
                String.format("0000:%02X:00.0", 0x18 + index), 81559, 0L, 0.0, 33.0, 70.0, DeviceHealth.OK,
                "550.54.15", null, "CUDA", "12.4", List.of());
    }

    private static void sendSigned(KafkaTestClient kafka, InventoryEvent event, String signer, String credential) {
        String payload = EventCodec.encode(event);
        kafka.send(Topics.INVENTORY, event.nodeId(), payload, Map.of(RecordSignature.NODE_HEADER, signer,
                RecordSignature.HEADER, RecordSignature.sign(credential, payload)));
    }

    private static String deadLetterReason(KafkaTestClient kafka, InventoryEvent event) {
        List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER,
                r -> r.value() != null && r.value().contains(event.eventId()), Duration.ofSeconds(60));
        ConsumerRecord<String, String> r = dead.stream().filter(x -> x.value().contains(event.eventId())).findFirst()
                .orElseThrow(() -> new AssertionError("event " + event.eventId() + " was not dead-lettered"));
        return new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }

    @Test
    void anOperatorEnrolsANodeWhoseSignedRecordsAreAcceptedUntilItIsRevoked() {
        // given: a one-time token for the operator's own organisation
        JsonPath batch = given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("region", "cn-east-yrd", "cluster", "wuhu-1", "expiresInMinutes", 30))
                .post("/api/v1/operator/enrollment-tokens")
                .then().statusCode(201).body("organisation", equalTo("op-demo")).extract().jsonPath();
        String token = batch.getString("tokens[0]");
        List<DeviceInfo> devices = List.of(h100("GPU-e2e-enrol-0", 0), h100("GPU-e2e-enrol-1", 1));

        // when: the node exchanges it (no bearer token: the enrolment token is the credential)
        Map<String, Object> exchange = Map.of("token", token, "nodeName", "e2e-enrolled-1", "hostname",
                "e2e-enrolled-1.example", "devices", devices);
        JsonPath identity = given().contentType(ContentType.JSON).body(exchange).post("/api/v1/enrollments")
                .then().statusCode(201).body("nodeId", equalTo("e2e-enrolled-1"))
                .body("region", equalTo("cn-east-yrd")).extract().jsonPath();
        String credential = identity.getString("credential");

        // then: the token is spent
        given().contentType(ContentType.JSON).body(exchange).post("/api/v1/enrollments")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/enrollment-token-used"));

        try (KafkaTestClient kafka = new KafkaTestClient(StackExtension.stack().kafka().superUser())) {
            // and: its signed inventory reaches the scheduler
            sendSigned(kafka, InventoryEvent.inventory(Instant.now(), "e2e-enrolled-1", "op-demo", "cn-east-yrd",
                    "wuhu-1", "e2e-enrolled-1.example", devices), "e2e-enrolled-1", credential);
            await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(operator)
                    .get("/api/v1/operator/nodes").then().statusCode(200).extract().jsonPath()
                    .getString("find { it.nodeId == 'e2e-enrolled-1' }.lastSeenAt") != null);

            // and: a record with a device it was not enrolled with, and one with a guessed credential, are refused
            InventoryEvent smuggled = InventoryEvent.heartbeat(Instant.now(), "e2e-enrolled-1", "op-demo",
                    "cn-east-yrd", "wuhu-1", "e2e-enrolled-1.example", List.of(h100("GPU-e2e-smuggled", 2)));
            sendSigned(kafka, smuggled, "e2e-enrolled-1", credential);
            InventoryEvent forged = InventoryEvent.heartbeat(Instant.now(), "e2e-enrolled-1", "op-demo",
                    "cn-east-yrd", "wuhu-1", "e2e-enrolled-1.example", devices);
            sendSigned(kafka, forged, "e2e-enrolled-1", "a-guessed-credential-0123456789");
            assertThat(deadLetterReason(kafka, smuggled)).contains("device GPU-e2e-smuggled")
                    .contains("never enrolled");
            assertThat(deadLetterReason(kafka, forged)).contains("does not verify");

            // when: the operator revokes the node
            given().auth().oauth2(operator).post("/api/v1/operator/nodes/e2e-enrolled-1/revoke")
                    .then().statusCode(200).body("revokedAt", notNullValue());

            // then: its records are refused from now on
            InventoryEvent afterRevoke = InventoryEvent.heartbeat(Instant.now(), "e2e-enrolled-1", "op-demo",
                    "cn-east-yrd", "wuhu-1", "e2e-enrolled-1.example", devices);
            sendSigned(kafka, afterRevoke, "e2e-enrolled-1", credential);
            assertThat(deadLetterReason(kafka, afterRevoke)).contains("was revoked");
        }
    }

    @Test
    void theSimulatedFleetIsEnrolledThroughThePortalLikeRealNodes() {
        int fleet = StackExtension.stack().fleetSize(); // the round-robin nodes and the training block
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonPath nodes = given().auth().oauth2(operator).get("/api/v1/operator/nodes").then().statusCode(200)
                    .extract().jsonPath();
            List<String> seen = nodes.getList("findAll { it.nodeId.startsWith('sim-') && it.lastSeenAt != null }"
                    + ".nodeId");
            assertThat(seen).hasSize(fleet);
        });
    }

    @Test
    void onlyOperatorsCreateEnrolmentTokensAndOnlyForKnownRegions() {
        Map<String, Object> request = Map.of("region", "cn-east-yrd", "cluster", "wuhu-1");
        given().contentType(ContentType.JSON).body(request).post("/api/v1/operator/enrollment-tokens")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(researcher).contentType(ContentType.JSON).body(request)
                .post("/api/v1/operator/enrollment-tokens").then().statusCode(403);
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("region", "atlantis", "cluster", "wuhu-1"))
                .post("/api/v1/operator/enrollment-tokens").then().statusCode(400)
                .body("detail", containsString("unknown region atlantis"));
        given().contentType(ContentType.JSON)
                .body(Map.of("token", "cnet_et_forged", "devices", List.of(h100("GPU-x", 0))))
                .post("/api/v1/enrollments").then().statusCode(401)
                .body("type", equalTo("https://computenet.io/problems/enrollment-token-invalid"));
    }
}
