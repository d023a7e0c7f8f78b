package io.computenet.contracts.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class WorkloadStatusTest {

    @Test
    void readsEachContainersKubernetesReasonAndExitCodeAsCodes() {
        // when: a Pod's status as the scheduler's PodPhase writes it
        List<PendingReason> codes = WorkloadStatus.of("workload: OOMKilled, exit code 137, sidecar: ImagePullBackOff");

        // then
        assertThat(codes).extracting(PendingReason::code, PendingReason::args).containsExactly(
                tuple("k8s_oom_killed", List.of("workload")), tuple("k8s_exit_code", List.of("137")),
                tuple("k8s_image_pull_back_off", List.of("sidecar")));
    }

    @Test
    void everyKnownReasonHasItsCode() {
        for (WorkloadStatus.Reason r : WorkloadStatus.Reason.values()) {
            assertThat(WorkloadStatus.of("workload: " + r.kubernetes())).singleElement()
                    .satisfies(p -> assertThat(p.code()).isEqualTo(r.code()).startsWith("k8s_"));
        }
    }

    @Test
    void anUnknownReasonIsTheClustersOwnWordAndAnyOtherTextTheClustersOwnText() {
        assertThat(WorkloadStatus.of("workload: SomethingNew")).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(WorkloadStatus.CONTAINER_OTHER);
            assertThat(p.args()).containsExactly("workload", "SomethingNew");
        });
        assertThat(WorkloadStatus.of("ImagePullBackOff")).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(WorkloadStatus.CLUSTER_SAID);
            assertThat(p.args()).containsExactly("ImagePullBackOff");
        });
        assertThat(WorkloadStatus.of("pod lease-l1 does not exist")).singleElement()
                .satisfies(p -> assertThat(p.args()).containsExactly("lease-l1"))
                .extracting(PendingReason::code).isEqualTo(WorkloadStatus.POD_MISSING);
        assertThat(WorkloadStatus.of("")).isEmpty();
    }

    @Test
    void aWorkloadsEndReasonCarriesItsStatusAsCodes() {
        // when: the scheduler's end reasons with the Pod's status and an API server's answer
        PendingReason ended = PendingReason.of("workload failed workload: Error, exit code 1");
        PendingReason notStarted = PendingReason.of("workload did not start: missing pod lease-l1 does not exist");
        PendingReason refused = PendingReason.of("workload cannot be created: region r1: the Kubernetes API server"
                + " answered 422: bad");
        PendingReason gang = PendingReason.of("node rank 2 (n3): workload failed workload: OOMKilled");

        // then
        assertThat(ended.code()).isEqualTo("lease_workload_ended");
        assertThat(ended.args()).containsExactly("failed", "workload: Error, exit code 1");
        assertThat(ended.within()).extracting(PendingReason::code).containsExactly("k8s_error", "k8s_exit_code");
        assertThat(notStarted.within()).extracting(PendingReason::code).containsExactly("k8s_pod_missing");
        assertThat(refused.within()).extracting(PendingReason::code).containsExactly("k8s_cluster_said");
        assertThat(gang.within()).singleElement().satisfies(member -> {
            assertThat(member.code()).isEqualTo("lease_workload_ended");
            assertThat(member.within()).extracting(PendingReason::code).containsExactly("k8s_oom_killed");
        });
    }
}
