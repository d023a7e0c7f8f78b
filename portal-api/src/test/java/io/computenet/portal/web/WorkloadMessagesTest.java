package io.computenet.portal.web;

import io.computenet.contracts.api.PendingReason;
import io.computenet.contracts.api.WorkloadStatus;
import io.quarkus.qute.i18n.Message;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code a workload's Kubernetes status is read into ({@link WorkloadStatus}: each known Kubernetes reason, an
 * unknown one, an exit code, a missing Pod, the cluster's own text) and every Pod phase the scheduler names has a text
 * in English and in Chinese with the same placeholders, so that no Kubernetes text stays an unexplained English
 * argument on a lease card.
 */
class WorkloadMessagesTest {

    @Test
    void everyWorkloadStatusCodeAndPodPhaseIsWordedInBothLanguages() throws Exception {
        // given
        Properties zh = new Properties();
        try (Reader in = new InputStreamReader(Objects.requireNonNull(getClass().getResourceAsStream(
                "/messages/workload_zh.properties")), StandardCharsets.UTF_8)) {
            zh.load(in);
        }
        List<String> codes = new ArrayList<>();
        for (WorkloadStatus.Reason r : WorkloadStatus.Reason.values()) {
            codes.add(r.code());
        }
        codes.addAll(List.of(WorkloadStatus.CONTAINER_OTHER, WorkloadStatus.EXIT_CODE, WorkloadStatus.POD_MISSING,
                WorkloadStatus.CLUSTER_SAID));
        // the phases the scheduler writes: PodPhase's FAILED, MISSING and SUCCEEDED in lower case
        codes.addAll(List.of("pod_phase_failed", "pod_phase_missing", "pod_phase_succeeded"));

        for (String code : codes) {
            // when
            String key = "reason_" + code;
            String english = WorkloadMessages.class.getMethod(key).getAnnotation(Message.class).value()
                    .replace("\\{", "{");
            String chinese = zh.getProperty(key);

            // then
            assertThat(chinese).as(key + " in workload_zh.properties").isNotBlank();
            assertThat(placeholders(chinese.replace("\\{", "{"))).as(key).isEqualTo(placeholders(english));
        }
        assertThat(WorkloadMessages.class.getDeclaredMethods()).hasSize(codes.size());
    }

    @Test
    void aFailedWorkloadsReasonIsReadIntoWordedCodes() throws Exception {
        // given: a lease whose Pod ran out of memory
        PendingReason reason = PendingReason.of("workload failed workload: OOMKilled, exit code 137");

        // then: the phase and each part of the status have their texts
        assertThat(reason.args().get(0)).isEqualTo("failed");
        for (PendingReason part : reason.within()) {
            assertThat(WorkloadMessages.class.getMethod("reason_" + part.code())).isNotNull();
        }
        assertThat(reason.within()).extracting(PendingReason::code).containsExactly("k8s_oom_killed", "k8s_exit_code");
    }

    private static List<String> placeholders(String text) {
        return java.util.regex.Pattern.compile("\\{\\d}").matcher(text).results()
                .map(java.util.regex.MatchResult::group).sorted().toList();
    }
}
