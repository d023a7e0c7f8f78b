package io.computenet.scheduler.inventory;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.identity.EnrollmentService;
import io.computenet.scheduler.identity.RecordCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies node inventory and heartbeats to the capacity model in PostgreSQL. Idempotent by event id; an event older
 * than the last one applied for its node is ignored, so reordering after a rebalance cannot roll a node back.
 */
@ApplicationScoped
public class InventoryService {

    private static final Logger LOG = Logger.getLogger(InventoryService.class);

    @Inject
    ProcessedEvents processed;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    @Inject
    EnrollmentService enrollment;

    /** Thrown for an event the scheduler cannot accept (e.g. an unknown region); the record is dead-lettered. */
    public static class RejectedInventoryException extends RuntimeException {
        private final String reason;

        public RejectedInventoryException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /** A short slug for the rejection metric. */
        public String reason() {
            return reason;
        }
    }

    /** The parts of a Kafka record that prove who sent it. */
    public record SignedRecord(String signerNodeId, String signature, String key, String payload) {
    }

    /**
     * Applies an event after checking that the enrolled node that signed it may report it: its own node, within its
     * organisation, region and cluster, with devices it was enrolled with, not revoked.
     */
    @Transactional
    public void apply(InventoryEvent event, SignedRecord record) {
        RecordCheck.Verdict verdict = RecordCheck.check(record.signerNodeId(), record.signature(), record.key(),
                record.payload(), event, record.signerNodeId() == null ? java.util.Optional.empty()
                        : enrollment.lookup(record.signerNodeId()), enrollment::credentialOf);
        if (!verdict.accepted()) {
            throw new RejectedInventoryException(verdict.rejection().slug(), verdict.detail());
        }
        if (!config.regions().containsKey(event.region())) {
            throw new RejectedInventoryException("unknown-region", unknownRegion(event, config.regions().keySet()));
        }
        applyChecked(event);
    }

    static String unknownRegion(InventoryEvent event, java.util.Set<String> known) {
        return "node " + event.nodeId() + " reports unknown region " + event.region() + "; known regions: " + known;
    }

    /**
     * Applies an event whose sender and region were checked, in the caller's transaction: once per event id, never
     * over a later event of its node.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyChecked(InventoryEvent event) {
        if (!processed.firstTime(event.eventId(), clock.instant())) {
            LOG.debugf("event %s already applied", event.eventId());
            return;
        }
        NodeEntity node = NodeEntity.findById(event.nodeId());
        if (node != null && ProcessedEvents.superseded(node.lastEventAt, node.lastSeenAt, event.occurredAt(),
                clock.instant(), config.retention().eventIds())) {
            LOG.debugf("ignoring stale event %s for node %s", event.eventId(), event.nodeId());
            return;
        }
        if (node == null) {
            node = new NodeEntity();
            node.nodeId = event.nodeId();
            node.schedulable = true;
        }
        node.operatorId = event.operatorId();
        node.region = event.region();
        node.cluster = event.cluster();
        node.hostname = event.hostname();
        node.lastSeenAt = clock.instant();
        node.lastEventAt = event.occurredAt();
        boolean fullInventory = InventoryEvent.TYPE_INVENTORY.equals(event.type());
        if (fullInventory && !java.util.Objects.equals(node.topology, event.topology())) {
            node.topology = event.topology(); // an inventory says the label as the agent is configured now
        }
        if (fullInventory && (!java.util.Objects.equals(node.hostCpuCount, event.hostCpuCount())
                || !java.util.Objects.equals(node.hostMemoryMiB, event.hostMemoryMiB()))) {
            node.hostCpuCount = event.hostCpuCount(); // as the OS says now (absent: not reported)
            node.hostMemoryMiB = event.hostMemoryMiB();
        }
        node.persist();

        Map<String, DeviceEntity> known = new HashMap<>();
        List<DeviceEntity> existing = DeviceEntity.list("nodeId = ?1 order by id", event.nodeId());
        existing.forEach(d -> known.put(d.deviceKey, d));
        for (DeviceInfo info : event.devices()) {
            DeviceEntity device = known.remove(info.deviceKey());
            if (device == null) {
                if (!fullInventory) {
                    continue; // heartbeats refresh known devices; new devices arrive with an inventory
                }
                device = new DeviceEntity();
                device.nodeId = event.nodeId();
                device.deviceKey = info.deviceKey();
            }
            device.vendor = info.vendor();
            device.model = info.model();
            device.deviceIndex = info.index();
            device.busId = info.busId();
            device.memoryMiB = info.memoryMiB();
            device.memoryUsedMiB = info.memoryUsedMiB();
            device.utilizationPct = info.utilizationPct();
            device.health = info.health();
            if (fullInventory) {
                String profiles = info.sliceProfiles().isEmpty() ? null : SliceProfilesJson.encode(info.sliceProfiles());
                if (!java.util.Objects.equals(profiles, device.sliceProfiles)) {
                    device.sliceProfiles = profiles;
                }
                device.deviceIp = info.deviceIp(); // an inventory says the address as the node has it now
            }
            device.persist();
        }
        if (fullInventory) {
            for (DeviceEntity gone : known.values()) {
                boolean sliced = SliceAllocationEntity.count(
                        "nodeId = ?1 and deviceKey = ?2", gone.nodeId, gone.deviceKey) > 0;
                if (gone.leaseId == null && !sliced) {
                    // conditional: a lease may have taken it since it was read
                    DeviceEntity.delete("id = ?1 and leaseId is null", gone.id);
                } else {
                    gone.health = DeviceHealth.CRITICAL; // gone while leased: kept, and its lease fails (NodeFailures)
                }
            }
        }
    }
}
