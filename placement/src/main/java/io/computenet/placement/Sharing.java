package io.computenet.placement;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much of a device a single-device lease is willing to share. Multi-device leases always take whole devices:
 * MIG instances and vNPUs do not take part in NVLink/HCCS collectives, so a partitioned device cannot serve a
 * lease that spans devices.
 */
public enum Sharing {
    /** Whole devices only. */
    WHOLE,
    /** A whole device or a hardware-partitioned slice (NVIDIA MIG, Ascend vNPU, Cambricon MIM). */
    ISOLATED,
    /** Any of the above, or a share (Cambricon sMLU, soft memory + compute share on any vendor). The default. */
    SHARED;

    /** Parses {@code whole}, {@code isolated} or {@code shared} in any case; throws naming the accepted values. */
    public static Sharing parse(String text) {
        if (text != null) {
            for (Sharing s : values()) {
                if (s.name().equalsIgnoreCase(text.strip())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("sharing must be one of " + Arrays.stream(values())
                .map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", was " + text);
    }
}
