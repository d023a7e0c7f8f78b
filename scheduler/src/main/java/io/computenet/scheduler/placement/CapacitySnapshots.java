package io.computenet.scheduler.placement;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.RegionTier;
import io.computenet.scheduler.SchedulerConfig;
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

/** Reads the capacity model from PostgreSQL into the planner's immutable snapshot. */
@ApplicationScoped
public class CapacitySnapshots {

    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    public List<NodeCapacity> current() {
        Instant silentSince = clock.instant().minus(config.heartbeatTimeout());
        Map<String, List<DeviceSlot>> devices = new HashMap<>();
        for (DeviceEntity d : DeviceEntity.<DeviceEntity>listAll()) {
            devices.computeIfAbsent(d.nodeId, k -> new ArrayList<>()).add(new DeviceSlot(d.deviceKey, d.vendor,
                    d.model, d.memoryMiB, d.leaseId == null && d.health == DeviceHealth.OK));
        }
        List<NodeCapacity> nodes = new ArrayList<>();
        for (NodeEntity n : NodeEntity.<NodeEntity>listAll()) {
            SchedulerConfig.Region region = config.regions().get(n.region);
            if (region == null) {
                continue;
            }
            boolean schedulable = n.schedulable && n.lastSeenAt.isAfter(silentSince);
            nodes.add(new NodeCapacity(n.nodeId, n.operatorId, n.region, n.cluster, RegionTier.parse(region.tier()),
                    schedulable, devices.getOrDefault(n.nodeId, List.of())));
        }
        return nodes;
    }
}
