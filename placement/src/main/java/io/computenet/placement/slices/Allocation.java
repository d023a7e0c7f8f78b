package io.computenet.placement.slices;

/**
 * One slice handed out on a device, and exactly what it uses.
 *
 * @param id        caller-chosen id (typically the lease id), unique on the device
 * @param mode      the mode it belongs to, never {@link DeviceMode#EMPTY}
 * @param profile   the profile name for MIG and VNPU; null for WHOLE, SMLU and SOFT
 * @param memoryMiB memory it holds: the device's memory (WHOLE), the profile's (MIG, VNPU) or the share's, rounded
 *                  up to the step (SMLU: 256 MiB)
 * @param compute   compute it holds, in the unit {@link DeviceMode} lists for its mode
 * @param firstSlot first MIG memory slot (0..7) on GPUs with a slot model, the start to pass to
 *                  {@code nvidia-smi mig -cgi <profile>:<start>}; -1 otherwise
 * @param slotCount how many memory slots it covers from {@code firstSlot}; 0 when {@code firstSlot} is -1
 */
public record Allocation(String id, DeviceMode mode, String profile, long memoryMiB, int compute, int firstSlot,
                         int slotCount) {

    /** Validates the fields; throws {@link IllegalArgumentException} naming the allocation. */
    public Allocation {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an allocation needs an id");
        }
        if (mode == null || mode == DeviceMode.EMPTY) {
            throw new IllegalArgumentException("allocation " + id + ": mode must be WHOLE, MIG, VNPU, SMLU or SOFT,"
                    + " was " + mode);
        }
        boolean profiled = mode == DeviceMode.MIG || mode == DeviceMode.VNPU;
        if (profiled != (profile != null)) {
            throw new IllegalArgumentException("allocation " + id + ": " + mode
                    + (profiled ? " needs a profile name" : " has no profile name, was " + profile));
        }
        if (memoryMiB <= 0 || compute <= 0) {
            throw new IllegalArgumentException("allocation " + id + ": memoryMiB and compute must be positive, were "
                    + memoryMiB + " and " + compute);
        }
        boolean slotted = firstSlot >= 0;
        if (slotted && (mode != DeviceMode.MIG || slotCount < 1 || firstSlot + slotCount > MigPlacement.MEMORY_SLOTS)
                || !slotted && (firstSlot != -1 || slotCount != 0)) {
            throw new IllegalArgumentException("allocation " + id + ": slots " + firstSlot + "+" + slotCount
                    + " are not a MIG slot range within 0.." + (MigPlacement.MEMORY_SLOTS - 1) + " nor -1+0");
        }
    }

    /** The memory slots it covers as a bitmask (bit i = slot i); 0 without a slot model. */
    public int slotMask() {
        return slotCount == 0 ? 0 : ((1 << slotCount) - 1) << firstSlot;
    }
}
