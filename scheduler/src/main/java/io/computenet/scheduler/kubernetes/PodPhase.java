package io.computenet.scheduler.kubernetes;

/** What the scheduler needs to know of a Pod's status. */
public record PodPhase(Phase phase, String detail) {

    public enum Phase { MISSING, PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN }
}
