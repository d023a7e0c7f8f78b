package io.computenet.contracts.lease;

/** The lifecycle of a lease. Terminal states end metering. */
public enum LeaseState {
    REQUESTED,
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
