package io.computenet.benchmarks;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.placement.SliceChoice;
import io.computenet.placement.slices.Allocation;
import io.computenet.placement.slices.DeviceMode;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.Fit;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.placement.slices.SliceRequest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What {@link SchedulerRestartHarness} writes into the scheduler's database: a simulated fleet
 * ({@code FleetSimulator}'s nodes and devices) with a share of its devices held by live leases, some whole (leases of
 * 1, 2, 4 or 8 devices of one node) and some cut into slices. Every slice is cut by the placement core's own
 * {@link SliceArithmetic} from the device's inventory (its node agent's profile table), so the allocations are exactly
 * what the scheduler would have stored and {@code DeviceState.restore} accepts them. Deterministic for a seed.
 */
final class RestartFleet {

    /** Of the leased share of devices, this part is held whole; the rest is cut into slices. */
    static final double WHOLE_PART = 0.75;
    private static final int[] WHOLE_SIZES = {1, 1, 1, 2, 2, 4, 8};

    /** One device of the fleet: held whole by {@code leaseId}, or holding {@code slices}, or free (both empty). */
    record Device(SimulatedNode node, DeviceInfo info, String leaseId, List<Allocation> slices) {
        boolean free() {
            return leaseId == null && slices.isEmpty();
        }
    }

    /**
     * One live lease: whole devices ({@code slice} null) or one slice of one device.
     *
     * @param profile the slice's profile in the device's table (null for whole devices and shares without one)
     * @param share   the fraction of the device it is billed for, as {@code SliceChoice.shareOf} computes it
     */
    record Lease(String leaseId, SimulatedNode node, List<DeviceInfo> devices, Allocation slice, SliceProfile profile,
                 double computeFraction, BigDecimal share) {
    }

    private final List<SimulatedNode> nodes;
    private final List<Device> devices;
    private final List<Lease> leases;

    private RestartFleet(List<SimulatedNode> nodes, List<Device> devices, List<Lease> leases) {
        this.nodes = nodes;
        this.devices = devices;
        this.leases = leases;
    }

    List<SimulatedNode> nodes() {
        return nodes;
    }

    List<Device> devices() {
        return devices;
    }

    List<Lease> leases() {
        return leases;
    }

    long freeDevices() {
        return devices.stream().filter(Device::free).count();
    }

    long wholeHeldDevices() {
        return devices.stream().filter(d -> d.leaseId() != null).count();
    }

    long slicedDevices() {
        return devices.stream().filter(d -> !d.slices().isEmpty()).count();
    }

    long slices() {
        return devices.stream().mapToLong(d -> d.slices().size()).sum();
    }

    /**
     * The fleet with about {@code leased} of its devices held: per node, each device counts towards the whole-held
     * part with probability {@code leased * WHOLE_PART} and towards the sliced part with {@code leased * (1 -
     * WHOLE_PART)}; the node's first devices are then grouped into whole-device leases, the next ones get one to three
     * slices each (MIG or vNPU profiles where the device has them, else sMLU or soft shares).
     */
    static RestartFleet of(List<SimulatedNode> fleet, double leased, long seed) {
        if (leased < 0 || leased > 1) {
            throw new IllegalArgumentException("leased must be within 0..1, was " + leased);
        }
        Random random = new Random(seed);
        Map<String, DeviceShape> shapes = new HashMap<>();
        List<Device> devices = new ArrayList<>();
        List<Lease> leases = new ArrayList<>();
        for (SimulatedNode node : fleet) {
            int n = node.devices().size();
            int whole = 0;
            int sliced = 0;
            for (int i = 0; i < n; i++) {
                double r = random.nextDouble();
                if (r < leased * WHOLE_PART) {
                    whole++;
                } else if (r < leased) {
                    sliced++;
                }
            }
            int d = 0;
            while (d < whole) {
                int size = WHOLE_SIZES[random.nextInt(WHOLE_SIZES.length)];
                while (size > whole - d) {
                    size /= 2;
                }
                String id = leaseId(random);
                List<DeviceInfo> held = node.devices().subList(d, d + size);
                for (DeviceInfo info : held) {
                    devices.add(new Device(node, info, id, List.of()));
                }
                leases.add(new Lease(id, node, List.copyOf(held), null, null, 1.0, BigDecimal.ONE));
                d += size;
            }
            for (; d < whole + sliced; d++) {
                DeviceInfo info = node.devices().get(d);
                DeviceShape shape = shapes.computeIfAbsent(info.vendor() + "|" + info.model(),
                        k -> DeviceShape.fromInventory(info));
                List<Allocation> cut = cut(node, info, shape, random, leases);
                devices.add(new Device(node, info, null, cut));
            }
            for (; d < n; d++) {
                devices.add(new Device(node, node.devices().get(d), null, List.of()));
            }
        }
        return new RestartFleet(List.copyOf(fleet), devices, leases);
    }

