package io.computenet.benchmarks;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.nodeagent.discovery.SliceCatalog;
import io.computenet.placement.CapacityIndex;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.RegionTier;
import io.computenet.placement.Sharing;
import io.computenet.placement.WorkloadClass;
import io.computenet.placement.capability.Framework;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.Fit;
import io.computenet.placement.slices.SliceArithmetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fleet and request mix the placement benchmarks share: 10,000 nodes of 8 devices (80,000 devices) of seven
 * models from three vendors, each device with the slice profiles the node agent's {@link SliceCatalog} attaches (MIG
 * on H100, A100 and H200, vNPU templates on Ascend 910B3 and 310P3, MIM and sMLU on MLU370-X8, soft shares on all),
 * in three regions (one east hub, two west), every 50th node draining.
 *
 * <p>The fleet is brought to a steady state the way a scheduler would: about a third of the devices held whole by
 * leases, then slice leases from the request mix placed (by {@link CapacityIndex}, which decides as the planner does)
 * and some of them released again, until about half the fleet's memory is in use. Deterministic for a seed.
 */
final class PlacementFleet {

    static final int NODES = 10_000;
    static final int DEVICES_PER_NODE = 8;
    static final String[] REGIONS = {"cn-east-yrd", "cn-west-nm", "cn-west-gz"};
    /** Share of the fleet's memory in use after {@link #steadyState}. */
    static final double TARGET_USE = 0.5;

    private record Model(Vendor vendor, String name, long memoryMiB) {
    }

    private static final List<Model> MODELS = List.of(
            new Model(Vendor.NVIDIA, "H100 80GB HBM3", 81559), new Model(Vendor.NVIDIA, "A100-SXM4-80GB", 81920),
            new Model(Vendor.NVIDIA, "H200", 143771), new Model(Vendor.NVIDIA, "GeForce RTX 4090", 24564),
            new Model(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536),
            new Model(Vendor.HUAWEI_ASCEND, "Ascend310P3", 21527),
            new Model(Vendor.CAMBRICON, "MLU370-X8", 23374));

    private static final long GIB = 1024;

    private record Held(String nodeId, String deviceKey, String leaseId, long memoryMiB) {
    }

    private PlacementFleet() {
    }

    /** A device model's shape as the scheduler builds it from an inventory report. */
    private static DeviceShape shape(Model m) {
        List<SliceProfile> profiles = new SliceCatalog().profilesFor(m.vendor(), m.name());
        return DeviceShape.fromInventory(new DeviceInfo(m.vendor(), m.name(), null, null, 0, null, null,
                m.memoryMiB(), null, null, null, null, DeviceHealth.OK, null, null, null, null, profiles));
    }

    /** Every node with its devices free (and sliceable), but about a third of the devices held whole. */
    static List<NodeCapacity> nodes(Random random) {
        List<DeviceShape> shapes = MODELS.stream().map(PlacementFleet::shape).toList();
        List<NodeCapacity> nodes = new ArrayList<>(NODES);
        for (int n = 0; n < NODES; n++) {
            DeviceShape shape = shapes.get(n % shapes.size());
            String region = REGIONS[(n / shapes.size()) % REGIONS.length];
            List<DeviceSlot> devices = new ArrayList<>(DEVICES_PER_NODE);
            for (int d = 0; d < DEVICES_PER_NODE; d++) {
                DeviceSlot free = DeviceSlot.sliceable("n" + n + "-d" + d, DeviceState.empty(shape));
                devices.add(random.nextInt(3) == 0 ? free.withFree(false) : free);
            }
            nodes.add(new NodeCapacity(String.format("node-%05d", n), "op-" + (n % 7), region, region + "-1",
                    region.contains("east") ? RegionTier.EAST : RegionTier.WEST, n % 50 != 0, devices));
        }
        return nodes;
    }

    /** The index of {@link #nodes} after slice leases were placed and some released, about half the memory used. */
    static CapacityIndex steadyState(long seed) {
        Random random = new Random(seed);
        List<NodeCapacity> nodes = nodes(random);
        CapacityIndex index = new CapacityIndex(nodes);
        long total = 0;
        long used = 0;
        for (NodeCapacity n : nodes) {
            for (DeviceSlot d : n.devices()) {
                total += d.memoryMiB();
                used += d.free() ? 0 : d.memoryMiB();
            }
        }
        List<Held> live = new ArrayList<>();
        int lease = 0;
        for (int step = 0; used < TARGET_USE * total; step++) {
            if (step > 10 * NODES * DEVICES_PER_NODE) {
                throw new IllegalStateException("the fleet did not reach " + TARGET_USE + " use: " + used + " of "
                        + total + " MiB");
            }
            if (!live.isEmpty() && random.nextInt(10) < 3) {
                // churn: a slice lease ends, leaving a hole on a device that may keep other slices
                Held gone = live.remove(random.nextInt(live.size()));
                DeviceSlot now = index.node(gone.nodeId()).orElseThrow().devices().stream()
                        .filter(d -> d.deviceKey().equals(gone.deviceKey())).findFirst().orElseThrow();
                used -= gone.memoryMiB();
                index.replaceDevice(gone.nodeId(), release(now, gone.leaseId()));
                continue;
            }
            PlacementResult result = index.plan(sliceRequest(random));
            if (result.placement().isEmpty() || result.placement().get().slice() == null) {
                continue; // whole devices are not kept: the fleet's whole-device share is set above
            }
            Placement p = result.placement().get();
            String id = "fill-" + lease++;
            DeviceSlot booked = book(p, id).get(0);
            index.replaceDevice(p.node().nodeId(), booked);
            long memory = booked.slices().allocation(id).orElseThrow().memoryMiB();
            live.add(new Held(p.node().nodeId(), booked.deviceKey(), id, memory));
            used += memory;
        }
        return index;
    }

