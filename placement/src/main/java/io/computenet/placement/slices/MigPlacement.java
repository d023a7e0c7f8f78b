package io.computenet.placement.slices;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a MIG GPU instance profile may sit on a GPU with NVIDIA's 8-memory-slot / 7-compute-slice layout
 * (A100, H100, H100 NVL, H200, B200).
 *
 * <p>The GPU's memory is cut into 8 slots (0..7) and its SMs into 7 compute slices. A GPU instance covers
 * {@link #memorySlots()} consecutive memory slots starting at one of the positions {@code nvidia-smi mig -lgipp}
 * lists; instances may not overlap. These are the placements reported on A100 80GB, H100 80GB and H100 NVL
 * (output {@code GPU 0 Profile ID <id> Placements: {starts}:size}, reproduced in NVIDIA's MIG user guide):
 * <table>
 *   <caption>MIG placements (memory slot units)</caption>
 *   <tr><th>compute slices</th><th>memory slots</th><th>valid starts</th><th>profile id</th>
 *       <th>A100/H100 80GB</th><th>H200 141GB</th><th>A100 40GB</th></tr>
 *   <tr><td>1</td><td>1</td><td>0,1,2,3,4,5,6</td><td>19, 20 (+me)</td><td>1g.10gb, 1g.10gb+me</td>
 *       <td>1g.18gb, 1g.18gb+me</td><td>1g.5gb, 1g.5gb+me</td></tr>
 *   <tr><td>1</td><td>2</td><td>0,2,4,6</td><td>15</td><td>1g.20gb</td><td>1g.35gb</td><td>1g.10gb</td></tr>
 *   <tr><td>2</td><td>2</td><td>0,2,4</td><td>14</td><td>2g.20gb</td><td>2g.35gb</td><td>2g.10gb</td></tr>
 *   <tr><td>3</td><td>4</td><td>0,4</td><td>9</td><td>3g.40gb</td><td>3g.71gb</td><td>3g.20gb</td></tr>
 *   <tr><td>4</td><td>4</td><td>0</td><td>5</td><td>4g.40gb</td><td>4g.71gb</td><td>4g.20gb</td></tr>
 *   <tr><td>7</td><td>8</td><td>0</td><td>0</td><td>7g.80gb</td><td>7g.141gb</td><td>7g.40gb</td></tr>
 * </table>
 * A profile's row is found from its name {@code <g>g.<n>gb[+suffix]}: {@code g} compute slices and
 * {@code round(8 * n / N)} memory slots, where {@code N} is the GB figure of the table's {@code 7g} profile. The
 * H200 rows follow the same geometry (H200 lgipp not verified against a real capture). Per-profile instance limits
 * ({@code 1g.10gb+me}: 1) come from the device's profile table, not from this geometry. Slot 7 can only be used
 * by a 2-slot {@code 1g} profile at 6, a {@code 3g} at 4 or the {@code 7g}, which is why seven {@code 1g.10gb}
 * leave it stranded.
 *
 * @param computeSlices compute slices of the profile (the {@code g} of its name), 1..7
 * @param memorySlots   memory slots it covers, 1..8
 * @param startMask     valid first slots as a bitmask (bit i = may start at slot i)
 */
public record MigPlacement(int computeSlices, int memorySlots, int startMask) {

    /** Memory slots of a GPU with the slot model. */
    public static final int MEMORY_SLOTS = 8;

    /** Compute slices of a GPU with the slot model. */
    public static final int COMPUTE_SLICES = 7;

    /** Bitmask of all memory slots. */
    public static final int ALL_SLOTS = (1 << MEMORY_SLOTS) - 1;

    private static final MigPlacement[] ROWS = {
            new MigPlacement(1, 1, 0b0111_1111),
            new MigPlacement(1, 2, 0b0101_0101),
            new MigPlacement(2, 2, 0b0001_0101),
            new MigPlacement(3, 4, 0b0001_0001),
            new MigPlacement(4, 4, 0b0000_0001),
            new MigPlacement(7, 8, 0b0000_0001),
    };

    /** Validates that the row fits on 8 slots and 7 compute slices. */
    public MigPlacement {
        if (computeSlices < 1 || computeSlices > COMPUTE_SLICES || memorySlots < 1 || memorySlots > MEMORY_SLOTS
                || startMask == 0 || (startMask & ~ALL_SLOTS) != 0
                || 32 - Integer.numberOfLeadingZeros(startMask) - 1 + memorySlots > MEMORY_SLOTS) {
            throw new IllegalArgumentException("not a MIG placement: " + computeSlices + " compute slices, "
                    + memorySlots + " memory slots, starts mask " + Integer.toBinaryString(startMask));
        }
    }

    /** The row of the table above for a profile of {@code computeSlices} and {@code memorySlots}, or null. */
    static MigPlacement lookup(int computeSlices, int memorySlots) {
        for (MigPlacement row : ROWS) {
            if (row.computeSlices == computeSlices && row.memorySlots == memorySlots) {
                return row;
            }
        }
        return null;
    }

    /** Whether an instance may start at {@code slot}. */
    public boolean startsAt(int slot) {
        return slot >= 0 && slot < MEMORY_SLOTS && (startMask >>> slot & 1) != 0;
    }

    /** The valid first slots, ascending. */
    public List<Integer> starts() {
        List<Integer> starts = new ArrayList<>();
        for (int slot = 0; slot < MEMORY_SLOTS; slot++) {
            if (startsAt(slot)) {
                starts.add(slot);
            }
        }
        return List.copyOf(starts);
    }

    /** The slots an instance starting at {@code slot} covers, as a bitmask. */
    public int slotsFrom(int slot) {
        return ((1 << memorySlots) - 1) << slot;
    }
}
