package io.computenet.placement;

/** East hubs serve latency-sensitive work; west hubs are cheaper and serve batch work (东数西算). */
public enum RegionTier {
    EAST,
    WEST;

    public static RegionTier parse(String value) {
        return RegionTier.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
