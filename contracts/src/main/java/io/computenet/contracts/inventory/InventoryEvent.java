package io.computenet.contracts.inventory;

import io.computenet.contracts.Event;
import io.computenet.contracts.EventChecks;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A node's full device inventory ({@code node.inventory}, sent on start and on change) or a heartbeat with the same
 * shape and fresh health and utilisation ({@code node.heartbeat}). Keyed by node id.
 *
 * <p>{@code topology} is optional (absent from records of older agents): the node's topology label as its operator
 * configured the agent (rack or switch, e.g. {@code guian-1/rack-a12}); gang leases prefer nodes that share one. An
 * inventory sets it (absent clears it); heartbeats do not change it.
 *
 * <p>{@code hostCpuCount} and {@code hostMemoryMiB} are optional too (absent from records of older agents): the
 * host's logical CPU count and total memory as the agent read them from the operating system. The CPU-aware placement
 * measure counts accelerator share the host CPU can no longer feed; a node that reports neither is treated as never
 * short of CPU or memory. An inventory sets them (absent clears them); heartbeats do not change them.
 */
public record InventoryEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String nodeId,
        String operatorId,
        String region,
        String cluster,
        String hostname,
        List<DeviceInfo> devices,
        String topology,
        Integer hostCpuCount,
        Long hostMemoryMiB) implements Event {

    /** What a topology label may look like: letters, digits and {@code . _ / -}, at most this long. */
    public static final int TOPOLOGY_MAX_LENGTH = 128;
    /** The most logical CPUs and memory a host may report (well above any server built today). */
    public static final int MAX_HOST_CPUS = 65_536;
    public static final long MAX_HOST_MEMORY_MIB = 1L << 34;
    public static final String TOPOLOGY_PATTERN = "[A-Za-z0-9._/-]+";

    public static final String TYPE_INVENTORY = "node.inventory";
    public static final String TYPE_HEARTBEAT = "node.heartbeat";
    public static final int SCHEMA_VERSION = 1;

    public InventoryEvent {
        devices = devices == null ? null : List.copyOf(devices);
    }

    /** An event without a topology label (as older agents send). */
    public InventoryEvent(String eventId, String type, int schemaVersion, Instant occurredAt, String nodeId,
                          String operatorId, String region, String cluster, String hostname,
                          List<DeviceInfo> devices) {
        this(eventId, type, schemaVersion, occurredAt, nodeId, operatorId, region, cluster, hostname, devices, null);
    }

    /** An event without host CPU and memory (as older agents send). */
    public InventoryEvent(String eventId, String type, int schemaVersion, Instant occurredAt, String nodeId,
                          String operatorId, String region, String cluster, String hostname,
                          List<DeviceInfo> devices, String topology) {
        this(eventId, type, schemaVersion, occurredAt, nodeId, operatorId, region, cluster, hostname, devices,
                topology, null, null);
    }

    public static InventoryEvent inventory(Instant at, String nodeId, String operatorId, String region, String cluster,
                                           String hostname, List<DeviceInfo> devices) {
        return inventory(at, nodeId, operatorId, region, cluster, hostname, devices, null);
    }

    /** A full inventory that reports the node's topology label ({@code null}: none). */
    public static InventoryEvent inventory(Instant at, String nodeId, String operatorId, String region, String cluster,
                                           String hostname, List<DeviceInfo> devices, String topology) {
        return inventory(at, nodeId, operatorId, region, cluster, hostname, devices, topology, null, null);
    }

    /**
     * A full inventory with the topology label ({@code null}: none) and the host's logical CPU count and total memory
     * ({@code null}: not known).
     */
    public static InventoryEvent inventory(Instant at, String nodeId, String operatorId, String region, String cluster,
                                           String hostname, List<DeviceInfo> devices, String topology,
                                           Integer hostCpuCount, Long hostMemoryMiB) {
        return new InventoryEvent(UUID.randomUUID().toString(), TYPE_INVENTORY, SCHEMA_VERSION, at, nodeId,
                operatorId, region, cluster, hostname, devices, topology, hostCpuCount, hostMemoryMiB);
    }

    public static InventoryEvent heartbeat(Instant at, String nodeId, String operatorId, String region, String cluster,
                                           String hostname, List<DeviceInfo> devices) {
        return new InventoryEvent(UUID.randomUUID().toString(), TYPE_HEARTBEAT, SCHEMA_VERSION, at, nodeId,
                operatorId, region, cluster, hostname, devices);
    }

    @Override
    public String key() {
        return nodeId;
    }

    @Override
    public List<String> problems() {
        var c = EventChecks.envelope(this, SCHEMA_VERSION, Set.of(TYPE_INVENTORY, TYPE_HEARTBEAT))
                .notBlank("nodeId", nodeId)
                .notBlank("operatorId", operatorId)
                .notBlank("region", region)
                .notBlank("cluster", cluster)
                .notNull("devices", devices);
        if (topology != null) {
            c.check(topology.length() <= TOPOLOGY_MAX_LENGTH && topology.matches(TOPOLOGY_PATTERN),
                    "topology: must be a label like rack-12 or spine-a/leaf-3 (letters, digits, . _ / -, at most "
                            + TOPOLOGY_MAX_LENGTH + " characters) but was '" + topology + "'");
        }
        if (hostCpuCount != null) {
            c.check(hostCpuCount > 0 && hostCpuCount <= MAX_HOST_CPUS, "hostCpuCount: must be within 1.."
                    + MAX_HOST_CPUS + " but was " + hostCpuCount);
        }
        if (hostMemoryMiB != null) {
            c.check(hostMemoryMiB > 0 && hostMemoryMiB <= MAX_HOST_MEMORY_MIB, "hostMemoryMiB: must be within 1.."
                    + MAX_HOST_MEMORY_MIB + " but was " + hostMemoryMiB);
        }
        if (devices != null) {
            for (int i = 0; i < devices.size(); i++) {
                DeviceInfo d = devices.get(i);
                String at = "devices[" + i + "].";
                if (d == null) {
                    c.check(false, "devices[" + i + "]: must not be null");
                    continue;
                }
                c.notNull(at + "vendor", d.vendor())
                        .notBlank(at + "model", d.model())
                        .check(d.memoryMiB() > 0, at + "memoryMiB: must be positive but was " + d.memoryMiB())
                        .notNull(at + "health", d.health());
                if (d.deviceIp() != null) {
                    c.check(DeviceInfo.isIpv4Address(d.deviceIp()),
                            at + "deviceIp: must be an IPv4 address but was '" + d.deviceIp() + "'");
                }
                if (d.migInstances() != null) {
                    for (int j = 0; j < d.migInstances().size(); j++) {
                        MigInstance gi = d.migInstances().get(j);
                        String gat = at + "migInstances[" + j + "]";
                        c.check(gi != null, gat + ": must not be null");
                        if (gi != null) {
                            c.notBlank(gat + ".profile", gi.profile())
                                    .check(gi.placementSize() > 0, gat + ".placementSize: must be positive but was "
                                            + gi.placementSize());
                        }
                    }
                }
            }
        }
        return c.problems();
    }
}
