package io.computenet.contracts.api.endpoint;

/**
 * An inference endpoint's state: deploying (no replica ready yet), ready (at least one replica serves), scaled to
 * zero (no replica wanted), failed (no replica can be placed; the view's reasons say why) or deleted.
 */
public enum EndpointState { DEPLOYING, READY, SCALED_TO_ZERO, FAILED, DELETED }
