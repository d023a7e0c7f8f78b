package io.computenet.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;

/** What the scheduler needs to know of a Pod's status. */
public record PodPhase(Phase phase, String detail) {

    public enum Phase { MISSING, PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN }

    public static PodPhase missing(String name) {
        return new PodPhase(Phase.MISSING, "pod " + name + " does not exist");
    }

    /** The phase of a Pod as the API server (or a cache of it) reports it; a Pod without a status is pending. */
    public static PodPhase of(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return new PodPhase(phaseOf(phase), detail(pod));
    }

    static Phase phaseOf(String phase) {
        return switch (phase == null ? "Pending" : phase) {
            case "Pending" -> Phase.PENDING;
            case "Running" -> Phase.RUNNING;
            case "Succeeded" -> Phase.SUCCEEDED;
            case "Failed" -> Phase.FAILED;
            default -> Phase.UNKNOWN;
        };
    }

    /** Why containers wait ({@code workload: ErrImagePull}) or how they ended ({@code workload: Error, exit code 1}). */
    private static String detail(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return "";
        }
        List<String> details = new ArrayList<>();
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (s.getState() == null) {
                continue;
            }
            if (s.getState().getWaiting() != null) {
                details.add(s.getName() + ": " + s.getState().getWaiting().getReason());
            } else if (s.getState().getTerminated() != null) {
                var t = s.getState().getTerminated();
                details.add(s.getName() + ": " + (t.getReason() == null ? "terminated" : t.getReason())
                        + (t.getExitCode() == null ? "" : ", exit code " + t.getExitCode()));
            }
        }
        return String.join(", ", details);
    }
}
