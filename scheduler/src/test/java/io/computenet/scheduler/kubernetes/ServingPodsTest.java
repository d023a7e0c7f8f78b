package io.computenet.scheduler.kubernetes;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.capability.Framework;
import io.computenet.placement.slices.DeviceMode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServingPodsTest {

    private static final WorkloadSpec.Serving QWEN = new WorkloadSpec.Serving("ep-abcdefghijkl",
            "Qwen/Qwen2.5-7B-Instruct", "main", Framework.VLLM);

    private static WorkloadSpec replica(Vendor vendor, String model, WorkloadSpec.Slice slice,
                                        WorkloadSpec.Serving serving) {
        return new WorkloadSpec("ls-r1", "tenant-a", "computenet-leases", "node-a", vendor, model, 1, 20480,
                List.of("d0"), "python:3.11-slim", List.of(), slice, serving);
    }

    @ParameterizedTest
    @CsvSource({
            "NVIDIA,H100 SXM5,vllm/vllm-openai:v0.11.0,vllm serve,nvidia.com/gpu",
            "HUAWEI_ASCEND,Ascend910B3,quay.io/ascend/vllm-ascend:v0.11.0,vllm serve,huawei.com/Ascend910B3",
            "HUAWEI_ASCEND,Ascend910C,quay.io/ascend/vllm-ascend:v0.11.0-a3,vllm serve,huawei.com/Ascend910C",
            "HUAWEI_ASCEND,Ascend310P3,quay.io/ascend/vllm-ascend:v0.11.0-310p,vllm serve,huawei.com/Ascend310P",
            "CAMBRICON,MLU370-X8,cambricon/vllm-mlu:sdk25.08-torch2.7.1-torchmlu1.28.0,"
                    + "/torch/venv3/pytorch_infer/bin/vllm serve,cambricon.com/mlu"})
    void runsTheVendorsVllmServerWithTheModelOnPortHttpWithProbesAndTheDeviceResources(Vendor vendor, String model,
                                                                                        String image, String command,
                                                                                        String resource) {
        // when
        Pod pod = PodFactory.desired(replica(vendor, model, null, QWEN));

        // then
        Container server = pod.getSpec().getContainers().get(0);
        assertThat(pod.getSpec().getContainers()).hasSize(1);
        assertThat(server.getName()).isEqualTo("server");
        assertThat(server.getImage()).isEqualTo(image);
        assertThat(String.join(" ", server.getCommand())).isEqualTo(command);
        assertThat(server.getArgs()).containsExactly("--model", "Qwen/Qwen2.5-7B-Instruct", "--revision", "main",
                "--served-model-name", "Qwen/Qwen2.5-7B-Instruct", "--host", "0.0.0.0", "--port", "8000");
        assertThat(server.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8000);
        });
        for (var probe : List.of(server.getReadinessProbe(), server.getStartupProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
        assertThat(server.getResources().getLimits().get(resource).getAmount()).isEqualTo("1");
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("computenet.io/endpoint", "ep-abcdefghijkl")
                .containsEntry("computenet.io/role", "inference-replica")
                .containsEntry("computenet.io/lease-id", "ls-r1")
                .containsEntry("app.kubernetes.io/managed-by", "computenet-scheduler");
        // still contained as every lease Pod, pinned to its node
        assertThat(server.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(server.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues()).containsExactly("node-a");
    }

    @ParameterizedTest
    @CsvSource({
            "NVIDIA,H100 SXM5,lmsysorg/sglang:v0.5.14,''",
            "HUAWEI_ASCEND,Ascend910B3,quay.io/ascend/sglang:v0.5.14-cann9.0.0-910b,--device npu --attention-backend ascend",
            "HUAWEI_ASCEND,Ascend910C,quay.io/ascend/sglang:v0.5.14-cann9.0.0-a3,--device npu --attention-backend ascend"})
    void anSglangEndpointRunsTheVendorsSglangServerOnTheSamePortAndProbes(Vendor vendor, String model, String image,
                                                                         String vendorArgs) {
        // given
        WorkloadSpec.Serving sglang = new WorkloadSpec.Serving("ep-abcdefghijkl", "Qwen/Qwen2.5-7B-Instruct", "main",
                Framework.SGLANG);

        // when
        Pod pod = PodFactory.desired(replica(vendor, model, null, sglang));

        // then
        Container server = pod.getSpec().getContainers().get(0);
        assertThat(server.getImage()).isEqualTo(image);
        assertThat(server.getCommand()).containsExactly("python3", "-m", "sglang.launch_server");
        assertThat(String.join(" ", server.getArgs())).isEqualTo(("--model-path Qwen/Qwen2.5-7B-Instruct --revision "
                + "main --served-model-name Qwen/Qwen2.5-7B-Instruct --host 0.0.0.0 --port 8000 " + vendorArgs).trim());
        assertThat(server.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8000));
        assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    }

    @ParameterizedTest
    @CsvSource({"HUAWEI_ASCEND,Ascend310P3", "CAMBRICON,MLU370-X8"})
    void refusesAnSglangImageForDevicesTheCapabilityTableKeepsSglangOff(Vendor vendor, String model) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServingPods.image(Framework.SGLANG, vendor, model))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SGLang does not serve");
    }

    @Test
    void aReplicaOnASliceAsksForTheSliceResource() {
        // given
        WorkloadSpec.Slice mig = new WorkloadSpec.Slice(DeviceMode.MIG, "3g.40gb", 40960, 3, "nvidia.com/mig-3g.40gb");

        // when
        Pod pod = PodFactory.desired(replica(Vendor.NVIDIA, "H100 SXM5", mig, QWEN));

        // then
        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
                .containsKey("nvidia.com/mig-3g.40gb").doesNotContainKey("nvidia.com/gpu");
    }

    @Test
    void aModelFromTheOperatorsStoreIsMountedReadOnlyAndServedUnderItsName() {
        // given
        WorkloadSpec.Serving stored = new WorkloadSpec.Serving("ep-abcdefghijkl", "store://llama/3.1-8b", "main",
                Framework.VLLM);

        // when
        Pod pod = PodFactory.desired(replica(Vendor.NVIDIA, "A100 SXM4", null, stored));

        // then
        Container server = pod.getSpec().getContainers().get(0);
        assertThat(server.getArgs()).containsSubsequence("--model", "/mnt/model-store/llama/3.1-8b")
                .containsSubsequence("--served-model-name", "store://llama/3.1-8b");
        assertThat(server.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/mnt/model-store");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(pod.getSpec().getVolumes()).anyMatch(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals("computenet-model-store")
                && v.getPersistentVolumeClaim().getReadOnly());
    }

    @Test
    void anOrdinaryLeaseRunsTheResearchersImage() {
        // when
        Pod pod = PodFactory.desired(replica(Vendor.NVIDIA, "H100 SXM5", null, null));

        // then
        assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("python:3.11-slim");
        assertThat(pod.getMetadata().getLabels()).doesNotContainKey("computenet.io/role");
    }

    @Test
    void theEndpointsServiceSelectsItsReplicasAndForwardsPort80ToHttp() {
        // when
        Service service = ServingPods.service("computenet-leases", "ep-abcdefghijkl", "tenant-a");

        // then
        assertThat(service.getMetadata().getName()).isEqualTo("ep-abcdefghijkl");
        assertThat(service.getMetadata().getNamespace()).isEqualTo("computenet-leases");
        assertThat(service.getSpec().getSelector()).containsEntry("computenet.io/endpoint", "ep-abcdefghijkl");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
    }

    @Test
    void aReplicaIsReadyOnlyWhenRunningWithItsReadyConditionTrueAtItsPodIp() {
        // given
        Pod pod = PodFactory.desired(replica(Vendor.NVIDIA, "H100 SXM5", null, QWEN));
        Pod starting = new PodBuilder(pod).withNewStatus().withPhase("Running").withPodIP("10.1.2.3")
                .addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build();
        Pod ready = new PodBuilder(pod).withNewStatus().withPhase("Running").withPodIP("10.1.2.3")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
        Pod pending = new PodBuilder(pod).withNewStatus().withPhase("Pending").endStatus().build();

        // when // then
        assertThat(ServingPods.readiness(ready)).isEqualTo(new ServingPods.Readiness(true, "http://10.1.2.3:8000"));
        assertThat(ServingPods.readiness(starting)).isEqualTo(new ServingPods.Readiness(false,
                "http://10.1.2.3:8000"));
        assertThat(ServingPods.readiness(pending)).isEqualTo(ServingPods.Readiness.NOT_READY);
        assertThat(ServingPods.readiness(null)).isEqualTo(ServingPods.Readiness.NOT_READY);
    }
}
