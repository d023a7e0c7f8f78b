package io.computenet.placement;

/** What the workload is, which decides the preferred region tier. */
public enum WorkloadClass {
    INFERENCE(RegionTier.EAST),
    TRAINING(RegionTier.WEST),
    BATCH(RegionTier.WEST);

    private final RegionTier preferredTier;

    WorkloadClass(RegionTier preferredTier) {
        this.preferredTier = preferredTier;
    }

    public RegionTier preferredTier() {
        return preferredTier;
    }
}
