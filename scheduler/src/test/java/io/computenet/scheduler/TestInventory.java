package io.computenet.scheduler;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.restassured.http.ContentType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.computenet.devstack.testing.ServiceCalls.given;

/**
 * Builds and publishes inventory events the way an enrolled node agent does: the first record of a node enrols it
 * through the scheduler's enrolment API (a token for the event's organisation, region and cluster, exchanged with the
 * event's devices), and every record is signed with the node's credential.
 */
public final class TestInventory {

    private static final Map<String, String> CREDENTIALS = new ConcurrentHashMap<>();

    private TestInventory() {
    }

    public static DeviceInfo device(Vendor vendor, String model, long memoryMiB, String key, int index) {
        return new DeviceInfo(vendor, model, key, null, index, null, String.format("0000:%02X:00.0", 0x18 + index),
                memoryMiB, 0L, 0.0, 35.0, 60.0, DeviceHealth.OK, "1.0", null, null, null, List.of());
    }

    public static List<DeviceInfo> devices(Vendor vendor, String model, long memoryMiB, String prefix, int count) {
        List<DeviceInfo> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(device(vendor, model, memoryMiB, prefix + "-" + i, i));
        }
        return list;
    }

    public static InventoryEvent inventory(String nodeId, String region, List<DeviceInfo> devices) {
        return inventory(nodeId, region, devices, null);
    }

    /** An inventory whose agent reports the node's topology label (rack, switch). */
    public static InventoryEvent inventory(String nodeId, String region, List<DeviceInfo> devices, String topology) {
        return InventoryEvent.inventory(Instant.now(), nodeId, "op-test", region, region + "-1", nodeId, devices,
                topology);
    }

    /** Enrols the event's node (once) and publishes the event signed with its credential. */
    public static void publish(InventoryEvent event) {
        String credential = CREDENTIALS.get(event.nodeId());
        if (credential == null) {
            credential = enrol(event);
        }
        publishSigned(event, event.nodeId(), credential);
    }

    /** The credential of a node enrolled through {@link #publish} or {@link #enrol}. */
    public static String credentialOf(String nodeId) {
        return CREDENTIALS.get(nodeId);
    }

    /** Enrols the event's node with the event's devices and returns its credential. */
    public static String enrol(InventoryEvent event) {
        // the node's kubelet has registered it with its region's cluster (where the test runs one)
        io.computenet.devstack.RegionalCluster cluster = RealInfraResource.cluster(event.region());
        if (cluster != null) {
            cluster.registerNode(event.hostname());
        }
        String token = api().contentType(ContentType.JSON)
                .body(Map.of("organisation", event.operatorId(), "region", event.region(), "cluster", event.cluster(),
                        "createdBy", "test"))
                .post("/internal/v1/enrollment-tokens")
                .then().statusCode(201).extract().path("tokens[0]");
        String credential = api().contentType(ContentType.JSON)
                .body(Map.of("token", token, "nodeName", event.nodeId(), "hostname", event.hostname(),
                        "devices", event.devices()))
                .post("/internal/v1/enrollments")
                .then().statusCode(201).extract().path("credential");
        CREDENTIALS.put(event.nodeId(), credential);
        return credential;
    }

    /** The scheduler under test; also usable from {@code @BeforeAll}, before RestAssured is pointed at it. */
    private static io.restassured.specification.RequestSpecification api() {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        return given().baseUri("http://localhost").port(port);
    }

    /** Publishes the event as {@code signer} signed it with {@code credential}. */
    public static void publishSigned(InventoryEvent event, String signer, String credential) {
        String payload = EventCodec.encode(event);
        send(event.nodeId(), payload, Map.of(RecordSignature.NODE_HEADER, signer,
                RecordSignature.HEADER, RecordSignature.sign(credential, payload)));
    }

    /** Publishes a raw record with these headers. */
    public static void send(String key, String payload, Map<String, String> headers) {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            kafka.send(Topics.INVENTORY, key, payload, headers);
        }
    }
}
