package io.computenet.devstack;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The kubelet simulation runs an inference replica's Pod as a simulated inference server on a loopback address of its
 * own, reports the Pod Ready at that address only once the server answers, and stops the server with the Pod.
 */
class RegionalClusterInferenceTest {

    private static final String NAMESPACE = "computenet-leases";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static RegionalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = RegionalCluster.start("cn-test-inference", Ports.free());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Pod replicaPod(String name, String model) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of("app.kubernetes.io/managed-by", "computenet-scheduler",
                        "computenet.io/role", "inference-replica", "computenet.io/endpoint", "ep-test00000001"))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("vllm/vllm-openai:v0.11.0")
                .withCommand("vllm", "serve")
                .withArgs("--model", model, "--revision", "main", "--served-model-name", model, "--host", "0.0.0.0",
                        "--port", "8000")
                .addNewPort().withName("http").withContainerPort(8000).endPort().endContainer().endSpec().build();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Pod pod(String name) {
        return cluster.client().pods().inNamespace(NAMESPACE).withName(name).get();
    }

    @Test
    void aReplicaPodGetsItsOwnLoopbackAddressTurnsReadyAndServesItsModelUntilDeleted() throws Exception {
        // given: two replica Pods, as the scheduler creates them
        cluster.client().pods().inNamespace(NAMESPACE).resource(replicaPod("lease-ls-a", "Qwen/Qwen2.5-7B-Instruct"))
                .create();
        cluster.client().pods().inNamespace(NAMESPACE).resource(replicaPod("lease-ls-b", "Qwen/Qwen2.5-7B-Instruct"))
                .create();

        // when: the kubelet runs them
        await().atMost(Duration.ofSeconds(10)).until(() -> pod("lease-ls-a").getStatus() != null
                && pod("lease-ls-a").getStatus().getPodIP() != null && pod("lease-ls-b").getStatus() != null
                && pod("lease-ls-b").getStatus().getPodIP() != null);

        // then: each runs, Ready, on a loopback address of its own (127.x.y.z, x not 0), and answers /v1/models there
        Pod a = pod("lease-ls-a");
        String ipA = a.getStatus().getPodIP();
        String ipB = pod("lease-ls-b").getStatus().getPodIP();
        assertThat(a.getStatus().getPhase()).isEqualTo("Running");
        assertThat(a.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(List.of(ipA, ipB)).allMatch(ip -> ip.matches("127\\.([1-9]\\d*)\\.\\d+\\.\\d+"));
        assertThat(ipA).isNotEqualTo(ipB);
        HttpResponse<String> models = get("http://" + ipA + ":8000/v1/models");
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"id\":\"Qwen/Qwen2.5-7B-Instruct\"");
        assertThat(get("http://" + ipB + ":8000/health").statusCode()).isEqualTo(200);
        assertThat(cluster.runningReplicaServers()).isEqualTo(2);

        // when: the Pod is deleted
        cluster.client().pods().inNamespace(NAMESPACE).withName("lease-ls-a").delete();

        // then: its server stops; the other replica serves on
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.runningReplicaServers() == 1);
        assertThatThrownBy(() -> get("http://" + ipA + ":8000/health")).isInstanceOf(java.io.IOException.class);
        assertThat(get("http://" + ipB + ":8000/v1/models").statusCode()).isEqualTo(200);
    }
}
