package io.computenet.scheduler.placement;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.placement.slices.Allocation;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.scheduler.inventory.SliceProfilesJson;
import org.jboss.logging.Logger;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.slices.DeviceMode;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.RegionTier;
import io.computenet.scheduler.SchedulerConfig;
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
    @Inject
    EntityManager em;

    /** Shapes by vendor, model, memory and profile table: a fleet has few distinct ones. */
    private final Map<ShapeKey, Optional<DeviceShape>> shapes = new ConcurrentHashMap<>();

    private record ShapeKey(Vendor vendor, String model, long memoryMiB, String sliceProfiles) {
    }

    /** One device as the snapshot needs it: read as plain columns, never as managed entities. */
    record DeviceRow(String nodeId, String deviceKey, Vendor vendor, String model, int deviceIndex, String busId,
                     long memoryMiB, DeviceHealth health, String leaseId, String sliceProfiles) {
    }

    /**
     * The capacity snapshot. Read as projections (scalar rows), not entities: at 1,000 nodes most of the time went to
     * hydrating and then dirty-checking thousands of device entities, inside the allocation lock.
     */
    public List<NodeCapacity> current() {
        Instant silentSince = clock.instant().minus(config.heartbeatTimeout());
        Map<String, List<Allocation>> slices = new HashMap<>();
        for (Object[] a : em.createQuery("select a.leaseId, a.nodeId, a.deviceKey, a.mode, a.profile, a.memoryMiB,"
                + " a.compute, a.firstSlot, a.slotCount from SliceAllocationEntity a", Object[].class).getResultList()) {
            slices.computeIfAbsent(a[1] + "\u0000" + a[2], k -> new ArrayList<>()).add(new Allocation((String) a[0],
                    (DeviceMode) a[3], (String) a[4], (Long) a[5], (Integer) a[6], (Integer) a[7], (Integer) a[8]));
        }
        Map<String, List<DeviceSlot>> devices = new HashMap<>();
        for (Object[] r : em.createQuery("select d.nodeId, d.deviceKey, d.vendor, d.model, d.deviceIndex, d.busId,"
                + " d.memoryMiB, d.health, d.leaseId, d.sliceProfiles from DeviceEntity d", Object[].class)
                .getResultList()) {
            DeviceRow d = new DeviceRow((String) r[0], (String) r[1], (Vendor) r[2], (String) r[3], (Integer) r[4],
                    (String) r[5], (Long) r[6], (DeviceHealth) r[7], (String) r[8], (String) r[9]);
            devices.computeIfAbsent(d.nodeId(), k -> new ArrayList<>())
                    .add(slot(d, slices.get(d.nodeId() + "\u0000" + d.deviceKey())));
        }
        java.util.Set<String> draining = new java.util.HashSet<>(em.createQuery(
                "select i.nodeId from NodeIdentityEntity i where i.drainDeadline is not null", String.class)
                .getResultList());
        List<NodeCapacity> nodes = new ArrayList<>();
        for (Object[] n : em.createQuery("select n.nodeId, n.operatorId, n.region, n.cluster, n.schedulable,"
                + " n.lastSeenAt from NodeEntity n", Object[].class).getResultList()) {
            String nodeId = (String) n[0];
            SchedulerConfig.Region region = config.regions().get((String) n[2]);
            if (region == null) {
                continue;
            }
            boolean schedulable = (Boolean) n[4] && ((Instant) n[5]).isAfter(silentSince)
                    && !draining.contains(nodeId);
            nodes.add(new NodeCapacity(nodeId, (String) n[1], (String) n[2], (String) n[3],
                    RegionTier.parse(region.tier()), schedulable, devices.getOrDefault(nodeId, List.of())));
        }
        return nodes;
    }

    private DeviceSlot slot(DeviceRow d, List<Allocation> held) {
        boolean healthy = d.health() == DeviceHealth.OK;
        boolean free = healthy && d.leaseId() == null && held == null;
        DeviceShape shape = shapeOf(d).orElse(null);
        if (shape == null) {
            return new DeviceSlot(d.deviceKey(), d.vendor(), d.model(), d.memoryMiB(), free);
        }
        DeviceState state = null;
        if (healthy && d.leaseId() == null) {
            try {
                state = DeviceState.restore(shape, held == null ? List.of() : held);
            } catch (IllegalArgumentException e) {
                LOG.warnf("device %s on %s: its slices do not fit its profile table, nothing more is cut from it: %s",
                        d.deviceKey(), d.nodeId(), e.getMessage());
            }
        }
        return new DeviceSlot(d.deviceKey(), d.vendor(), d.model(), d.memoryMiB(), free, shape, state);
    }

    private Optional<DeviceShape> shapeOf(DeviceRow d) {
        if (d.sliceProfiles() == null) {
            return Optional.empty();
        }
        return shapes.computeIfAbsent(new ShapeKey(d.vendor(), d.model(), d.memoryMiB(), d.sliceProfiles()), k -> {
            try {
                List<SliceProfile> profiles = SliceProfilesJson.decode(d.sliceProfiles());
                return Optional.of(DeviceShape.fromInventory(new DeviceInfo(d.vendor(), d.model(), null, null,
                        d.deviceIndex(), null, d.busId(), d.memoryMiB(), null, null, null, null, DeviceHealth.OK,
                        null, null, null, null, profiles)));
            } catch (IllegalArgumentException e) {
                LOG.warnf("device model %s %s: its slice profiles are unusable, it is offered whole only: %s",
                        d.vendor(), d.model(), e.getMessage());
                return Optional.empty();
            }
        });
    }
}
