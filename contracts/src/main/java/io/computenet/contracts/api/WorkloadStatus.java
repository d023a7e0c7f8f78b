package io.computenet.contracts.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workload's Kubernetes status text, as the scheduler writes it into a lease's end reason, read into codes that a
 * reader words in its own language: each container's state ({@code name: Reason} or {@code name: Reason, exit code N},
 * joined by {@code ", "}, from the scheduler's {@code PodPhase}) as {@link #CONTAINER_PREFIX}{@code <reason>} with the
 * container's name, its exit code as {@link #EXIT_CODE}; a missing Pod as {@link #POD_MISSING}. Kubernetes' reasons
 * are a closed enough set ({@link Reason}) to word; one outside it is {@link #CONTAINER_OTHER} with the cluster's own
 * word, and a text that is not a container status at all (the API server's answer) is {@link #CLUSTER_SAID}: both
 * shown as the cluster's own words inside a translated frame. Pure.
 */
public final class WorkloadStatus {

    /** The prefix of a known container reason's code, e.g. {@code k8s_oom_killed}. */
    public static final String CONTAINER_PREFIX = "k8s_";
    /** A container reason outside {@link Reason}: its container and the cluster's word. */
    public static final String CONTAINER_OTHER = "k8s_other";
    /** A container's exit code. */
    public static final String EXIT_CODE = "k8s_exit_code";
    /** The Pod does not exist: its name. */
    public static final String POD_MISSING = "k8s_pod_missing";
    /** Text of the cluster's that is no container status (the API server's answer): the text. */
    public static final String CLUSTER_SAID = "k8s_cluster_said";

    private static final Pattern CONTAINER = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?): ([A-Za-z]+)"
            + "(, exit code (-?\\d+))?");
    private static final Pattern MISSING = Pattern.compile("pod (\\S+) does not exist");

    /**
     * Kubernetes' reasons for a container that waits or has ended (kubelet's {@code waiting.reason} and
     * {@code terminated.reason}), and {@code terminated} when an ended container gives none.
     */
    public enum Reason {
        CONTAINER_CREATING("ContainerCreating"),
        POD_INITIALIZING("PodInitializing"),
        ERR_IMAGE_PULL("ErrImagePull"),
        IMAGE_PULL_BACK_OFF("ImagePullBackOff"),
        INVALID_IMAGE_NAME("InvalidImageName"),
        ERR_IMAGE_NEVER_PULL("ErrImageNeverPull"),
        CRASH_LOOP_BACK_OFF("CrashLoopBackOff"),
        CREATE_CONTAINER_CONFIG_ERROR("CreateContainerConfigError"),
        CREATE_CONTAINER_ERROR("CreateContainerError"),
        RUN_CONTAINER_ERROR("RunContainerError"),
        COMPLETED("Completed"),
        ERROR("Error"),
        OOM_KILLED("OOMKilled"),
        CONTAINER_CANNOT_RUN("ContainerCannotRun"),
        DEADLINE_EXCEEDED("DeadlineExceeded"),
        START_ERROR("StartError"),
        EVICTED("Evicted"),
        UNSCHEDULABLE("Unschedulable"),
        TERMINATED("terminated");

        private final String kubernetes;

        Reason(String kubernetes) {
            this.kubernetes = kubernetes;
        }

        /** Kubernetes' own word, e.g. {@code OOMKilled}. */
        public String kubernetes() {
            return kubernetes;
        }

        /** The code a reader keys its text by, e.g. {@code k8s_oom_killed}. */
        public String code() {
            return CONTAINER_PREFIX + name().toLowerCase(Locale.ROOT);
        }

        static Reason of(String word) {
            for (Reason r : values()) {
                if (r.kubernetes.equals(word)) {
                    return r;
                }
            }
            return null;
        }
    }

    private WorkloadStatus() {
    }

    /** The status text as codes, in its order; empty for an empty text. */
    public static List<PendingReason> of(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Matcher missing = MISSING.matcher(text);
        if (missing.matches()) {
            return List.of(new PendingReason(POD_MISSING, List.of(missing.group(1)), text));
        }
        List<PendingReason> out = new ArrayList<>();
        Matcher m = CONTAINER.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                return List.of(new PendingReason(CLUSTER_SAID, List.of(text), text));
            }
            String container = m.group(1);
            Reason reason = Reason.of(m.group(3));
            out.add(reason == null
                    ? new PendingReason(CONTAINER_OTHER, List.of(container, m.group(3)), m.group())
                    : new PendingReason(reason.code(), List.of(container), m.group()));
            if (m.group(5) != null) {
                out.add(new PendingReason(EXIT_CODE, List.of(m.group(5)), m.group(4).substring(2)));
            }
            at = m.end();
            if (at < text.length()) {
                if (!text.startsWith(", ", at)) {
                    return List.of(new PendingReason(CLUSTER_SAID, List.of(text), text));
                }
                at += 2;
            }
        }
        return out;
    }

    /** The cluster's own text (an API server's answer), to be shown as such. */
    public static List<PendingReason> clusterSaid(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(new PendingReason(CLUSTER_SAID, List.of(text),
                text));
    }
}
