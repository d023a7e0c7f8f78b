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
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("kubernetes.io/hostname", "gpu-node-7");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("2");
        assertThat(container.getCommand()).containsExactly("python", "-m", "vllm.entrypoints.openai.api_server");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("COMPUTENET_MEMORY_LIMIT_MIB");
            assertThat(e.getValue()).isEqualTo("40960");
        });
    }

    @Test
    void isDeterministic() {
        WorkloadSpec spec = new WorkloadSpec("ls-1", "t", "ns", "n", Vendor.CAMBRICON, "MLU370-X8", 1, 1024,
                List.of("m0"), "img", List.of());
        assertThat(PodFactory.desired(spec)).isEqualTo(PodFactory.desired(spec));
    }
}
