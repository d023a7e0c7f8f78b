package io.computenet.portal.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of a workload's Kubernetes status on a lease card ({@code reason_k8s_<reason>},
 * {@code reason_pod_phase_<phase>}: {@link io.computenet.contracts.api.WorkloadStatus}), English by default; {@code messages/workload_zh.properties}
 * holds the Chinese. Kubernetes' own reason stays beside the wording in brackets, so that a reader can look it up; a
 * reason outside the known set and an API server's answer are shown as the cluster's own words inside a translated
 * frame. A bundle of its own (every bundle stays at or under 300 messages: {@code MessageBundleSizeTest}).
 */
@MessageBundle(value = "workload", locale = "en")
public interface WorkloadMessages {
    @Message("\\{0}: the container is being created")
    String reason_k8s_container_creating();

    @Message("\\{0}: the Pod is initialising")
    String reason_k8s_pod_initializing();

    @Message("\\{0}: the image could not be pulled (ErrImagePull)")
    String reason_k8s_err_image_pull();

    @Message("\\{0}: the image could not be pulled, retried later (ImagePullBackOff)")
    String reason_k8s_image_pull_back_off();

    @Message("\\{0}: the image name is not valid (InvalidImageName)")
    String reason_k8s_invalid_image_name();

    @Message("\\{0}: the image is not on the node and may not be pulled (ErrImageNeverPull)")
    String reason_k8s_err_image_never_pull();

    @Message("\\{0}: the container keeps crashing, restarted later (CrashLoopBackOff)")
    String reason_k8s_crash_loop_back_off();

    @Message("\\{0}: the container's configuration is wrong (CreateContainerConfigError)")
    String reason_k8s_create_container_config_error();

    @Message("\\{0}: the container could not be created (CreateContainerError)")
    String reason_k8s_create_container_error();

    @Message("\\{0}: the container could not be started (RunContainerError)")
    String reason_k8s_run_container_error();

    @Message("\\{0}: completed")
    String reason_k8s_completed();

    @Message("\\{0}: ended with an error (Error)")
    String reason_k8s_error();

    @Message("\\{0}: killed for running out of memory (OOMKilled)")
    String reason_k8s_oom_killed();

    @Message("\\{0}: the container cannot run (ContainerCannotRun)")
    String reason_k8s_container_cannot_run();

    @Message("\\{0}: stopped at its deadline (DeadlineExceeded)")
    String reason_k8s_deadline_exceeded();

    @Message("\\{0}: could not start (StartError)")
    String reason_k8s_start_error();

    @Message("\\{0}: evicted by its node (Evicted)")
    String reason_k8s_evicted();

    @Message("\\{0}: no node of the cluster can take it (Unschedulable)")
    String reason_k8s_unschedulable();

    @Message("\\{0}: terminated")
    String reason_k8s_terminated();

    @Message("\\{0}: the cluster reports “\\{1}”")
    String reason_k8s_other();

    @Message("exit code \\{0}")
    String reason_k8s_exit_code();

    @Message("the Pod \\{0} does not exist")
    String reason_k8s_pod_missing();

    @Message("the cluster reports: “\\{0}”")
    String reason_k8s_cluster_said();

    @Message("failed")
    String reason_pod_phase_failed();

    @Message("missing")
    String reason_pod_phase_missing();

    @Message("ended")
    String reason_pod_phase_succeeded();
}
