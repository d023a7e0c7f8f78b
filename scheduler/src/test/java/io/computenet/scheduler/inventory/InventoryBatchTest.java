package io.computenet.scheduler.inventory;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.TestInventory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One poll's inventory records in one transaction: the heartbeats' JDBC path and the entity path, in order. */
@QuarkusTest
class InventoryBatchTest {

    private static final String REGION = "cn-east-yrd";

    @Inject
    InventoryBatch batch;
    @Inject
    jakarta.persistence.EntityManager em;
    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;
    @Inject
    io.computenet.scheduler.Pruning pruning;

    /** The nodes leave the shared fleet, so other test classes' leases are not placed on them. */
    @AfterAll
    static void removeNodes() {
        QuarkusTransaction.requiringNew().run(() -> {
            DeviceEntity.delete("nodeId like 'hb-%'");
            NodeEntity.delete("nodeId like 'hb-%'");
        });
    }

    @Test
    void heartbeatsOfKnownNodesUpdateUsageAndHealthOnceAndNeverBackwards() {
        // given: two enrolled nodes whose inventories were applied
        List<DeviceInfo> a = TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, "hb-a", 2);
        List<DeviceInfo> b = TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, "hb-b", 1);
        Instant t0 = stored("hb-a", a);
        Instant tB = stored("hb-b", b); // later than t0 by however long that took

        // when: one batch with a heartbeat of each, a forged one, a device never enrolled, a redelivery, an older one
        InventoryEvent beatA = heartbeat("hb-a", t0.plusSeconds(10),
                List.of(usage(a.get(0), 1000, 50.0, DeviceHealth.OK),
                        usage(a.get(1), 2000, 75.0, DeviceHealth.WARNING)));
        InventoryEvent forged = heartbeat("hb-b", t0.plusSeconds(10),
                List.of(usage(b.get(0), 9, 9.0, DeviceHealth.OK)));
        InventoryEvent smuggled = heartbeat("hb-b", t0.plusSeconds(10), List.of(usage(b.get(0), 9, 9.0,
                DeviceHealth.OK), TestInventory.device(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, "hb-b-x", 1)));
        InventoryEvent older = heartbeat("hb-a", t0.plusSeconds(5),
                List.of(usage(a.get(0), 7777, 1.0, DeviceHealth.CRITICAL)));
        InventoryEvent beatB = heartbeat("hb-b", tB.plusSeconds(10), List.of(usage(b.get(0), 3000, 25.0,
                DeviceHealth.OK)));
        List<InventoryBatch.Outcome> outcomes = batch.apply(List.of(signed(beatA), signedBy(forged, "hb-b",
                "a-guessed-credential-of-32-chars!"), signed(smuggled), signed(beatA), signed(older), signed(beatB)));

        // then
        assertThat(outcomes).extracting(InventoryBatch.Outcome::rejectionReason)
                .containsExactly(null, "bad-signature", "unenrolled-device", null, null, null);
        assertThat(outcomes.get(2).detail()).contains("device hb-b-x").contains("was never enrolled");
        Map<String, DeviceEntity> devicesA = devices("hb-a");
        assertThat(devicesA.get("hb-a-0").memoryUsedMiB).isEqualTo(1000L);
        assertThat(devicesA.get("hb-a-0").utilizationPct).isEqualTo(50.0);
        assertThat(devicesA.get("hb-a-0").health).isEqualTo(DeviceHealth.OK);
        assertThat(devicesA.get("hb-a-1").memoryUsedMiB).isEqualTo(2000L);
        assertThat(devicesA.get("hb-a-1").health).isEqualTo(DeviceHealth.WARNING);
        assertThat(devices("hb-b").get("hb-b-0").memoryUsedMiB).isEqualTo(3000L);
        assertThat(devices("hb-b")).hasSize(1);
        NodeEntity nodeA = node("hb-a");
        assertThat(nodeA.lastEventAt).isEqualTo(t0.plusSeconds(10));
        assertThat(nodeA.lastSeenAt).isAfter(t0);

        // when: the same event id again, later, in another batch
        InventoryEvent replayed = new InventoryEvent(beatA.eventId(), beatA.type(), beatA.schemaVersion(),
                t0.plusSeconds(30), "hb-a", "op-test", REGION, REGION + "-1", "hb-a",
                List.of(usage(a.get(0), 5555, 5.0, DeviceHealth.OK)));
        assertThat(batch.apply(List.of(signed(replayed)))).extracting(InventoryBatch.Outcome::rejected)
                .containsExactly(false);

        // then: it changes nothing
        assertThat(devices("hb-a").get("hb-a-0").memoryUsedMiB).isEqualTo(1000L);
        assertThat(node("hb-a").lastEventAt).isEqualTo(t0.plusSeconds(10));
    }

    @Test
    void anInventoryAmongItsNodesHeartbeatsIsAppliedInArrivalOrder() {
        // given
        List<DeviceInfo> c = TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "hb-c", 3);
        Instant t0 = stored("hb-c", c);

        // when: a heartbeat, an inventory that drops a device, an older heartbeat, a newer heartbeat
        InventoryEvent first = heartbeat("hb-c", t0.plusSeconds(10), List.of(usage(c.get(0), 100, 10.0,
                DeviceHealth.OK), usage(c.get(2), 100, 10.0, DeviceHealth.OK)));
        InventoryEvent shrunk = InventoryEvent.inventory(t0.plusSeconds(20), "hb-c", "op-test", REGION, REGION + "-1",
                "hb-c", c.subList(0, 2));
        InventoryEvent stale = heartbeat("hb-c", t0.plusSeconds(15), List.of(usage(c.get(0), 150, 15.0,
                DeviceHealth.OK)));
        InventoryEvent last = heartbeat("hb-c", t0.plusSeconds(30), List.of(usage(c.get(0), 300, 30.0,
                DeviceHealth.OK), usage(c.get(1), 301, 31.0, DeviceHealth.CRITICAL)));
        List<InventoryBatch.Outcome> outcomes = batch.apply(List.of(signed(first), signed(shrunk), signed(stale),
                signed(last)));

        // then
        assertThat(outcomes).noneMatch(InventoryBatch.Outcome::rejected);
        Map<String, DeviceEntity> devices = devices("hb-c");
        assertThat(devices).containsOnlyKeys("hb-c-0", "hb-c-1");
        assertThat(devices.get("hb-c-0").memoryUsedMiB).isEqualTo(300L);
        assertThat(devices.get("hb-c-1").memoryUsedMiB).isEqualTo(301L);
        assertThat(devices.get("hb-c-1").health).isEqualTo(DeviceHealth.CRITICAL);
        assertThat(node("hb-c").lastEventAt).isEqualTo(t0.plusSeconds(30));
    }

    @Test
    void aHeartbeatThatChangesADevicesShapeOrComesFromANodeWithoutInventoryTakesTheFullPath() {
        // given: one node with its inventory applied, one only enrolled
        List<DeviceInfo> d = TestInventory.devices(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, "hb-d", 1);
        Instant t0 = stored("hb-d", d);
        List<DeviceInfo> e = TestInventory.devices(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, "hb-e", 1);
        TestInventory.enrol(TestInventory.inventory("hb-e", REGION, e));

        // when
        // (its bus id moved; model and memory are fixed at enrolment, so they cannot change here)
        DeviceInfo was = d.get(0);
        DeviceInfo moved = new DeviceInfo(was.vendor(), was.model(), was.uuid(), was.serial(), was.index(),
                was.chipId(), "0000:99:00.0", was.memoryMiB(), 10L, was.utilizationPct(), was.temperatureC(),
                was.powerW(), was.health(), was.driverVersion(), was.firmwareVersion(), was.toolkit(),
                was.toolkitVersion(), was.sliceProfiles());
        List<InventoryBatch.Outcome> outcomes = batch.apply(List.of(
                signed(heartbeat("hb-d", t0.plusSeconds(10), List.of(moved))),
                signed(heartbeat("hb-e", t0.plusSeconds(10), e))));

        // then
        assertThat(outcomes).noneMatch(InventoryBatch.Outcome::rejected);
        assertThat(devices("hb-d").get("hb-d-0").busId).isEqualTo("0000:99:00.0");
        assertThat(node("hb-e")).isNotNull();
        assertThat(node("hb-e").lastEventAt).isEqualTo(t0.plusSeconds(10));
        assertThat(devices("hb-e")).as("heartbeats add no devices; inventories do").isEmpty();
    }

    @Test
    void aHeartbeatDoesNotWaitForADeviceRowALeaseTransactionHoldsAndKeepsItsPreviousUsage() throws Exception {
        // given: a transaction holding one device's row, as placing or releasing a lease does
        List<DeviceInfo> f = TestInventory.devices(Vendor.NVIDIA, "H100 80GB HBM3", 81559, "hb-f", 2);
        Instant t0 = stored("hb-f", f);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("select id from devices where node_id = 'hb-f' and device_key = 'hb-f-0'"
                    + " for no key update").getResultList();
            locked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
        double skippedBefore = skipped();

        // when
        List<InventoryBatch.Outcome> outcomes;
        try {
            outcomes = CompletableFuture.supplyAsync(() -> batch.apply(List.of(signed(heartbeat("hb-f",
                    t0.plusSeconds(10), List.of(usage(f.get(0), 4000, 40.0, DeviceHealth.OK),
                            usage(f.get(1), 4001, 41.0, DeviceHealth.OK))))))).get(20, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            holder.join(30_000);
        }

        // then: the free device got its sample, the held one kept its own, and the skip was counted
        assertThat(outcomes).noneMatch(InventoryBatch.Outcome::rejected);
        assertThat(devices("hb-f").get("hb-f-1").memoryUsedMiB).isEqualTo(4001L);
        assertThat(devices("hb-f").get("hb-f-0").memoryUsedMiB).isEqualTo(0L);
        assertThat(node("hb-f").lastEventAt).isEqualTo(t0.plusSeconds(10));
        assertThat(skipped()).isEqualTo(skippedBefore + 1);
    }

    @Test
    void aRepeatOfANodesLastEventIsNotAppliedAfterItsIdWasPruned() {
        // given: a node whose last heartbeat and another whose last inventory were applied two hours ago, their ids
        // pruned since (the retention is an hour)
        List<DeviceInfo> g = TestInventory.devices(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, "hb-g", 1);
        Instant tg = stored("hb-g", g);
        InventoryEvent beat = heartbeat("hb-g", tg.plusSeconds(10), List.of(usage(g.get(0), 1000, 10.0,
                DeviceHealth.OK)));
        List<DeviceInfo> h = TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "hb-h", 2);
        Instant th = stored("hb-h", h);
        InventoryEvent inventory = InventoryEvent.inventory(th.plusSeconds(10), "hb-h", "op-test", REGION,
                REGION + "-1", "hb-h", h);
        assertThat(batch.apply(List.of(signed(beat), signed(inventory)))).noneMatch(InventoryBatch.Outcome::rejected);
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update processed_events set processed_at = ?1 where event_id in (?2, ?3)")
                    .setParameter(1, twoHoursAgo).setParameter(2, beat.eventId()).setParameter(3, inventory.eventId())
                    .executeUpdate();
            em.createNativeQuery("update nodes set last_seen_at = ?1 where node_id in ('hb-g', 'hb-h')")
                    .setParameter(1, twoHoursAgo).executeUpdate();
        });
        assertThat(pruning.deleteBatch(io.computenet.scheduler.Pruning.Kept.APPLIED_EVENT_IDS)).isGreaterThanOrEqualTo(2);
        assertThat(recorded(beat.eventId())).isFalse();
        assertThat(recorded(inventory.eventId())).isFalse();

        // when: both are delivered again
        assertThat(batch.apply(List.of(signed(beat), signed(inventory)))).noneMatch(InventoryBatch.Outcome::rejected);

        // then: the silent nodes stay silent
        assertThat(node("hb-g").lastSeenAt).isBefore(Instant.now().minus(Duration.ofMinutes(90)));
        assertThat(node("hb-h").lastSeenAt).isBefore(Instant.now().minus(Duration.ofMinutes(90)));

        // when: the node speaks again
        InventoryEvent next = heartbeat("hb-g", tg.plusSeconds(20), List.of(usage(g.get(0), 2000, 20.0,
                DeviceHealth.OK)));
        batch.apply(List.of(signed(next)));

        // then
        assertThat(node("hb-g").lastSeenAt).isAfter(Instant.now().minus(Duration.ofMinutes(1)));
        assertThat(devices("hb-g").get("hb-g-0").memoryUsedMiB).isEqualTo(2000L);
        assertThat(recorded(next.eventId())).isTrue();
    }

    private boolean recorded(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from processed_events where event_id = ?1").setParameter(1, eventId)
                .getSingleResult()).intValue() == 1);
    }

    private double skipped() {
        return metrics.get("computenet.scheduler.heartbeat.usage.skipped").counter().count();
    }

    /** Enrols the node, publishes its inventory through Kafka, waits for it, returns the inventory's time. */
    private static Instant stored(String nodeId, List<DeviceInfo> devices) {
        InventoryEvent inventory = InventoryEvent.inventory(Instant.now().truncatedTo(ChronoUnit.MICROS), nodeId,
                "op-test", REGION, REGION + "-1", nodeId, devices);
        TestInventory.publish(inventory);
        await().atMost(Duration.ofSeconds(30)).until(() -> devices(nodeId).size() == devices.size());
        return inventory.occurredAt();
    }

    private static InventoryEvent heartbeat(String nodeId, Instant at, List<DeviceInfo> devices) {
        return InventoryEvent.heartbeat(at, nodeId, "op-test", REGION, REGION + "-1", nodeId, devices);
    }

    private static DeviceInfo usage(DeviceInfo d, long usedMiB, double utilization, DeviceHealth health) {
        return new DeviceInfo(d.vendor(), d.model(), d.uuid(), d.serial(), d.index(), d.chipId(), d.busId(),
                d.memoryMiB(), usedMiB, utilization, d.temperatureC(), d.powerW(), health, d.driverVersion(),
                d.firmwareVersion(), d.toolkit(), d.toolkitVersion(), d.sliceProfiles());
    }

    private static InventoryBatch.Item signed(InventoryEvent event) {
        return signedBy(event, event.nodeId(), TestInventory.credentialOf(event.nodeId()));
    }

    private static InventoryBatch.Item signedBy(InventoryEvent event, String signer, String credential) {
        String payload = EventCodec.encode(event);
        return new InventoryBatch.Item(event, new InventoryService.SignedRecord(signer,
                RecordSignature.sign(credential, payload), event.nodeId(), payload));
    }

    private static Map<String, DeviceEntity> devices(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> DeviceEntity.<DeviceEntity>list("nodeId", nodeId))
                .stream().collect(Collectors.toMap(x -> x.deviceKey, x -> x));
    }

    private static NodeEntity node(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> NodeEntity.findById(nodeId));
    }
}