    /** One to three slices on an empty device, each a lease; fewer when the device is full sooner. */
    private static List<Allocation> cut(SimulatedNode node, DeviceInfo info, DeviceShape shape, Random random,
                                        List<Lease> leases) {
        List<SliceKind> kinds = new ArrayList<>();
        for (SliceKind k : SliceKind.values()) {
            if (shape.supports(DeviceMode.of(k))) {
                kinds.add(k);
            }
        }
        if (kinds.isEmpty()) {
            return List.of();
        }
        // partitions (MIG, vNPU) where the device has them, two times in three; shares otherwise
        List<SliceKind> partitions = kinds.stream().filter(k -> k == SliceKind.MIG || k == SliceKind.VNPU).toList();
        SliceKind kind = !partitions.isEmpty() && random.nextInt(3) > 0
                ? partitions.get(random.nextInt(partitions.size())) : kinds.get(random.nextInt(kinds.size()));
        List<SliceProfile> profiles = shape.profiles().stream().filter(p -> p.kind() == kind).toList();
        DeviceState state = DeviceState.empty(shape);
        List<Allocation> cut = new ArrayList<>();
        int wanted = 1 + random.nextInt(3);
        for (int attempt = 0; attempt < 8 && cut.size() < wanted; attempt++) {
            SliceRequest request;
            SliceProfile profile = null;
            if (kind == SliceKind.MIG || kind == SliceKind.VNPU) {
                profile = profiles.get(random.nextInt(profiles.size()));
                request = new SliceRequest.Profile(kind, profile.name());
            } else {
                long memory = info.memoryMiB() / new int[] {8, 4, 4, 3}[random.nextInt(4)];
                request = new SliceRequest.Share(kind, memory, new int[] {10, 25, 25, 50}[random.nextInt(4)]);
            }
            String id = leaseId(random);
            if (!(SliceArithmetic.fit(state, request, id) instanceof Fit.Placed placed)) {
                continue;
            }
            state = placed.state();
            Allocation a = placed.allocation();
            cut.add(a);
            double compute = profile != null ? shape.computeFraction(profile) : a.compute() / 100.0;
            SliceProfile stored = a.profile() == null ? null : shape.profile(kind, a.profile()).orElse(null);
            leases.add(new Lease(id, node, List.of(info), a, stored, compute,
                    SliceChoice.shareOf((double) a.memoryMiB() / info.memoryMiB(), compute)));
        }
        return List.copyOf(cut);
    }

    /** An id in the scheduler's format ({@code ls-} and 20 hex digits), from the seeded random. */
    private static String leaseId(Random random) {
        return String.format("ls-%016x%04x", random.nextLong(), random.nextInt(0x10000));
    }

    /** One line for the report. */
    String describe() {
        long memory = 0;
        long used = 0;
        for (Device d : devices) {
            memory += d.info().memoryMiB();
            used += d.leaseId() != null ? d.info().memoryMiB()
                    : d.slices().stream().mapToLong(Allocation::memoryMiB).sum();
        }
        return String.format("%,d nodes, %,d devices: %,d held whole, %,d holding %,d slices, %,d free; %,d live"
                        + " leases; %.1f %% of the memory in use", nodes.size(), devices.size(), wholeHeldDevices(),
                slicedDevices(), slices(), freeDevices(), leases.size(), memory == 0 ? 0.0 : 100.0 * used / memory);
    }
}
