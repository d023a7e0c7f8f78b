package io.computenet.contracts.inventory;

/**
 * A GPU instance that exists on a MIG-enabled GPU, as {@code nvidia-smi mig -lgi} lists it, for operators and
 * {@code node-agent discover}. The scheduler neither stores nor uses it: it places on the device's MIG profiles.
 *
 * @param gpuInstanceId  the GPU instance id on its GPU
 * @param profile        the profile name without the "MIG " prefix, e.g. {@code 3g.40gb}
 * @param profileId      the GPU instance profile id, e.g. {@code 9}
 * @param placementStart the first memory slice the instance occupies
 * @param placementSize  how many memory slices it occupies
 */
public record MigInstance(int gpuInstanceId, String profile, int profileId, int placementStart, int placementSize) {
}
