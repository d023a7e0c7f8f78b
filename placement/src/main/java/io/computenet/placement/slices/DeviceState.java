package io.computenet.placement.slices;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;

import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of one device: its {@link DeviceShape}, its {@link DeviceMode} and the allocations on it,
 * with the sums the arithmetic needs cached. New states come from {@link SliceArithmetic#fit} and
 * {@link SliceArithmetic#release}, or from {@link #restore} (rebuilding a state from persisted allocations).
 *
 * <p>Invariants (checked on every path that creates a state): all allocations belong to {@link #mode()}; the mode is
 * {@link DeviceMode#EMPTY} exactly when there are none; allocation ids are unique; MIG instances on a GPU with the
 * slot model sit on valid, non-overlapping starts; per-profile instance and share limits hold; memory and compute
 * add up to at most the device's (vNPU: the chip's AI cores and nominal template memory; sMLU/soft: device memory
 * and 100 %; counted MIG: device memory and one whole device of partitions).
 */
public final class DeviceState {

    private final DeviceShape shape;
    private final DeviceMode mode;
    private final List<Allocation> allocations;
    private final long usedMemoryMiB;
    private final int usedCompute;
    private final int usedSlots;
    private final long freeMemoryMiB;
    private final double freeComputeFraction;

    /**
     * @param usedCompute compute in use in the arithmetic's unit: MIG compute slices (slot model) or partition
     *                    weight (counted), AI cores (VNPU), percent (WHOLE, SMLU, SOFT)
     */
    DeviceState(DeviceShape shape, DeviceMode mode, List<Allocation> allocations, long usedMemoryMiB,
                int usedCompute, int usedSlots) {
        this.shape = shape;
        this.mode = mode;
        this.allocations = allocations;
        this.usedMemoryMiB = usedMemoryMiB;
        this.usedCompute = usedCompute;
        this.usedSlots = usedSlots;
        long freeMemory;
        double freeCompute;
        switch (mode) {
            case EMPTY -> {
                freeMemory = shape.memoryMiB();
                freeCompute = 1.0;
            }
            case WHOLE -> {
                freeMemory = 0;
                freeCompute = 0.0;
            }
            case MIG -> {
                if (shape.hasMigSlotModel()) {
                    int free = MigPlacement.ALL_SLOTS & ~usedSlots;
                    freeMemory = shape.bestMemory(free);
                    freeCompute = shape.bestCompute(free) / (double) MigPlacement.COMPUTE_SLICES;
                } else {
                    freeMemory = shape.memoryMiB() - usedMemoryMiB;
                    freeCompute = (shape.migWeightTotal() - usedCompute) / (double) shape.migWeightTotal();
                }
            }
            case VNPU -> {
                freeMemory = shape.templateMemoryMiB() - usedMemoryMiB;
                freeCompute = (shape.computeUnits() - usedCompute) / (double) shape.computeUnits();
            }
            case SMLU, SOFT -> {
                long step = shape.profileAt(shape.unitIndex(mode.sliceKind())).memoryMiB();
                freeMemory = (shape.memoryMiB() - usedMemoryMiB) / step * step;
                freeCompute = (DeviceShape.PERCENT - usedCompute) / (double) DeviceShape.PERCENT;
            }
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
        if (mode != DeviceMode.EMPTY && mode != DeviceMode.WHOLE && !SliceArithmetic.anyPlaceable(this)) {
            freeMemory = 0;
            freeCompute = 0.0;
        }
        this.freeMemoryMiB = Math.max(0, freeMemory);
        this.freeComputeFraction = Math.max(0.0, freeCompute);
    }

    /** An empty device of this shape. */
    public static DeviceState empty(DeviceShape shape) {
        if (shape == null) {
            throw new IllegalArgumentException("shape is required");
        }
        return new DeviceState(shape, DeviceMode.EMPTY, List.of(), 0, 0, 0);
    }

    /** An empty device as a node agent reported it ({@link DeviceShape#fromInventory}). */
    public static DeviceState of(DeviceInfo device) {
        return empty(DeviceShape.fromInventory(device));
    }

    /**
     * Rebuilds a device's state from persisted allocations, as if each had been placed in order by
     * {@link SliceArithmetic#fit} (MIG instances at their recorded slots).
     *
     * @throws IllegalArgumentException when the allocations could not be on the device together, or an allocation
     *                                  differs from what its profile or share yields on this shape
     */
    public static DeviceState restore(DeviceShape shape, List<Allocation> allocations) {
        if (allocations == null) {
            throw new IllegalArgumentException("allocations must not be null");
        }
        DeviceState state = empty(shape);
        for (Allocation allocation : allocations) {
            if (allocation == null) {
                throw new IllegalArgumentException("allocations must not contain null");
            }
            state = SliceArithmetic.restoreOne(state, allocation);
        }
        return state;
    }

    /** The device's shape. */
    public DeviceShape shape() {
        return shape;
    }

    /** Shortcut for {@code shape().vendor()}. */
    public Vendor vendor() {
        return shape.vendor();
    }

    /** Shortcut for {@code shape().model()}. */
    public String model() {
        return shape.model();
    }

    /** Shortcut for {@code shape().memoryMiB()}. */
    public long memoryMiB() {
        return shape.memoryMiB();
    }

    /** Shortcut for {@code shape().computeUnits()}. */
    public int computeUnits() {
        return shape.computeUnits();
    }

    /** Shortcut for {@code shape().profiles()}. */
    public List<SliceProfile> profiles() {
        return shape.profiles();
    }

    /** The current mode; {@link DeviceMode#EMPTY} exactly when there are no allocations. */
    public DeviceMode mode() {
        return mode;
    }

    /** The allocations, in the order they were placed. */
    public List<Allocation> allocations() {
        return allocations;
    }

    /** Whether the device holds no allocations (and so may switch modes). */
    public boolean isEmpty() {
        return allocations.isEmpty();
    }

    /** The allocation with this id, if present. */
    public Optional<Allocation> allocation(String id) {
        int i = indexOf(id);
        return i < 0 ? Optional.empty() : Optional.of(allocations.get(i));
    }

    /** Memory held by the allocations (vNPU: template memory), in MiB. */
    public long usedMemoryMiB() {
        return usedMemoryMiB;
    }

    /** MIG memory slots in use as a bitmask (bit i = slot i); 0 outside MIG or without the slot model. */
    public int usedMigSlots() {
        return usedSlots;
    }

    /** What can still be handed out, in MiB (see {@link FreeCapacity}). Allocation-free. */
    public long freeMemoryMiB() {
        return freeMemoryMiB;
    }

    /** What compute can still be handed out, as a fraction of the device, 0..1 (see {@link FreeCapacity}). */
    public double freeComputeFraction() {
        return freeComputeFraction;
    }

    /** Both free figures as a record. */
    public FreeCapacity free() {
        return new FreeCapacity(freeMemoryMiB, freeComputeFraction);
    }

    /**
     * Compute held by the allocations in the arithmetic's unit for the mode: MIG compute slices (slot model) or
     * partition weight (counted MIG), AI cores (VNPU), percent (WHOLE, SMLU, SOFT); 0 when empty.
     */
    public int usedCompute() {
        return usedCompute;
    }

    int indexOf(String id) {
        for (int i = 0, n = allocations.size(); i < n; i++) {
            if (allocations.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Allocations of a profile (MIG, VNPU) or of any share (SMLU, SOFT: {@code profile} null). Allocation-free. */
    int count(SliceKind kind, String profile) {
        DeviceMode wanted = DeviceMode.of(kind);
        if (mode != wanted) {
            return 0;
        }
        if (profile == null) {
            return allocations.size();
        }
        int n = 0;
        for (int i = 0, size = allocations.size(); i < size; i++) {
            if (profile.equals(allocations.get(i).profile())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof DeviceState other && mode == other.mode && shape.equals(other.shape)
                && allocations.equals(other.allocations);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * shape.hashCode() + mode.hashCode()) + allocations.hashCode();
    }

    @Override
    public String toString() {
        return "DeviceState[" + shape.model() + ", " + mode + ", " + allocations.size() + " allocation(s), free "
                + freeMemoryMiB + " MiB / " + Math.round(freeComputeFraction * 1000) / 10.0 + "% compute]";
    }
}
