package io.computenet.contracts.api;

/**
 * How much of a device a single-device lease may share: {@code WHOLE} devices only; {@code ISOLATED}: a whole device
 * or a hardware partition (MIG, vNPU, MIM); {@code SHARED} (the default): also an sMLU or a soft share.
 */
public enum Sharing { WHOLE, ISOLATED, SHARED }
