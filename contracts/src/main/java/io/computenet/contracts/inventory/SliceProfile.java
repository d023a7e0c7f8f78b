package io.computenet.contracts.inventory;

/**
 * A slice shape a device can hand out.
 *
 * @param kind          the slicing technology
 * @param name          the vendor's profile name (e.g. {@code 3g.40gb}, {@code vir05_1c_16g})
 * @param memoryMiB     memory of one instance
 * @param computeUnits  compute of one instance in the vendor's unit (SMs, AI cores, percent)
 * @param maxInstances  how many instances of this profile one device can hold
 * @param resourceName  the Kubernetes extended resource name that requests it
 */
public record SliceProfile(SliceKind kind, String name, long memoryMiB, int computeUnits, int maxInstances,
                           String resourceName) {
}
