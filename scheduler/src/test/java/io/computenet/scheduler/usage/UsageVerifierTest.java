package io.computenet.scheduler.usage;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.lease.LeaseEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class UsageVerifierTest {

    private static final String REGION = "cn-west-gz";

    @BeforeAll
    static void fleet() {
        TestInventory.publish(TestInventory.inventory("usage-node-gpu", REGION,
                TestInventory.devices(Vendor.NVIDIA, "H200", 143771, "ugpu", 2)));
        TestInventory.publish(TestInventory.inventory("usage-node-mlu", REGION,
                TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "umlu", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId in ?1", List.of("usage-node-gpu", "usage-node-mlu"))) == 3);
    }

    @Test
    void forwardsOnlyUsageSignedByTheNodeAndDeviceItsLeaseRunsOn() {
        // given: an NVIDIA lease, placed on some enrolled node; the Cambricon node is another, enrolled node
        String leaseId = newLease();
        LeaseEntity lease = QuarkusTransaction.requiringNew().call(() -> LeaseEntity.findById(leaseId));
        String node = lease.nodeId;
        String device = lease.deviceKeyList().get(0);
        String credential = TestInventory.credentialOf(node);
        String other = "usage-node-mlu";
        String otherCredential = TestInventory.credentialOf(other);
        Instant at = Instant.now();

        // when: samples that are not the signer's to report, then one that is
        UsageEvent unsigned = UsageEvent.sample(at, leaseId, node, device, 50.0, 1000L);
        send(unsigned, null, null);
        UsageEvent forged = UsageEvent.sample(at, leaseId, node, device, 50.0, 1000L);
        send(forged, node, "a-guessed-credential-of-32-chars!");
        UsageEvent forAnotherNode = UsageEvent.sample(at, leaseId, node, device, 99.0, 1L);
        send(forAnotherNode, other, otherCredential);
        UsageEvent notOnTheLease = UsageEvent.sample(at, leaseId, other, "umlu-0", 99.0, 1L);
        send(notOnTheLease, other, otherCredential);
        UsageEvent neverEnrolled = UsageEvent.sample(at, leaseId, node, "GPU-smuggled", 99.0, 1L);
        send(neverEnrolled, node, credential);
        UsageEvent genuine = UsageEvent.sample(at, leaseId, node, device, 61.5, 20_000L);
        send(genuine, node, credential);

        // then: only the genuine sample reaches the verified topic, unchanged and keyed by lease
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            List<ConsumerRecord<String, String>> verified = kafka.readUntil(Topics.USAGE_VERIFIED,
                    r -> r.value().contains(genuine.eventId()), Duration.ofSeconds(30));
            assertThat(verified).filteredOn(r -> leaseId.equals(r.key())).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo(EventCodec.encode(genuine)));

            // and each other one is dead-lettered with its reason
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER,
                    r -> r.value() != null && r.value().contains(neverEnrolled.eventId()), Duration.ofSeconds(30));
            assertThat(reasonOf(dead, unsigned)).contains("carries no computenet-node-id");
            assertThat(reasonOf(dead, forged)).contains("does not verify with the credential of node " + node);
            assertThat(reasonOf(dead, forAnotherNode)).contains("node " + other + " may not publish usage for node "
                    + node);
            assertThat(reasonOf(dead, notOnTheLease)).contains("lease " + leaseId + " does not run on device umlu-0");
            assertThat(reasonOf(dead, neverEnrolled)).contains("device GPU-smuggled on node " + node
                    + " was never enrolled");
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String reason : List.of("unsigned", "bad-signature", "not-owner", "not-leased", "unenrolled-device")) {
            assertThat(metrics).containsPattern(
                    "computenet_scheduler_usage_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*} [1-9]");
        }
    }

    @Test
    void refusesAndCountsSamplesForALeaseThatHasEnded() {
        // given: a lease, released
        String leaseId = newLease();
        Instant before = Instant.now().minusSeconds(1);
        given().queryParam("tenantId", "t-usage").post("/internal/v1/leases/" + leaseId + "/release")
                .then().statusCode(200);
        LeaseEntity lease = QuarkusTransaction.requiringNew().call(() -> LeaseEntity.findById(leaseId));
        assertThat(lease.endedAt).isNotNull();

        // when: its node sends a sample afterwards, dated before the end
        UsageEvent late = UsageEvent.sample(before, leaseId, lease.nodeId, lease.deviceKeyList().get(0), 70.0, 1L);
        send(late, lease.nodeId, TestInventory.credentialOf(lease.nodeId));

        // then: refused, dead-lettered with the reason, counted, and never forwarded to billing
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER,
                    r -> r.value() != null && r.value().contains(late.eventId()), Duration.ofSeconds(30));
            assertThat(reasonOf(dead, late)).contains("lease " + leaseId + " ended at");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> kafka.readUntil(Topics.USAGE_VERIFIED,
                    r -> r.value().contains(late.eventId()), Duration.ofSeconds(3))).isInstanceOf(AssertionError.class);
        }
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).containsPattern(
                "computenet_scheduler_usage_rejected_total\\{[^}]*reason=\"lease-ended\"[^}]*} [1-9]");
    }

    /** A one-hour NVIDIA lease of tenant t-usage in the test's region. */
    private static String newLease() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("tenantId", "t-usage", "memoryGiB", 100, "deviceCount", 1, "region", REGION,
                        "vendor", "NVIDIA", "durationMinutes", 60))
                .post("/internal/v1/leases").then().statusCode(201).extract().path("leaseId");
    }

    private static void send(UsageEvent event, String signer, String credential) {
        String payload = EventCodec.encode(event);
        Map<String, String> headers = signer == null ? Map.of() : Map.of(RecordSignature.NODE_HEADER, signer,
                RecordSignature.HEADER, RecordSignature.sign(credential, payload));
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            kafka.send(Topics.USAGE, event.key(), payload, headers);
        }
    }

    private static String reasonOf(List<ConsumerRecord<String, String>> records, UsageEvent event) {
        ConsumerRecord<String, String> r = records.stream()
                .filter(x -> x.value() != null && x.value().contains(event.eventId())).findFirst()
                .orElseThrow(() -> new AssertionError("usage " + event.eventId() + " was not dead-lettered"));
        var header = r.headers().lastHeader("dead-letter-reason");
        assertThat(header).as("dead-letter-reason header").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
