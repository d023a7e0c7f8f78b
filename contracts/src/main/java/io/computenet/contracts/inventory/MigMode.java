package io.computenet.contracts.inventory;

/**
 * The MIG mode an NVIDIA GPU is in ({@code nvidia-smi --query-gpu=mig.mode.current}). A device reports null when it
 * has no MIG (other vendors, GPUs without MIG support) or its agent did not ask.
 */
public enum MigMode {
    /** GPU instances can be created; the device offers its MIG profiles and no longer runs work as a whole GPU. */
    ENABLED,
    /** MIG-capable but off: the device offers no MIG profiles until an operator enables MIG. */
    DISABLED
}
