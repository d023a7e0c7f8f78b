package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.Sharing;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.inventory.NodeEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** The one node a batch test leases from: published before, released after each test, removed after the class. */
final class BatchTestNode {

    static final String REGION = "cn-east-yrd";
    /** The model of the batch tests' devices; no other test uses it. */
    static final String MODEL = "A40";

    private BatchTestNode() {
    }

    /** A one-device lease request for an A40 in {@link #REGION}, 30 minutes, that will not wait in the queue. */
    static LeaseRequest a40(String tenant, int memoryGiB, Sharing sharing, String sliceProfile, Instant startAt) {
        return new LeaseRequest(tenant, BigDecimal.valueOf(memoryGiB), 1, REGION, Vendor.NVIDIA, null, 30, null, null,
                null, 0, null, null, MODEL, sliceProfile, sharing, null, null, startAt);
    }

    /** Enrols and publishes the node with {@code devices}, and waits until the scheduler has them all. */
    static void publish(String nodeId, List<DeviceInfo> devices) {
        TestInventory.publish(TestInventory.inventory(nodeId, REGION, devices));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", nodeId)) == devices.size());
    }

    /**
     * Removes the node: other tests place leases in the same region without naming a vendor, and its free devices
     * must not attract them.
     */
    static void remove(String nodeId) {
        QuarkusTransaction.requiringNew().run(() -> {
            DeviceEntity.delete("nodeId", nodeId);
            NodeEntity.deleteById(nodeId);
        });
    }

    /** Releases the tenant's live and queued leases and waits until the node's devices are free again. */
    static void releaseAll(LeaseService leases, String tenant, String nodeId) {
        List<String> live = QuarkusTransaction.requiringNew().call(() -> LeaseEntity.<LeaseEntity>list(
                "tenantId = ?1 and state in ?2", tenant, List.of(LeaseState.SCHEDULED, LeaseState.STARTING,
                        LeaseState.RUNNING, LeaseState.QUEUED)).stream().map(l -> l.leaseId).toList());
        live.forEach(id -> leases.release(id, tenant));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId = ?1 and leaseId is not null", nodeId)) == 0);
    }

    /** Which lease holds each of the node's devices whole (null: none). */
    static Map<String, String> holders(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> byDevice = new HashMap<>();
            DeviceEntity.<DeviceEntity>list("nodeId", nodeId).forEach(d -> byDevice.put(d.deviceKey, d.leaseId));
            return byDevice;
        });
    }
}
