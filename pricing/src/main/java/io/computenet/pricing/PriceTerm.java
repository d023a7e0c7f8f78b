package io.computenet.pricing;

/**
 * How capacity is bought: on demand (kept until the lease ends) or interruptible (may be preempted, so cheaper).
 * FOCUS calls them PricingCategory Standard and Dynamic.
 */
public enum PriceTerm {
    ON_DEMAND,
    INTERRUPTIBLE
}
