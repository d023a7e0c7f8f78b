package io.computenet.placement;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.capability.Framework;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.Devices;
import io.computenet.placement.slices.Fit;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.placement.slices.SliceRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random fleets, requests and bookings for the property tests: devices with the real slice tables of
 * {@link Devices} (H100, A100, H200, RTX 4090, MLU370, Ascend 910B3 and 310P3, and a few more) and devices that are
 * only handed out whole, random prior allocations of every kind, a few nodes of mixed models, draining nodes, and
 * requests of every kind the planner takes.
 */
final class RandomFleets {

    static final long GIB = 1024;
    static final String[] REGIONS = {"cn-east-yrd", "cn-west-nm", "cn-west-gz", "cn-north-bj"};
    static final RegionTier[] TIERS = {RegionTier.EAST, RegionTier.WEST, RegionTier.WEST, RegionTier.EAST};

    /** A device type: a slice table, or a model only ever handed out whole (shape null). */
    record Kind(Vendor vendor, String model, long memoryMiB, DeviceShape shape) {
        static Kind of(DeviceShape shape) {
            return new Kind(shape.vendor(), shape.model(), shape.memoryMiB(), shape);
        }
    }

    static final List<Kind> KINDS = List.of(
            Kind.of(Devices.h100()), Kind.of(Devices.a100()), Kind.of(Devices.h200()), Kind.of(Devices.rtx4090()),
            Kind.of(Devices.mlu370x4()), Kind.of(Devices.ascend910B3()), Kind.of(Devices.ascend310P3()),
            Kind.of(Devices.a30()), Kind.of(Devices.mlu590()), Kind.of(Devices.a100x40()),
            new Kind(Vendor.NVIDIA, "L40S", 46068, null), new Kind(Vendor.CAMBRICON, "MLU370-X8", 23374, null),
            new Kind(Vendor.HUAWEI_ASCEND, "Ascend910B4", 32768, null));

    /** One booking, to release later. */
    record Lease(String id, String nodeId, List<String> deviceKeys, boolean slice) {
    }

    private final Random random;
    private final int kinds;
    private int leases;

    /**
     * @param kinds how many of {@link #KINDS} the fleet uses (fewer kinds, more ties)
     */
    RandomFleets(long seed, int kinds) {
        this.random = new Random(seed);
        this.kinds = kinds;
    }

    Random random() {
        return random;
    }

    List<NodeCapacity> fleet(int size) {
        List<NodeCapacity> nodes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        while (nodes.size() < size) {
            String id = nodeId();
            if (!ids.contains(id)) {
                ids.add(id);
                nodes.add(node(id));
            }
        }
        return nodes;
    }

    /** Ids in an order unrelated to the order nodes are added in. */
    String nodeId() {
        return "node-" + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
    }

