package io.computenet.contracts.lease;

/** The lifecycle of a lease. Terminal states end metering. */
public enum LeaseState {
    REQUESTED,
    /** Booked in advance: whole devices are reserved for a window that starts later. */
    BOOKED,
    QUEUED,
    SCHEDULED,
    STARTING,
    RUNNING,
    RELEASED,
    EXPIRED,
    FAILED,
    PREEMPTED;

    public boolean isTerminal() {
        return this == RELEASED || this == EXPIRED || this == FAILED || this == PREEMPTED;
    }
}
