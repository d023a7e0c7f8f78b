package io.computenet.scheduler.inventory;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.scheduler.SchedulerConfig;
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

    /** Thrown for an event the scheduler cannot accept (e.g. an unknown region); the record is dead-lettered. */
    public static class RejectedInventoryException extends RuntimeException {
        public RejectedInventoryException(String message) {
            super(message);
        }
    }

    @Transactional
    public void apply(InventoryEvent event) {
        if (!config.regions().containsKey(event.region())) {
            throw new RejectedInventoryException("node " + event.nodeId() + " reports unknown region "
                    + event.region() + "; known regions: " + config.regions().keySet());
        }
        if (!processed.firstTime(event.eventId(), clock.instant())) {
            LOG.debugf("event %s already applied", event.eventId());
            return;
        }
        NodeEntity node = NodeEntity.findById(event.nodeId());
        if (node != null && node.lastEventAt.isAfter(event.occurredAt())) {
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
        node.persist();

        Map<String, DeviceEntity> known = new HashMap<>();
        List<DeviceEntity> existing = DeviceEntity.list("nodeId", event.nodeId());
        existing.forEach(d -> known.put(d.deviceKey, d));
        boolean fullInventory = InventoryEvent.TYPE_INVENTORY.equals(event.type());
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
            device.persist();
        }
        if (fullInventory) {
            for (DeviceEntity gone : known.values()) {
                if (gone.leaseId == null) {
                    gone.delete();
                } else {
                    gone.health = DeviceHealth.UNKNOWN; // keep it while a lease holds it; the lease decides
                }
            }
        }
    }
}
