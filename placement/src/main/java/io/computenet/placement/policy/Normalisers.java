package io.computenet.placement.policy;

/** The fixed normalisers of the FGD artifact's baseline scores: a node of 128 cores and 8 GPUs. */
final class Normalisers {

    static final double CPU_MILLI = 128_000;
    static final double GPU_MILLI = 8_000;

    private Normalisers() {
    }
}