    NodeCapacity node(String id) {
        int r = random.nextInt(REGIONS.length);
        Kind kind = kind();
        Kind other = random.nextInt(10) == 0 ? kind() : kind; // a few nodes of mixed models
        int count = new int[] {1, 2, 4, 8, 8, 8}[random.nextInt(6)];
        List<DeviceSlot> devices = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            devices.add(device("d" + d, d % 2 == 0 ? kind : other));
        }
        return new NodeCapacity(id, "op-" + random.nextInt(3), REGIONS[r], REGIONS[r] + "-1", TIERS[r],
                random.nextInt(15) != 0, devices);
    }

    Kind kind() {
        return KINDS.get(random.nextInt(kinds));
    }

    DeviceSlot device(String key, Kind kind) {
        int roll = random.nextInt(20);
        if (kind.shape() == null) {
            return new DeviceSlot(key, kind.vendor(), kind.model(), kind.memoryMiB(), roll < 12);
        }
        if (roll < 7) {
            return DeviceSlot.sliceable(key, DeviceState.empty(kind.shape()));
        }
        if (roll < 10) { // held whole by a lease, or unhealthy: nothing to hand out
            return new DeviceSlot(key, kind.vendor(), kind.model(), kind.memoryMiB(), false, kind.shape(), null);
        }
        if (roll == 10) { // a device that is not free but whose (empty) slice state is still offered
            return new DeviceSlot(key, kind.vendor(), kind.model(), kind.memoryMiB(), false, kind.shape(),
                    DeviceState.empty(kind.shape()));
        }
        DeviceState state = DeviceState.empty(kind.shape());
        int slices = 1 + random.nextInt(6);
        for (int i = 0; i < slices; i++) {
            Fit fit = SliceArithmetic.fit(state, slice(state), "prior-" + key + "-" + i);
            if (fit instanceof Fit.Placed placed) {
                state = placed.state();
            }
        }
        return DeviceSlot.sliceable(key, state);
    }

    /** A random slice of a mode the device is in (or any, when it is empty). */
    private SliceRequest slice(DeviceState state) {
        List<SliceProfile> profiles = state.shape().profiles();
        SliceProfile p = profiles.get(random.nextInt(profiles.size()));
        if (!state.isEmpty() && state.mode().sliceKind() != null) {
            List<SliceProfile> same = profiles.stream().filter(q -> q.kind() == state.mode().sliceKind()).toList();
            p = same.get(random.nextInt(same.size()));
        }
        if (random.nextInt(40) == 0 && state.isEmpty()) {
            return SliceRequest.whole();
        }
        return switch (p.kind()) {
            case MIG, VNPU -> new SliceRequest.Profile(p.kind(), p.name());
            case SMLU, SOFT -> new SliceRequest.Share(p.kind(), 1 + random.nextLong(state.memoryMiB() / 3),
                    1 + random.nextInt(random.nextBoolean() ? 20 : 60));
        };
    }

    PlacementRequest request() {
        int kind = random.nextInt(10);
        long memory = random.nextInt(4) == 0 ? 1 + random.nextLong(100 * GIB)
                : (1 + random.nextInt(random.nextBoolean() ? 24 : 90)) * GIB;
        String region = random.nextInt(4) == 0 ? REGIONS[random.nextInt(REGIONS.length)]
                : random.nextInt(60) == 0 ? "mars" : null;
        Vendor vendor = random.nextInt(6) == 0 ? Vendor.values()[random.nextInt(Vendor.values().length)] : null;
        WorkloadClass workload = WorkloadClass.values()[random.nextInt(WorkloadClass.values().length)];
        Framework framework = random.nextInt(10) == 0
                ? Framework.values()[random.nextInt(Framework.values().length)] : null;
        String model = null;
        if (random.nextInt(10) == 0) {
            Kind k = kind();
            model = random.nextBoolean() ? k.model() : k.model().toLowerCase(Locale.ROOT);
        }
        if (kind < 2) { // whole devices, several of them
            int count = new int[] {2, 2, 3, 4, 8}[random.nextInt(5)];
            Sharing sharing = Sharing.values()[random.nextInt(3)];
            return new PlacementRequest(Math.min(memory, 64 * GIB), count, region, vendor, workload, null, model,
                    null, sharing, framework);
        }
        if (kind < 3) {
            return new PlacementRequest(memory, 1, region, vendor, workload, null, model, null, Sharing.WHOLE,
                    framework);
        }
        Sharing sharing = random.nextInt(3) == 0 ? Sharing.ISOLATED : Sharing.SHARED;
        Integer computePct = random.nextInt(3) == 0 ? 1 + random.nextInt(100) : null;
        String profile = null;
        if (random.nextInt(8) == 0) {
            Kind k = kind();
            if (k.shape() != null) {
                List<SliceProfile> fixed = k.shape().profiles().stream()
                        .filter(p -> p.kind() == SliceKind.MIG || p.kind() == SliceKind.VNPU).toList();
                if (!fixed.isEmpty()) {
                    profile = fixed.get(random.nextInt(fixed.size())).name();
                    memory = 1 + random.nextLong(16 * GIB);
                }
            }
        }
        if (random.nextInt(3) == 0) {
            memory = Math.max(1, memory / 8); // small slices, the common case
        }
        return new PlacementRequest(memory, 1, region, vendor, workload, computePct, model, profile, sharing,
                framework);
    }

    /** What booking the placement does to its devices, as the scheduler books it, and the lease to release. */
    Booking book(Placement placement) {
        String id = "lease-" + leases++;
        List<String> keys = placement.devices().stream().map(DeviceSlot::deviceKey).toList();
        if (placement.slice() == null) {
            return new Booking(new Lease(id, placement.node().nodeId(), keys, false),
                    placement.devices().stream().map(d -> d.withFree(false)).toList());
        }
        DeviceSlot device = placement.firstDevice();
        Fit fit = SliceArithmetic.fit(device.slices(), placement.slice().request(), id);
        if (!(fit instanceof Fit.Placed placed)) {
            throw new AssertionError("planned slice does not fit: " + fit);
        }
        return new Booking(new Lease(id, placement.node().nodeId(), keys, true),
                List.of(DeviceSlot.sliceable(device.deviceKey(), placed.state())));
    }

    /** The lease's devices released, from their current slots; empty when the node or the slice is gone. */
    static List<DeviceSlot> release(Lease lease, NodeCapacity node) {
        List<DeviceSlot> released = new ArrayList<>();
        for (DeviceSlot d : node.devices()) {
            if (!lease.deviceKeys().contains(d.deviceKey())) {
                continue;
            }
            if (!lease.slice()) {
                if (!d.free() && d.slices() == null) {
                    released.add(d.withFree(true));
                }
            } else if (d.slices() != null && d.slices().allocation(lease.id()).isPresent()) {
                released.add(DeviceSlot.sliceable(d.deviceKey(), SliceArithmetic.release(d.slices(), lease.id())));
            }
        }
        return released;
    }

    record Booking(Lease lease, List<DeviceSlot> devices) {
    }
}
