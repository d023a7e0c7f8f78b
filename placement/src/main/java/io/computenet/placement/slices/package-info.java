/**
 * Slice arithmetic of the placement core: can a slice of a given shape go on a device in a given state, where,
 * and what is left afterwards. Pure Java, records in and records out, no framework types.
 *
 * <h2>Model</h2>
 * A {@link io.computenet.placement.slices.DeviceShape} describes one device model (vendor, memory,
 * compute, the slice profiles its node agent attached). A {@link io.computenet.placement.slices.DeviceState}
 * is an immutable snapshot of one device: its {@link io.computenet.placement.slices.DeviceMode} and the
 * {@link io.computenet.placement.slices.Allocation}s on it.
 * {@link io.computenet.placement.slices.SliceArithmetic} places a
 * {@link io.computenet.placement.slices.SliceRequest} ({@code fit}), checks one without allocating
 * ({@code fits}), releases an allocation, and summarises free capacity.
 *
 * <h2>Modes (one per device, never mixed)</h2>
 * <ul>
 *   <li>{@code WHOLE}: one lease takes the device; needs an empty device.</li>
 *   <li>{@code MIG}: NVIDIA GPU instances from the device's profile table, placed on the 8 memory slots with
 *       the start positions {@code nvidia-smi mig -lgipp} reports (see
 *       {@link io.computenet.placement.slices.MigPlacement}); other MIG-kind tables (Cambricon MIM) are
 *       counted, not placed.</li>
 *   <li>{@code VNPU}: Ascend vNPU templates; AI cores and template memory add up to at most the chip's totals.</li>
 *   <li>{@code SMLU}: Cambricon sMLU; memory in 256 MiB units, compute in percent, sums at most the device's.</li>
 *   <li>{@code SOFT}: any vendor (HAMi style); memory MiB as a hard limit, compute percent as a share.</li>
 * </ul>
 * An empty device can be configured into any mode it supports; releasing its last allocation makes it empty again.
 *
 * <h2>Bad input</h2>
 * Requests that are wrong whatever the device (null or blank names, memory &lt;= 0, compute outside 1..100 %, a
 * {@code Profile} of a share kind, a {@code Share} of a fixed-profile kind) cannot be constructed: their
 * constructors throw {@link java.lang.IllegalArgumentException}. So do programming errors against a state
 * (a duplicate allocation id, an inconsistent {@code restore}). Everything that depends on the device (a profile
 * its table lacks, a mode it does not offer or is not in, too little room) is a
 * {@link io.computenet.placement.slices.Fit.Rejected} with a human reason.
 */
package io.computenet.placement.slices;
