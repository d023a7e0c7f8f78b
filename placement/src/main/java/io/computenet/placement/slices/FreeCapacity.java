package io.computenet.placement.slices;

/**
 * What a device can still hand out, for placement scoring and fragmentation measures.
 *
 * <ul>
 *   <li>EMPTY: the whole device (its memory, fraction 1).</li>
 *   <li>WHOLE: nothing.</li>
 *   <li>MIG on a GPU with a slot model: the most memory, and separately the most compute slices (of 7), that
 *       profiles placed in the free memory slots could still hold. Unaligned leftovers count as nothing: seven
 *       {@code 1g.10gb} leave slot 7 free but nothing placeable, so both are 0.</li>
 *   <li>Other modes: the remaining memory and compute (AI cores, percent, partition share) of the mode; both 0
 *       when no slice of the mode fits any more (instance or share limit reached, or every profile too big).</li>
 * </ul>
 *
 * @param memoryMiB       free memory in MiB
 * @param computeFraction free compute as a fraction of the device, 0..1
 */
public record FreeCapacity(long memoryMiB, double computeFraction) {
}
