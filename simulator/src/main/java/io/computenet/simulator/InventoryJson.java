package io.computenet.simulator;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.policy.NodeState;
import io.computenet.simulator.Fleet.GpuModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads nodes from the inventory records ComputeNet's node agent publishes ({@link InventoryEvent}, the JSON that
 * {@code node-agent discover} prints): JSON Lines, a JSON array, or one record as printed (also pretty-printed).
 *
 * <p>Mapping onto the placement core's {@link NodeState}:
 * <ul>
 *   <li>Each device is one GPU (1000 milli) of its {@code model}; devices with health {@code CRITICAL} are left out
 *       (and counted), every other health level is kept.</li>
 *   <li>A node state has one GPU model, so a node with several models becomes one node per model, with ids
 *       {@code nodeId/model}; its host CPU and memory are split among them by GPU count.</li>
 *   <li>Host CPU and memory: the agent's {@code hostCpuCount} (logical CPUs, x 1000) and {@code hostMemoryMiB}, or
 *       the simulator's own {@code cpuMilli} (which wins over {@code hostCpuCount}); a record without them takes
 *       {@link HostResources} (the {@code --node-cpu-milli} / {@code --node-memory-mib} options).</li>
 *   <li>An optional {@code count} repeats the record ({@code nodeId}, {@code nodeId#1}, ...): n nodes of one kind.</li>
 *   <li>The other fields of the contract (event id, timestamps, region, slice profiles, ...) are accepted and not
 *       used; a field that is not in the contract is an error (a misspelt {@code cpuMilli} must not pass unseen).</li>
 * </ul>
 */
public final class InventoryJson {

    /** Bound of the host CPU and memory values (and of their defaults), so that no sum can overflow. */
    static final long MAX_HOST = 1_000_000_000_000L;
    /** Bound of {@code count}. */
    static final int MAX_COUNT = 100_000;

    private static final Set<String> EXTRA_FIELDS = Set.of("cpuMilli", "hostMemoryMiB", "count");
    private static final Set<String> NODE_FIELDS = Stream.concat(EXTRA_FIELDS.stream(),
            Stream.of(InventoryEvent.class.getRecordComponents()).map(c -> c.getName())).collect(Collectors.toSet());
    private static final Set<String> DEVICE_FIELDS = Stream.of(DeviceInfo.class.getRecordComponents())
            .map(c -> c.getName()).collect(Collectors.toSet());
    private static final Set<String> TYPES = Set.of(InventoryEvent.TYPE_INVENTORY, InventoryEvent.TYPE_HEARTBEAT);

    private InventoryJson() {
    }

    /**
     * Host CPU and memory for records that carry none.
     *
     * @param cpuMilli  host CPU in thousandths of a core
     * @param memoryMiB host memory
     */
    public record HostResources(long cpuMilli, long memoryMiB) {

        /**
         * The defaults: a million cores and 10^9 MiB (~954 TiB) per node, so that host CPU and memory never bind and
         * only the GPUs decide. Finite, because the baseline scores divide CPU left by a fixed 128 cores.
         */
        public static final HostResources UNBOUNDED = new HostResources(1_000_000_000L, 1_000_000_000L);

        public HostResources {
            if (cpuMilli < 0 || cpuMilli > MAX_HOST || memoryMiB < 0 || memoryMiB > MAX_HOST) {
                throw new IllegalArgumentException("--node-cpu-milli and --node-memory-mib must be within 0.."
                        + MAX_HOST);
            }
        }
    }

    public static Fleet parse(String source, String text, HostResources host) {
        List<JsonRecords.Entry> records = JsonRecords.read(source, text);
        List<NodeState> nodes = new ArrayList<>();
        Map<String, GpuModel> models = new TreeMap<>();
        Map<String, Integer> idLines = new HashMap<>();
        List<String> split = new ArrayList<>();
        int critical = 0;
        int defaulted = 0;
        for (JsonRecords.Entry r : records) {
            r.onlyFields(NODE_FIELDS, "an inventory record");
            String type = r.optionalText("type");
            if (type != null && !TYPES.contains(type)) {
                throw r.error("type must be one of " + TYPES + ", was \"" + type + "\"");
            }
            if (r.has("schemaVersion") && r.whole("schemaVersion") != InventoryEvent.SCHEMA_VERSION) {
                throw r.error("schemaVersion: only " + InventoryEvent.SCHEMA_VERSION + " is supported, was "
                        + r.whole("schemaVersion"));
            }
            String id = r.text("nodeId");
            long cpu = r.whole("cpuMilli", 0, MAX_HOST, r.has("hostCpuCount")
                    ? r.whole("hostCpuCount", 1, InventoryEvent.MAX_HOST_CPUS, 1) * 1000 : host.cpuMilli());
            long memory = r.whole("hostMemoryMiB", 0, MAX_HOST, host.memoryMiB());
            if (!r.has("cpuMilli") && !r.has("hostCpuCount") || !r.has("hostMemoryMiB")) {
                defaulted++;
            }
            int copies = (int) r.whole("count", 1, MAX_COUNT, 1);
            Map<String, Integer> gpusByModel = new LinkedHashMap<>();
            for (JsonRecords.Entry d : r.objects("devices")) {
                d.onlyFields(DEVICE_FIELDS, "a device");
                Vendor vendor = d.requiredEnum("vendor", Vendor.class);
                String model = d.text("model");
                long deviceMemory = d.whole("memoryMiB");
                if (deviceMemory <= 0) {
                    throw d.error(d.path() + "memoryMiB must be positive, was " + deviceMemory);
                }
                if (d.optionalEnum("health", DeviceHealth.class) == DeviceHealth.CRITICAL) {
                    critical += copies;
                    continue;
                }
                GpuModel known = models.get(model);
                if (known != null && known.vendor() != vendor) {
                    throw d.error(d.path() + "model '" + model + "' has vendor " + vendor + " here but "
                            + known.vendor() + " elsewhere; a model name must mean one kind of device");
                }
                if (known == null || deviceMemory < known.memoryMiB()) {
                    models.put(model, new GpuModel(model, vendor, deviceMemory));
                }
                int n = gpusByModel.merge(model, 1, Integer::sum);
                if (n > 64) {
                    throw d.error("more than 64 usable " + model + " devices on one node");
                }
            }
            if (gpusByModel.size() > 1) {
                split.add(id + " (" + gpusByModel.size() + ")");
            }
            for (int copy = 0; copy < copies; copy++) {
                String copyId = copy == 0 ? id : id + "#" + copy;
                for (NodeState n : nodesOf(copyId, cpu, memory, gpusByModel)) {
                    Integer first = idLines.putIfAbsent(n.id(), r.line());
                    if (first != null) {
                        throw r.error("node id '" + n.id() + "' appears twice (first on line " + first + ")");
                    }
                    nodes.add(n);
                }
            }
        }
        return new Fleet(nodes, models, true, notes(source, records.size(), nodes, models, critical, defaulted,
                host, split));
    }

    /** One node per GPU model (a node without usable devices stays, CPU only); host resources split by GPU count. */
    private static List<NodeState> nodesOf(String id, long cpu, long memory, Map<String, Integer> gpusByModel) {
        if (gpusByModel.size() <= 1) {
            Map.Entry<String, Integer> only = gpusByModel.isEmpty() ? null : gpusByModel.entrySet().iterator().next();
            return List.of(NodeState.empty(id, only == null ? "" : only.getKey(), cpu, memory,
                    only == null ? 0 : only.getValue()));
        }
        int gpus = gpusByModel.values().stream().mapToInt(Integer::intValue).sum();
        List<NodeState> out = new ArrayList<>();
        long cpuLeft = cpu;
        long memoryLeft = memory;
        for (Map.Entry<String, Integer> e : gpusByModel.entrySet()) {
            long cpuShare = cpu * e.getValue() / gpus;
            long memoryShare = memory * e.getValue() / gpus;
            cpuLeft -= cpuShare;
            memoryLeft -= memoryShare;
            out.add(NodeState.empty(id + "/" + e.getKey(), e.getKey(), cpuShare, memoryShare, e.getValue()));
        }
        // the rounding remainder goes to the first model's node
        NodeState head = out.get(0);
        out.set(0, NodeState.empty(head.id(), head.model(), head.cpuLeft() + cpuLeft, head.memoryLeftMiB() + memoryLeft,
                head.gpuCount()));
        return out;
    }

    private static List<String> notes(String source, int records, List<NodeState> nodes, Map<String, GpuModel> models,
                                      int critical, int defaulted, HostResources host, List<String> split) {
        List<String> notes = new ArrayList<>();
        int gpus = nodes.stream().mapToInt(NodeState::gpuCount).sum();
        notes.add(String.format(Locale.ROOT, "nodes %s: %d inventory record(s) -> %d node(s), %d GPU(s) of %d "
                + "model(s) %s; %d CRITICAL device(s) left out", source, records, nodes.size(), gpus, models.size(),
                models.keySet(), critical));
        if (defaulted > 0) {
            notes.add(String.format(Locale.ROOT, "host CPU and memory: %d record(s) without them (hostCpuCount or "
                            + "cpuMilli, and hostMemoryMiB) take cpu_milli=%d memory_mib=%d (%s)", defaulted,
                    host.cpuMilli(), host.memoryMiB(), host.equals(HostResources.UNBOUNDED)
                            ? "the defaults, large enough never to bind: only the GPUs decide"
                            : "--node-cpu-milli / --node-memory-mib"));
        }
        if (!split.isEmpty()) {
            notes.add("node(s) with several GPU models, replayed as one node per model (host CPU and memory split by "
                    + "GPU count): " + String.join(", ", split.subList(0, Math.min(5, split.size())))
                    + (split.size() > 5 ? " and " + (split.size() - 5) + " more" : ""));
        }
        return notes;
    }
}
