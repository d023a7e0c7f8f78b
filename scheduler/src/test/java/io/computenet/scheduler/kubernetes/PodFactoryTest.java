package io.computenet.scheduler.kubernetes;

import io.computenet.contracts.inventory.Vendor;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PodFactoryTest {

    @ParameterizedTest
    @CsvSource({
            "NVIDIA,H100 80GB HBM3,nvidia.com/gpu",
            "HUAWEI_ASCEND,Ascend910B3,huawei.com/Ascend910B3",
            "HUAWEI_ASCEND,Ascend310P3,huawei.com/Ascend310P",
            "CAMBRICON,MLU370-X8,cambricon.com/mlu"})
    void namesTheVendorDeviceResource(Vendor vendor, String model, String resource) {
        assertThat(PodFactory.resourceName(vendor, model)).isEqualTo(resource);
    }

    @Test
    void buildsAPodPinnedToTheNodeWithDeviceLimitsAndEnvironment() {
        // given
        WorkloadSpec spec = new WorkloadSpec("ls-ABC", "tenant lab/alpha", "computenet-leases", "gpu-node-7",
                Vendor.NVIDIA, "H100 80GB HBM3", 2, 40960, List.of("GPU-1", "GPU-2"), "vllm/vllm-openai:v0.6",
                List.of("python", "-m", "vllm.entrypoints.openai.api_server"));

        // when
        Pod pod = PodFactory.desired(spec);

        // then
        assertThat(pod.getMetadata().getName()).isEqualTo("lease-ls-abc");
        assertThat(pod.getMetadata().getLabels()).containsEntry("computenet.io/tenant", "tenant_lab_alpha")
                .containsEntry("app.kubernetes.io/managed-by", "computenet-scheduler");
        assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()).singleElement().satisfies(term -> assertThat(term.getMatchFields())
                .singleElement().satisfies(field -> {
                    assertThat(field.getKey()).isEqualTo("metadata.name");
                    assertThat(field.getOperator()).isEqualTo("In");
                    assertThat(field.getValues()).containsExactly("gpu-node-7");
                }));
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("2");
        assertThat(container.getCommand()).containsExactly("python", "-m", "vllm.entrypoints.openai.api_server");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("COMPUTENET_MEMORY_LIMIT_MIB");
            assertThat(e.getValue()).isEqualTo("40960");
        });
    }

    @ParameterizedTest
    @CsvSource({"NVIDIA,H100 80GB HBM3", "HUAWEI_ASCEND,Ascend910B3", "CAMBRICON,MLU370-X8"})
    void containsTheWorkloadAsPodSecurityRestrictedDemands(Vendor vendor, String model) {
        // given
        WorkloadSpec spec = new WorkloadSpec("ls-1", "t", "ns", "node-a", vendor, model, 1, 1024, List.of("d0"),
                "docker.io/library/python:3.11-slim", List.of());

        // when
        Pod pod = PodFactory.desired(spec);

        // then
        var podSpec = pod.getSpec();
        assertThat(podSpec.getAutomountServiceAccountToken()).isFalse();
        assertThat(podSpec.getEnableServiceLinks()).isFalse();
        assertThat(podSpec.getHostNetwork()).isNull();
        assertThat(podSpec.getHostPID()).isNull();
        assertThat(podSpec.getHostIPC()).isNull();
        assertThat(podSpec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(podSpec.getSecurityContext().getRunAsUser()).isEqualTo(PodFactory.WORKLOAD_UID);
        assertThat(podSpec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(podSpec.getVolumes()).allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        var container = podSpec.getContainers().get(0);
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getPrivileged()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(container.getResources().getRequests()).isEqualTo(container.getResources().getLimits())
                .containsKey(PodFactory.resourceName(vendor, model));
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("HOME");
            assertThat(e.getValue()).isEqualTo(PodFactory.HOME);
        });
        assertThat(container.getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo(PodFactory.HOME));
    }

    @Test
    void isDeterministic() {
        WorkloadSpec spec = new WorkloadSpec("ls-1", "t", "ns", "n", Vendor.CAMBRICON, "MLU370-X8", 1, 1024,
                List.of("m0"), "img", List.of());
        assertThat(PodFactory.desired(spec)).isEqualTo(PodFactory.desired(spec));
    }

    private static java.util.Map<String, String> resourcesOf(Vendor vendor, String model, WorkloadSpec.Slice slice) {
        WorkloadSpec spec = new WorkloadSpec("ls-1", "t", "ns", "n", vendor, model, 1, slice.memoryMiB(),
                List.of("d0"), "img", List.of(), slice);
        var limits = PodFactory.desired(spec).getSpec().getContainers().get(0).getResources().getLimits();
        java.util.Map<String, String> amounts = new java.util.TreeMap<>();
        limits.forEach((k, v) -> amounts.put(k, v.getAmount()));
        return amounts;
    }

    @Test
    void aMigSliceAsksForOneInstanceOfItsProfileResource() {
        assertThat(resourcesOf(Vendor.NVIDIA, "H100 80GB HBM3", new WorkloadSpec.Slice(
                io.computenet.placement.slices.DeviceMode.MIG, "3g.40gb", 40192, 3, "nvidia.com/mig-3g.40gb")))
                .containsExactly(java.util.Map.entry("nvidia.com/mig-3g.40gb", "1"));
    }

    @Test
    void aVnpuAsksForItsAiCoresAndNamesTheTemplate() {
        WorkloadSpec spec = new WorkloadSpec("ls-1", "t", "ns", "n", Vendor.HUAWEI_ASCEND, "Ascend910B3", 1, 32768,
                List.of("a0"), "img", List.of(), new WorkloadSpec.Slice(io.computenet.placement.slices.DeviceMode.VNPU,
                "vir10_3c_32g", 32768, 10, "huawei.com/Ascend910B3"));
        var container = PodFactory.desired(spec).getSpec().getContainers().get(0);

        assertThat(container.getResources().getLimits()).containsOnlyKeys("huawei.com/npu-core");
        assertThat(container.getResources().getLimits().get("huawei.com/npu-core").getAmount()).isEqualTo("10");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ASCEND_VNPU_SPECS");
            assertThat(e.getValue()).isEqualTo("vir10_3c_32g");
        });
    }

    @Test
    void anSmluShareAsksForMemoryInWholeUnitsAndCorePercent() {
        assertThat(resourcesOf(Vendor.CAMBRICON, "MLU370-X8", new WorkloadSpec.Slice(
                io.computenet.placement.slices.DeviceMode.SMLU, null, 4096, 25, "cambricon.com/mlu.smlu.vmemory")))
                .containsExactly(java.util.Map.entry("cambricon.com/mlu.smlu.vcore", "25"),
                        java.util.Map.entry("cambricon.com/mlu.smlu.vmemory", "16"),
                        java.util.Map.entry("cambricon.com/vmlu", "1"));
    }

    @Test
    void aSoftShareAsksForOneDeviceWithItsMemoryLimitAndOnNvidiaItsCores() {
        assertThat(resourcesOf(Vendor.NVIDIA, "H100 80GB HBM3", new WorkloadSpec.Slice(
                io.computenet.placement.slices.DeviceMode.SOFT, null, 10240, 13, "nvidia.com/gpumem")))
                .containsExactly(java.util.Map.entry("nvidia.com/gpu", "1"),
                        java.util.Map.entry("nvidia.com/gpucores", "13"),
                        java.util.Map.entry("nvidia.com/gpumem", "10240"));
        assertThat(resourcesOf(Vendor.HUAWEI_ASCEND, "Ascend910B3", new WorkloadSpec.Slice(
                io.computenet.placement.slices.DeviceMode.SOFT, null, 8192, 13, "huawei.com/Ascend910B3-memory")))
                .containsExactly(java.util.Map.entry("huawei.com/Ascend910B3", "1"),
                        java.util.Map.entry("huawei.com/Ascend910B3-memory", "8192"));
    }
}
