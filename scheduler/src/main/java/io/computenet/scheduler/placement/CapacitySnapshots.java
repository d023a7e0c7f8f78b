package io.computenet.scheduler.placement;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.placement.slices.Allocation;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.scheduler.inventory.SliceProfilesJson;
import io.computenet.scheduler.lease.SliceAllocationEntity;
import org.jboss.logging.Logger;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.RegionTier;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.identity.NodeIdentityEntity;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.inventory.NodeEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the capacity model from PostgreSQL into the planner's immutable snapshot: nodes, their devices with the slice
 * profiles their agents reported, and the slices handed out on each. A device whose profiles or slices cannot be
 * made sense of (damaged column, allocations that no longer fit its table) is offered whole only, or not at all
 * while it holds slices, and logged. A node its operator drains is not schedulable until undrained: that is read from
 * its identity here, not kept in the node's {@code schedulable} flag, so no heartbeat or inventory can undo it.
 */
@ApplicationScoped
public class CapacitySnapshots {

    private static final Logger LOG = Logger.getLogger(CapacitySnapshots.class);

    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    /** Shapes by vendor, model, memory and profile table: a fleet has few distinct ones. */
    private final Map<String, Optional<DeviceShape>> shapes = new ConcurrentHashMap<>();

    public List<NodeCapacity> current() {
        Instant silentSince = clock.instant().minus(config.heartbeatTimeout());
        Map<String, List<Allocation>> slices = new HashMap<>();
        for (SliceAllocationEntity a : SliceAllocationEntity.<SliceAllocationEntity>listAll()) {
            slices.computeIfAbsent(a.nodeId + "\u0000" + a.deviceKey, k -> new ArrayList<>()).add(a.toAllocation());
        }
        Map<String, List<DeviceSlot>> devices = new HashMap<>();
        for (DeviceEntity d : DeviceEntity.<DeviceEntity>listAll()) {
            devices.computeIfAbsent(d.nodeId, k -> new ArrayList<>())
                    .add(slot(d, slices.get(d.nodeId + "\u0000" + d.deviceKey)));
        }
        java.util.Set<String> draining = new java.util.HashSet<>();
        NodeIdentityEntity.<NodeIdentityEntity>list("drainDeadline is not null").forEach(i -> draining.add(i.nodeId));
        List<NodeCapacity> nodes = new ArrayList<>();
        for (NodeEntity n : NodeEntity.<NodeEntity>listAll()) {
            SchedulerConfig.Region region = config.regions().get(n.region);
            if (region == null) {
                continue;
            }
            boolean schedulable = n.schedulable && n.lastSeenAt.isAfter(silentSince) && !draining.contains(n.nodeId);
            nodes.add(new NodeCapacity(n.nodeId, n.operatorId, n.region, n.cluster, RegionTier.parse(region.tier()),
                    schedulable, devices.getOrDefault(n.nodeId, List.of())));
        }
        return nodes;
    }

    private DeviceSlot slot(DeviceEntity d, List<Allocation> held) {
        boolean healthy = d.health == DeviceHealth.OK;
        boolean free = healthy && d.leaseId == null && held == null;
        DeviceShape shape = shapeOf(d).orElse(null);
        if (shape == null) {
            return new DeviceSlot(d.deviceKey, d.vendor, d.model, d.memoryMiB, free);
        }
        DeviceState state = null;
        if (healthy && d.leaseId == null) {
            try {
                state = DeviceState.restore(shape, held == null ? List.of() : held);
            } catch (IllegalArgumentException e) {
                LOG.warnf("device %s on %s: its slices do not fit its profile table, nothing more is cut from it: %s",
                        d.deviceKey, d.nodeId, e.getMessage());
            }
        }
        return new DeviceSlot(d.deviceKey, d.vendor, d.model, d.memoryMiB, free, shape, state);
    }

    private Optional<DeviceShape> shapeOf(DeviceEntity d) {
        if (d.sliceProfiles == null) {
            return Optional.empty();
        }
        return shapes.computeIfAbsent(d.vendor + "\u0000" + d.model + "\u0000" + d.memoryMiB + "\u0000"
                + d.sliceProfiles, k -> {
            try {
                List<SliceProfile> profiles = SliceProfilesJson.decode(d.sliceProfiles);
                return Optional.of(DeviceShape.fromInventory(new DeviceInfo(d.vendor, d.model, null, null,
                        d.deviceIndex, null, d.busId, d.memoryMiB, null, null, null, null, DeviceHealth.OK, null, null,
                        null, null, profiles)));
            } catch (IllegalArgumentException e) {
                LOG.warnf("device model %s %s: its slice profiles are unusable, it is offered whole only: %s",
                        d.vendor, d.model, e.getMessage());
                return Optional.empty();
            }
        });
    }
}
