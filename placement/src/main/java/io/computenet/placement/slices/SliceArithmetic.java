package io.computenet.placement.slices;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Places, checks and releases slices on one device. Stateless and thread-safe; every method is a pure function of
 * its arguments.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>A device holds allocations of one {@link DeviceMode}; an empty device takes any mode its shape supports.
 *       {@link SliceRequest.Whole} needs an empty device.</li>
 *   <li>MIG and VNPU requests name a profile of the device's table; its {@code maxInstances} is a hard limit.</li>
 *   <li>MIG on a GPU with the slot model ({@link MigPlacement}): the instance goes on a valid start whose memory
 *       slots are all free. Of several, the one that leaves the most placeable memory (then compute, then the lowest
 *       start) is taken, which keeps {@code 3g}/{@code 4g} starts open for as long as possible. Other MIG-kind
 *       tables are counted (see {@link DeviceShape}).</li>
 *   <li>VNPU: template AI cores add up to at most the chip's cores and template memory to at most its nominal
 *       memory ({@link DeviceShape#templateMemoryMiB()}).</li>
 *   <li>SMLU, SOFT: at most the unit profile's {@code maxInstances} shares; memory is rounded up to the unit
 *       profile's memory step (SMLU 256 MiB) and compute to its percent step; memory adds up to at most the
 *       device's memory and compute to at most 100 %.</li>
 * </ol>
 *
 * <h2>Cost</h2>
 * {@link #fits} allocates nothing; {@link #fit} allocates only its result (the allocation, the new state and its
 * list) or, on rejection, the reason text. MIG uses 8-bit slot masks and per-shape lookup tables.
 */
public final class SliceArithmetic {

    private static final int ANY_START = -1;
    private static final Fit.Code[] CODES = Fit.Code.values();

    private SliceArithmetic() {
    }

    /**
     * Places {@code request} on the device.
     *
     * @param state        the device now
     * @param request      what is asked
     * @param allocationId the id to record (typically the lease id); must not be on the device already
     * @return {@link Fit.Placed} with the new state, or {@link Fit.Rejected} with the reason
     * @throws IllegalArgumentException for a null argument, a blank id or an id already on the device
     */
    public static Fit fit(DeviceState state, SliceRequest request, String allocationId) {
        requireArguments(state, request);
        if (allocationId == null || allocationId.isBlank()) {
            throw new IllegalArgumentException("allocationId is required");
        }
        if (state.indexOf(allocationId) >= 0) {
            throw new IllegalArgumentException("allocation " + allocationId + " is already on " + state.model());
        }
        int outcome = check(state, request, ANY_START);
        if (outcome < 0) {
            Fit.Code code = CODES[-outcome - 1];
            return new Fit.Rejected(code, explain(state, request, code));
        }
        return commit(state, request, allocationId, outcome);
    }

    /**
     * Whether {@link #fit} would place {@code request}; allocates nothing, for scoring many devices.
     *
     * @throws IllegalArgumentException for a null argument
     */
    public static boolean fits(DeviceState state, SliceRequest request) {
        requireArguments(state, request);
        return check(state, request, ANY_START) >= 0;
    }

    /**
     * The device without allocation {@code allocationId}. Releasing the last allocation leaves an
     * {@link DeviceMode#EMPTY} device that may switch modes. Releasing an id that is not on the device returns
     * {@code state} unchanged, so redelivered release events are harmless.
     *
     * @throws IllegalArgumentException for a null state or id
     */
    public static DeviceState release(DeviceState state, String allocationId) {
        if (state == null || allocationId == null) {
            throw new IllegalArgumentException("state and allocationId are required");
        }
        int index = state.indexOf(allocationId);
        if (index < 0) {
            return state;
        }
        List<Allocation> before = state.allocations();
        if (before.size() == 1) {
            return DeviceState.empty(state.shape());
        }
        Allocation gone = before.get(index);
        Allocation[] rest = new Allocation[before.size() - 1];
        for (int i = 0, j = 0; i < before.size(); i++) {
            if (i != index) {
                rest[j++] = before.get(i);
            }
        }
        return new DeviceState(state.shape(), state.mode(), List.of(rest),
                state.usedMemoryMiB() - gone.memoryMiB(), state.usedCompute() - usedComputeOf(state.shape(), gone),
                state.usedMigSlots() & ~gone.slotMask());
    }

    /** What the device can still hand out (see {@link FreeCapacity}). */
    public static FreeCapacity free(DeviceState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        return state.free();
    }

    /**
     * The smallest fixed profile (MIG or VNPU) in the device's table with at least {@code memoryMiB} of memory and
     * at least {@code computeFraction} of the device's compute ({@link DeviceShape#computeFraction}). Smallest means
     * least memory, then least compute, then the most instances per device (so {@code 1g.10gb} before
     * {@code 1g.10gb+me}), then name. Memory is compared with what the profile really has: {@code 1g.10gb} on an
     * H100 has 9.75 GiB, so a request for 10 GiB gets {@code 1g.20gb}. The table is consulted, not the device's
     * occupancy: the answer may still be rejected by {@link #fit}.
     *
     * @throws IllegalArgumentException when memoryMiB &lt;= 0 or computeFraction is not within 0..1
     */
    public static Optional<SliceProfile> smallestProfileFor(DeviceState state, long memoryMiB,
                                                            double computeFraction) {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        if (memoryMiB <= 0) {
            throw new IllegalArgumentException("memoryMiB must be positive, was " + memoryMiB);
        }
        if (!(computeFraction >= 0.0 && computeFraction <= 1.0)) {
            throw new IllegalArgumentException("computeFraction must be within 0..1, was " + computeFraction);
        }
        DeviceShape shape = state.shape();
        int best = -1;
        for (int i = 0; i < shape.profileCount(); i++) {
            SliceProfile p = shape.profileAt(i);
            if (p.kind() != SliceKind.MIG && p.kind() != SliceKind.VNPU || p.memoryMiB() < memoryMiB
                    || shape.computeFractionAt(i) < computeFraction) {
                continue;
            }
            if (best < 0 || smaller(shape, i, best)) {
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(shape.profileAt(best));
    }

    private static boolean smaller(DeviceShape shape, int a, int b) {
        SliceProfile pa = shape.profileAt(a);
        SliceProfile pb = shape.profileAt(b);
        if (pa.memoryMiB() != pb.memoryMiB()) {
            return pa.memoryMiB() < pb.memoryMiB();
        }
        int byCompute = Double.compare(shape.computeFractionAt(a), shape.computeFractionAt(b));
        if (byCompute != 0) {
            return byCompute < 0;
        }
        if (pa.maxInstances() != pb.maxInstances()) {
            return pa.maxInstances() > pb.maxInstances();
        }
        return pa.name().compareTo(pb.name()) < 0;
    }

    private static void requireArguments(DeviceState state, SliceRequest request) {
        if (state == null || request == null) {
            throw new IllegalArgumentException("state and request are required");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The engine. check() returns the start slot (slot-model MIG) or 0 when the request fits, else -(code + 1).

    private static int fail(Fit.Code code) {
        return -code.ordinal() - 1;
    }

    private static int check(DeviceState s, SliceRequest request, int forcedStart) {
        if (request instanceof SliceRequest.Profile p) {
            int i = s.shape().index(p.kind(), p.name());
            return i < 0 ? fail(Fit.Code.UNSUPPORTED) : checkProfile(s, i, forcedStart);
        }
        if (request instanceof SliceRequest.Share share) {
            int unit = s.shape().unitIndex(share.kind());
            return unit < 0 ? fail(Fit.Code.UNSUPPORTED) : checkShare(s, unit, share.memoryMiB(), share.computePct());
        }
        return s.isEmpty() ? 0 : fail(Fit.Code.DEVICE_BUSY);
    }

    private static int checkProfile(DeviceState s, int i, int forcedStart) {
        DeviceShape shape = s.shape();
        SliceProfile p = shape.profileAt(i);
        DeviceMode mode = DeviceMode.of(p.kind());
        if (s.mode() != DeviceMode.EMPTY && s.mode() != mode) {
            return fail(Fit.Code.MODE_CONFLICT);
        }
        if (s.count(p.kind(), p.name()) >= p.maxInstances()) {
            return fail(Fit.Code.INSTANCE_LIMIT);
        }
        if (mode == DeviceMode.MIG) {
            if (shape.hasMigSlotModel()) {
                return chooseStart(s, shape.migPlacementAt(i), forcedStart);
            }
            if (s.usedCompute() + shape.migWeight(i) > shape.migWeightTotal()) {
                return fail(Fit.Code.INSUFFICIENT_COMPUTE);
            }
            return s.usedMemoryMiB() + p.memoryMiB() > shape.memoryMiB() ? fail(Fit.Code.INSUFFICIENT_MEMORY) : 0;
        }
        if (s.usedCompute() + p.computeUnits() > shape.computeUnits()) {
            return fail(Fit.Code.INSUFFICIENT_COMPUTE);
        }
        return s.usedMemoryMiB() + p.memoryMiB() > shape.templateMemoryMiB() ? fail(Fit.Code.INSUFFICIENT_MEMORY) : 0;
    }

    private static int chooseStart(DeviceState s, MigPlacement placement, int forcedStart) {
        int free = MigPlacement.ALL_SLOTS & ~s.usedMigSlots();
        if (forcedStart != ANY_START) {
            int slots = placement.startsAt(forcedStart) ? placement.slotsFrom(forcedStart) : -1;
            return slots != -1 && (free & slots) == slots ? forcedStart : fail(Fit.Code.NO_ALIGNED_SLOT);
        }
        DeviceShape shape = s.shape();
        int best = -1;
        long bestMemory = -1;
        int bestCompute = -1;
        for (int start = 0; start < MigPlacement.MEMORY_SLOTS; start++) {
            if (!placement.startsAt(start)) {
                continue;
            }
            int slots = placement.slotsFrom(start);
            if ((free & slots) != slots) {
                continue;
            }
            int rest = free & ~slots;
            long memory = shape.bestMemory(rest);
            int compute = shape.bestCompute(rest);
            if (memory > bestMemory || memory == bestMemory && compute > bestCompute) {
                best = start;
                bestMemory = memory;
                bestCompute = compute;
            }
        }
        return best >= 0 ? best : fail(Fit.Code.NO_ALIGNED_SLOT);
    }

    private static int checkShare(DeviceState s, int unit, long memoryMiB, int computePct) {
        DeviceShape shape = s.shape();
        SliceProfile p = shape.profileAt(unit);
        if (s.mode() != DeviceMode.EMPTY && s.mode() != DeviceMode.of(p.kind())) {
            return fail(Fit.Code.MODE_CONFLICT);
        }
        if (s.count(p.kind(), null) >= p.maxInstances()) {
            return fail(Fit.Code.INSTANCE_LIMIT);
        }
        if (s.usedCompute() + roundUp(computePct, p.computeUnits()) > DeviceShape.PERCENT) {
            return fail(Fit.Code.INSUFFICIENT_COMPUTE);
        }
        long freeMemory = shape.memoryMiB() - s.usedMemoryMiB();
        return memoryMiB > freeMemory || roundUp(memoryMiB, p.memoryMiB()) > freeMemory
                ? fail(Fit.Code.INSUFFICIENT_MEMORY) : 0;
    }

    /** Whether any slice of the state's mode still fits; the state is neither EMPTY nor WHOLE. */
    static boolean anyPlaceable(DeviceState s) {
        DeviceShape shape = s.shape();
        SliceKind kind = s.mode().sliceKind();
        if (kind == SliceKind.SMLU || kind == SliceKind.SOFT) {
            SliceProfile unit = shape.profileAt(shape.unitIndex(kind));
            return checkShare(s, shape.unitIndex(kind), unit.memoryMiB(), unit.computeUnits()) >= 0;
        }
        for (int i = 0; i < shape.profileCount(); i++) {
            if (shape.profileAt(i).kind() == kind && checkProfile(s, i, ANY_START) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static long roundUp(long value, long step) {
        long units = value / step + (value % step == 0 ? 0 : 1);
        return units * step;
    }

    private static int roundUp(int value, int step) {
        return (int) roundUp((long) value, step);
    }

    private static Fit.Placed commit(DeviceState s, SliceRequest request, String id, int start) {
        DeviceShape shape = s.shape();
        Allocation allocation;
        int compute;
        int slots = 0;
        if (request instanceof SliceRequest.Profile p) {
            int i = shape.index(p.kind(), p.name());
            SliceProfile profile = shape.profileAt(i);
            MigPlacement placement = p.kind() == SliceKind.MIG && shape.hasMigSlotModel()
                    ? shape.migPlacementAt(i) : null;
            if (placement != null) {
                slots = placement.slotsFrom(start);
                compute = placement.computeSlices();
                allocation = new Allocation(id, DeviceMode.MIG, profile.name(), profile.memoryMiB(),
                        profile.computeUnits(), start, placement.memorySlots());
            } else {
                compute = p.kind() == SliceKind.MIG ? shape.migWeight(i) : profile.computeUnits();
                allocation = new Allocation(id, p.mode(), profile.name(), profile.memoryMiB(),
                        profile.computeUnits(), -1, 0);
            }
        } else if (request instanceof SliceRequest.Share share) {
            SliceProfile unit = shape.profileAt(shape.unitIndex(share.kind()));
            compute = roundUp(share.computePct(), unit.computeUnits());
            allocation = new Allocation(id, share.mode(), null, roundUp(share.memoryMiB(), unit.memoryMiB()),
                    compute, -1, 0);
        } else {
            compute = DeviceShape.PERCENT;
            allocation = new Allocation(id, DeviceMode.WHOLE, null, shape.memoryMiB(), DeviceShape.PERCENT, -1, 0);
        }
        List<Allocation> before = s.allocations();
        Allocation[] after = before.toArray(new Allocation[before.size() + 1]);
        after[before.size()] = allocation;
        DeviceState next = new DeviceState(shape, request.mode(), List.of(after),
                s.usedMemoryMiB() + allocation.memoryMiB(), s.usedCompute() + compute, s.usedMigSlots() | slots);
        return new Fit.Placed(next, allocation);
    }

    /** The compute {@code a} adds to {@link DeviceState#usedCompute()}, in the arithmetic's unit. */
    private static int usedComputeOf(DeviceShape shape, Allocation a) {
        return switch (a.mode()) {
            case MIG -> {
                int i = shape.index(SliceKind.MIG, a.profile());
                yield shape.hasMigSlotModel() ? shape.migPlacementAt(i).computeSlices() : shape.migWeight(i);
            }
            case EMPTY -> 0;
            default -> a.compute();
        };
    }

    /** One step of {@link DeviceState#restore}: places {@code a} where it was recorded and checks it matches. */
    static DeviceState restoreOne(DeviceState s, Allocation a) {
        if (s.indexOf(a.id()) >= 0) {
            throw new IllegalArgumentException("allocation " + a.id() + " appears twice");
        }
        SliceRequest request = switch (a.mode()) {
            case WHOLE -> SliceRequest.whole();
            case MIG, VNPU -> new SliceRequest.Profile(a.mode().sliceKind(), a.profile());
            case SMLU, SOFT -> new SliceRequest.Share(a.mode().sliceKind(), a.memoryMiB(), a.compute());
            case EMPTY -> throw new IllegalArgumentException("allocation " + a.id() + " has mode EMPTY");
        };
        int outcome = check(s, request, a.firstSlot() >= 0 ? a.firstSlot() : ANY_START);
        if (outcome < 0) {
            Fit.Code code = CODES[-outcome - 1];
            String where = a.firstSlot() >= 0 ? " at slot " + a.firstSlot() : "";
            throw new IllegalArgumentException("cannot restore allocation " + a.id() + where + ": "
                    + explain(s, request, code));
        }
        Fit.Placed placed = commit(s, request, a.id(), outcome);
        if (!placed.allocation().equals(a)) {
            throw new IllegalArgumentException("cannot restore allocation " + a.id() + ": on " + s.model()
                    + " it would be " + placed.allocation() + ", was " + a);
        }
        return placed.state();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reasons. Only built on rejection.

    private static String explain(DeviceState s, SliceRequest request, Fit.Code code) {
        DeviceShape shape = s.shape();
        String label = label(request);
        switch (code) {
            case UNSUPPORTED -> {
                if (request instanceof SliceRequest.Profile p) {
                    List<String> offered = shape.names(p.kind());
                    return label + ": not a " + p.kind() + " profile of " + shape.model()
                            + (offered.isEmpty() ? " (it offers no " + p.kind() + " profiles)"
                            : " (offers " + String.join(", ", offered) + ")");
                }
                return label + ": " + shape.model() + " does not offer " + request.mode() + " slicing";
            }
            case MODE_CONFLICT -> {
                return label + ": device is in " + s.mode() + " mode with " + s.allocations().size()
                        + " allocation(s); a device cannot mix modes until it is empty";
            }
            case DEVICE_BUSY -> {
                return label + ": device is in " + s.mode() + " mode with " + s.allocations().size()
                        + " allocation(s); a whole-device lease needs an empty device";
            }
            case INSTANCE_LIMIT -> {
                if (request instanceof SliceRequest.Profile p) {
                    SliceProfile profile = shape.profileAt(shape.index(p.kind(), p.name()));
                    return label + ": at most " + profile.maxInstances() + " instance(s) per device, "
                            + s.count(p.kind(), p.name()) + " placed";
                }
                SliceRequest.Share share = (SliceRequest.Share) request;
                SliceProfile unit = shape.profileAt(shape.unitIndex(share.kind()));
                return label + ": at most " + unit.maxInstances() + " shares per device, "
                        + s.count(share.kind(), null) + " placed";
            }
            case NO_ALIGNED_SLOT -> {
                MigPlacement placement = shape.migPlacement(((SliceRequest.Profile) request).name()).orElseThrow();
                return label + ": no free aligned slot (needs " + placement.memorySlots()
                        + " memory slot(s) starting at " + join(placement.starts()) + "; free memory slots "
                        + freeSlots(s.usedMigSlots()) + ")";
            }
            case INSUFFICIENT_COMPUTE -> {
                if (request instanceof SliceRequest.Profile p && p.kind() == SliceKind.MIG) {
                    int i = shape.index(p.kind(), p.name());
                    return label + ": needs " + shape.migWeight(i) + "/" + shape.migWeightTotal()
                            + " of the device, " + (shape.migWeightTotal() - s.usedCompute()) + "/"
                            + shape.migWeightTotal() + " free";
                }
                if (request instanceof SliceRequest.Profile p) {
                    SliceProfile profile = shape.profileAt(shape.index(p.kind(), p.name()));
                    return label + ": needs " + profile.computeUnits() + " AI cores, "
                            + (shape.computeUnits() - s.usedCompute()) + " free";
                }
                SliceRequest.Share share = (SliceRequest.Share) request;
                SliceProfile unit = shape.profileAt(shape.unitIndex(share.kind()));
                return label + ": needs " + roundUp(share.computePct(), unit.computeUnits()) + "% compute, "
                        + (DeviceShape.PERCENT - s.usedCompute()) + "% free";
            }
            case INSUFFICIENT_MEMORY -> {
                long needed;
                long total;
                if (request instanceof SliceRequest.Profile p) {
                    needed = shape.profileAt(shape.index(p.kind(), p.name())).memoryMiB();
                    total = p.kind() == SliceKind.VNPU ? shape.templateMemoryMiB() : shape.memoryMiB();
                } else {
                    SliceRequest.Share share = (SliceRequest.Share) request;
                    SliceProfile unit = shape.profileAt(shape.unitIndex(share.kind()));
                    needed = roundUp(share.memoryMiB(), unit.memoryMiB());
                    total = shape.memoryMiB();
                }
                return label + ": needs " + needed + " MiB, " + (total - s.usedMemoryMiB()) + " MiB free";
            }
            default -> throw new IllegalStateException("unknown code " + code);
        }
    }

    private static String label(SliceRequest request) {
        if (request instanceof SliceRequest.Profile p) {
            return p.name();
        }
        if (request instanceof SliceRequest.Share share) {
            return share.kind() + " share of " + share.memoryMiB() + " MiB / " + share.computePct() + "%";
        }
        return "whole device";
    }

    private static String freeSlots(int usedSlots) {
        List<Integer> free = new ArrayList<>();
        for (int slot = 0; slot < MigPlacement.MEMORY_SLOTS; slot++) {
            if ((usedSlots >>> slot & 1) == 0) {
                free.add(slot);
            }
        }
        return free.isEmpty() ? "none" : join(free);
    }

    private static String join(List<Integer> values) {
        StringBuilder out = new StringBuilder();
        for (Integer value : values) {
            out.append(out.length() == 0 ? "" : ",").append(value);
        }
        return out.toString();
    }
}
