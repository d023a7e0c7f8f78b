package io.computenet.nodeagent.fleet;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.nodeagent.discovery.HostResources;
import io.computenet.nodeagent.discovery.SliceCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Produces a realistic, deterministic fleet: nodes spread round robin over the regions, each carrying one kind of
 * server (8x H100, 8x Ascend 910B3, 8x MLU370-X8, 8x A100 80GB, 4x RTX 4090, 4x Ascend 310P3), with the memory,
 * bus ids, driver stacks and slice profiles the real tools report for them, and the host CPUs and memory of a
 * typical server of that kind (8-accelerator servers 112 to 192 logical CPUs and 1 to 2 TiB, 4-accelerator ones 64
 * to 96 and 512 GiB). The same seed gives the same fleet.
 * A {@link Training} block adds nodes of one model in one cluster that share a rack label, for gang leases (the
 * round-robin fleet never has two nodes of one model in one cluster at its demo sizes).
 */
public final class FleetSimulator {

    /** One kind of server the simulator builds. */
    record ServerKind(Vendor vendor, String model, long memoryMiB, int devices, String driver, String toolkit,
                      String toolkitVersion, double idlePowerW, HostResources host) {
    }

    private static final long GIB = 1024;

    static final List<ServerKind> KINDS = List.of(
            new ServerKind(Vendor.NVIDIA, "H100 80GB HBM3", 81559, 8, "550.54.15", "CUDA", "12.4", 70,
                    new HostResources(128, 2048 * GIB)),
            new ServerKind(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, 8, "23.0.7", "CANN", "8.0.RC1", 95,
                    new HostResources(192, 1536 * GIB)),
            new ServerKind(Vendor.CAMBRICON, "MLU370-X8", 23374, 8, "v5.10.13", "NeuWare", "3.8.4", 106,
                    new HostResources(112, 1024 * GIB)),
            new ServerKind(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, 8, "550.54.15", "CUDA", "12.4", 60,
                    new HostResources(128, 2048 * GIB)),
            new ServerKind(Vendor.NVIDIA, "GeForce RTX 4090", 24564, 4, "550.54.15", "CUDA", "12.4", 25,
                    new HostResources(64, 512 * GIB)),
            new ServerKind(Vendor.HUAWEI_ASCEND, "Ascend310P3", 21527, 4, "23.0.7", "CANN", "8.0.RC1", 12,
                    new HostResources(96, 512 * GIB)));

    private final SliceCatalog catalog = new SliceCatalog();

    /** A region and its Kubernetes cluster. */
    public record Placement(String region, String cluster) {

        /** Parses {@code region:cluster}. */
        public static Placement parse(String spec) {
            String[] parts = spec.trim().split(":");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("region must be given as region:cluster but was '" + spec + "'");
            }
            return new Placement(parts[0].trim(), parts[1].trim());
        }
    }

    /**
     * Nodes of one kind (8x Ascend 910B3) in one region and cluster, sharing a topology label (one rack).
     *
     * @param nodes     how many
     * @param placement their region and cluster
     * @param topology  their rack label
     */
    public record Training(int nodes, Placement placement, String topology) {
        public static final Training NONE = new Training(0, new Placement("none", "none"), null);

        public Training {
            if (nodes < 0) {
                throw new IllegalArgumentException("training nodes must not be negative");
            }
        }
    }

    /** The server kind of the training nodes. */
    static final ServerKind TRAINING_KIND = KINDS.get(1);

    public List<SimulatedNode> fleet(int nodes, List<Placement> regions, String operatorId, long seed) {
        return fleet(nodes, regions, Training.NONE, operatorId, seed);
    }

    /**
     * {@code nodes} nodes round robin over {@code regions}, then the training block's: node {@code i} of the whole
     * fleet is {@code sim-<region>-<i>}, so the round-robin nodes are the same with or without a training block.
     */
    public List<SimulatedNode> fleet(int nodes, List<Placement> regions, Training training, String operatorId,
                                     long seed) {
        if (nodes < 0) {
            throw new IllegalArgumentException("nodes must not be negative");
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("at least one region is needed");
        }
        Random random = new Random(seed);
        List<SimulatedNode> fleet = new ArrayList<>(nodes);
        int r = regions.size();
        for (int i = 0; i < nodes; i++) {
            Placement placement = regions.get(i % r);
            // shift the kind per region so that every region gets a vendor mix
            ServerKind kind = KINDS.get((i / r + (i % r) * 2) % KINDS.size());
            String nodeId = String.format("sim-%s-%03d", placement.region(), i);
            fleet.add(new SimulatedNode(nodeId, operatorId, placement.region(), placement.cluster(), nodeId,
                    devices(kind, i, random), null, kind.host()));
        }
        for (int t = 0; t < training.nodes(); t++) {
            Placement placement = training.placement();
            String nodeId = String.format("sim-%s-%03d", placement.region(), nodes + t);
            fleet.add(new SimulatedNode(nodeId, operatorId, placement.region(), placement.cluster(), nodeId,
                    devices(TRAINING_KIND, nodes + t, random), training.topology(), TRAINING_KIND.host()));
        }
        return fleet;
    }

    /**
     * The devices of the fleet's node number {@code node}. Ascend devices get addresses as {@code hccn.conf} would
     * give them, one RoCE plane (subnet) per device index, distinct across the fleet:
     * {@code 10.<100 + index>.<node / 250>.<node % 250 + 1>}.
     */
    private List<DeviceInfo> devices(ServerKind kind, int node, Random random) {
        List<DeviceInfo> devices = new ArrayList<>(kind.devices());
        for (int d = 0; d < kind.devices(); d++) {
            String uuid = switch (kind.vendor()) {
                case NVIDIA -> "GPU-" + new UUID(random.nextLong(), random.nextLong());
                case CAMBRICON -> "MLU-" + new UUID(random.nextLong(), random.nextLong());
                case HUAWEI_ASCEND -> null; // npu-smi info reports no uuid
            };
            String busId = String.format("0000:%02X:00.0", 0x18 + d * 0x10);
            devices.add(new DeviceInfo(kind.vendor(), kind.model(), uuid, null, d, kind.vendor() == Vendor.HUAWEI_ASCEND
                    ? 0 : null, busId, kind.memoryMiB(), 0L, 0.0, 30.0 + random.nextInt(10), kind.idlePowerW(),
                    DeviceHealth.OK, kind.driver(), null, kind.toolkit(), kind.toolkitVersion(),
                    catalog.profilesFor(kind.vendor(), kind.model())));
            if (kind.vendor() == Vendor.HUAWEI_ASCEND) {
                devices.set(d, devices.get(d).withDeviceIp(deviceAddress(node, d)));
            }
        }
        return devices;
    }

    static String deviceAddress(int node, int index) {
        return "10." + (100 + index) + "." + node / 250 + "." + (node % 250 + 1);
    }
}
