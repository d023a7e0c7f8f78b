package io.computenet.scheduler.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.inventory.Vendor;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The desired objects of a gang lease, as a pure function. */
class GangWorkloadTest {

    private static GangWorkload.Spec spec(Vendor vendor, String model) {
        return new GangWorkload.Spec("ls-Gang1", "tenant/a", "leases", vendor, model, 32768, "train:1",
                List.of("python", "train.py"), List.of(
                new GangWorkload.Member("lease-ls-gang1-0", "host-a", "host-a", List.of("a0", "a1"), List.of(0, 1)),
                new GangWorkload.Member("lease-ls-gang1-1", "host-b", "host-b", List.of("b4", "b5"), List.of(4, 5))));
    }

    private static Map<String, String> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void groupsEveryPodOfTheGangUnderOneVolcanoPodGroupOfAllItsNodes() {
        // when
        GangWorkload.Desired desired = GangWorkload.desired(spec(Vendor.NVIDIA, "H100 80GB HBM3"));

        // then
        assertThat(desired.podGroup().getApiVersion()).isEqualTo("scheduling.volcano.sh/v1beta1");
        assertThat(desired.podGroup().getKind()).isEqualTo("PodGroup");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) desired.podGroup().getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("minMember", 2)
                .containsEntry("minResources", Map.of("nvidia.com/gpu", "4"));
        assertThat(desired.pods()).hasSize(2).allSatisfy(p -> {
            assertThat(p.getSpec().getSchedulerName()).isEqualTo("volcano");
            assertThat(p.getMetadata().getAnnotations()).containsEntry(GangWorkload.GROUP_ANNOTATION, "gang-ls-gang1");
            assertThat(p.getSpec().getSubdomain()).isEqualTo("gang-ls-gang1");
        });
        assertThat(desired.rankTable()).isNull();
    }

    @Test
    void tellsEachPodItsRankAndTheRendezvous() {
        // when
        List<Pod> pods = GangWorkload.desired(spec(Vendor.NVIDIA, "H100 80GB HBM3")).pods();

        // then
        assertThat(env(pods.get(0))).containsEntry("MASTER_ADDR", "lease-ls-gang1-0.gang-ls-gang1.leases.svc")
                .containsEntry("MASTER_PORT", "29500").containsEntry("WORLD_SIZE", "4").containsEntry("RANK", "0")
                .containsEntry("NODE_RANK", "0").containsEntry("NNODES", "2").containsEntry("NPROC_PER_NODE", "2")
                .containsEntry("COMPUTENET_DEVICE_COUNT", "2");
        assertThat(env(pods.get(1))).containsEntry("RANK", "2").containsEntry("NODE_RANK", "1")
                .containsEntry("COMPUTENET_DEVICE_KEYS", "b4,b5");
        assertThat(pods.get(1).getSpec().getHostname()).isEqualTo("lease-ls-gang1-1");
    }

    @Test
    void keepsThePodHardeningOfEveryLeasePod() {
        // when
        Pod pod = GangWorkload.desired(spec(Vendor.NVIDIA, "H100 80GB HBM3")).pods().get(1);

        // then
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        var container = pod.getSpec().getContainers().get(0).getSecurityContext();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues()).containsExactly("host-b");
    }

    @Test
    void givesAscendGangsAnHcclRankTableOfEveryDevice() throws Exception {
        // when
        GangWorkload.Desired desired = GangWorkload.desired(spec(Vendor.HUAWEI_ASCEND, "Ascend910B3"));

        // then
        JsonNode table = new ObjectMapper().readTree(desired.rankTable().getData().get("hccl.json"));
        assertThat(table.path("version").asText()).isEqualTo("1.0");
        assertThat(table.path("status").asText()).isEqualTo("completed");
        assertThat(table.path("server_count").asText()).isEqualTo("2");
        JsonNode second = table.path("server_list").get(1);
        assertThat(second.path("server_id").asText()).isEqualTo("host-b");
        assertThat(second.path("device").get(0).path("device_id").asText()).isEqualTo("4");
        assertThat(second.path("device").get(1).path("rank_id").asText()).isEqualTo("3");
        assertThat(second.path("device").get(0).has("device_ip")).isFalse(); // its node reported no address
        Pod pod = desired.pods().get(0);
        assertThat(env(pod)).containsEntry("RANK_TABLE_FILE", "/etc/computenet/hccl/hccl.json");
        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getConfigMap() != null)
                .extracting(v -> v.getConfigMap().getName()).containsExactly("gang-ls-gang1");
        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
                .containsKey("huawei.com/Ascend910B3");
    }

    @Test
    void namesEachAscendDevicesOwnAddressInTheRankTableInHuaweisOrderOfKeys() throws Exception {
        // given: the nodes reported their NPUs' addresses (one of b's did not)
        GangWorkload.Spec spec = new GangWorkload.Spec("ls-Gang2", "tenant/a", "leases", Vendor.HUAWEI_ASCEND,
                "Ascend910B3", 32768, "train:1", List.of(), List.of(
                new GangWorkload.Member("lease-ls-gang2-0", "host-a", "host-a", List.of("a0", "a1"), List.of(0, 1),
                        List.of("192.168.100.101", "192.168.101.101")),
                new GangWorkload.Member("lease-ls-gang2-1", "host-b", "host-b", List.of("b4", "b5"), List.of(4, 5),
                        java.util.Arrays.asList("192.168.100.102", null))));

        // when
        JsonNode table = new ObjectMapper().readTree(GangWorkload.desired(spec).rankTable().getData().get("hccl.json"));

        // then: device_id, device_ip, rank_id per device, in rank order
        JsonNode first = table.path("server_list").get(0).path("device");
        assertThat(first.get(1).path("device_ip").asText()).isEqualTo("192.168.101.101");
        assertThat(first.get(1).fieldNames()).toIterable().containsExactly("device_id", "device_ip", "rank_id");
        JsonNode second = table.path("server_list").get(1).path("device");
        assertThat(second.get(0).path("device_ip").asText()).isEqualTo("192.168.100.102");
        assertThat(second.get(0).path("rank_id").asText()).isEqualTo("2");
        assertThat(second.get(1).has("device_ip")).isFalse();
    }
}