    /**
     * The request mix: 70 % single-device slices (shared or isolated, 2 to 40 GiB, some with a compute share, a
     * profile name, a vendor, model or framework), 10 % one whole device, 20 % two, four or eight whole devices;
     * a quarter of them for one region; inference (east), training and batch (west).
     */
    static PlacementRequest[] requests(Random random, int count) {
        PlacementRequest[] requests = new PlacementRequest[count];
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                requests[i] = sliceRequest(random);
            } else {
                int devices = kind == 7 ? 1 : new int[] {2, 4, 8}[random.nextInt(3)];
                requests[i] = new PlacementRequest((16 + random.nextInt(65)) * GIB, devices, region(random),
                        random.nextInt(4) == 0 ? MODELS.get(random.nextInt(MODELS.size())).vendor() : null,
                        workload(random));
            }
        }
        return requests;
    }

    private static PlacementRequest sliceRequest(Random random) {
        long[] sizes = {2, 4, 4, 8, 8, 10, 16, 20, 24, 32, 40};
        long memory = sizes[random.nextInt(sizes.length)] * GIB;
        Sharing sharing = random.nextInt(5) < 3 ? Sharing.SHARED : Sharing.ISOLATED;
        Integer computePct = random.nextInt(4) == 0 ? new int[] {10, 25, 50}[random.nextInt(3)] : null;
        Vendor vendor = random.nextInt(10) == 0 ? MODELS.get(random.nextInt(MODELS.size())).vendor() : null;
        String model = random.nextInt(20) == 0 ? MODELS.get(random.nextInt(MODELS.size())).name() : null;
        Framework framework = random.nextInt(20) == 0 ? Framework.VLLM : null;
        String profile = null;
        if (random.nextInt(10) == 0) {
            String[] names = {"1g.20gb", "3g.40gb", "vir05_1c_16g", "vir02", "mim-2m.8gb", "2g.35gb"};
            profile = names[random.nextInt(names.length)];
            sharing = Sharing.ISOLATED;
            memory = 4 * GIB;
        }
        return new PlacementRequest(memory, 1, region(random), vendor, workload(random), computePct, model, profile,
                sharing, framework);
    }

    private static String region(Random random) {
        return random.nextInt(4) == 0 ? REGIONS[random.nextInt(REGIONS.length)] : null;
    }

    private static WorkloadClass workload(Random random) {
        return WorkloadClass.values()[random.nextInt(WorkloadClass.values().length)];
    }

    /** The placement's devices as the booking leaves them (as {@code LeaseService} books them). */
    static List<DeviceSlot> book(Placement p, String leaseId) {
        if (p.slice() == null) {
            return p.devices().stream().map(d -> d.withFree(false)).toList();
        }
        DeviceSlot device = p.firstDevice();
        Fit fit = SliceArithmetic.fit(device.slices(), p.slice().request(), leaseId);
        if (!(fit instanceof Fit.Placed placed)) {
            throw new IllegalStateException("the planned slice does not fit: " + fit);
        }
        return List.of(DeviceSlot.sliceable(device.deviceKey(), placed.state()));
    }

    /** A booked device with lease {@code leaseId} ended: its slice released, or the whole device freed. */
    static DeviceSlot release(DeviceSlot booked, String leaseId) {
        if (booked.slices() != null && booked.slices().allocation(leaseId).isPresent()) {
            return DeviceSlot.sliceable(booked.deviceKey(), SliceArithmetic.release(booked.slices(), leaseId));
        }
        return booked.withFree(true);
    }

    /** Devices with at least one slice, and the share of the fleet's memory in use, for the setup's report. */
    static String describe(List<NodeCapacity> snapshot) {
        long total = 0;
        long used = 0;
        int sliced = 0;
        int held = 0;
        int slices = 0;
        for (NodeCapacity n : snapshot) {
            for (DeviceSlot d : n.devices()) {
                total += d.memoryMiB();
                if (d.slices() != null && !d.slices().isEmpty()) {
                    sliced++;
                    slices += d.slices().allocations().size();
                    used += d.slices().allocations().stream().mapToLong(a -> a.memoryMiB()).sum();
                } else if (!d.free()) {
                    held++;
                    used += d.memoryMiB();
                }
            }
        }
        return String.format("%d nodes, %d devices held whole, %d devices holding %d slices, %.1f %% of memory in use",
                snapshot.size(), held, sliced, slices, 100.0 * used / total);
    }
}
