package io.computenet.scheduler.kubernetes;

import io.computenet.devstack.Ports;
import io.computenet.devstack.RegionalCluster;
import io.computenet.scheduler.SchedulerConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A region's client reaches a secured API server (the Kubernetes stand-in over HTTPS, which answers 401 to a request
 * without its bearer token) with a token and CA, a token file, or a kubeconfig; a wrong token is an error naming the
 * region, at once.
 */
class RegionalClientsTest {

    private static RegionalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = RegionalCluster.start("cn-test-secure", Ports.free());
        cluster.registerNode("gpu-node-1");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private record Region(Optional<String> kubernetesUrl, Optional<String> kubeconfig,
                          Optional<String> kubeconfigContext, Optional<String> token, Optional<String> tokenFile,
                          Optional<String> caCertFile) implements SchedulerConfig.Region {
        static Region url(String url, String token, String ca) {
            return new Region(Optional.of(url), Optional.empty(), Optional.empty(), Optional.ofNullable(token),
                    Optional.empty(), Optional.ofNullable(ca));
        }

        @Override
        public String tier() {
            return "east";
        }

        @Override
        public Optional<String> displayName() {
            return Optional.empty();
        }
    }

    private static KubernetesClient client(SchedulerConfig.Region region) {
        return new KubernetesClientBuilder().withConfig(RegionalClients.clientConfig("cn-test-secure", region,
                "computenet-leases")).build();
    }

    @Test
    void reachesTheSecuredApiServerWithATokenAndItsCaCertificate() {
        try (KubernetesClient client = client(Region.url(cluster.url(), cluster.token(), cluster.caCertFile()))) {
            assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .contains("gpu-node-1");
        }
    }

    @Test
    void aWrongTokenIsRefusedAtOnceWithAnErrorThatNamesTheRegion() {
        try (KubernetesClient client = client(Region.url(cluster.url(), "not-the-token", cluster.caCertFile()))) {
            // when
            KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
                    () -> client.nodes().list());

            // then
            assertThat(e.getCode()).isEqualTo(401);
            assertThat(RegionalClients.describe("cn-test-secure", e)).startsWith("region cn-test-secure: ")
                    .contains("refused the scheduler's credentials").contains("regions.cn-test-secure.token");
        }
    }

    @Test
    void noTokenIsRefusedToo() {
        try (KubernetesClient client = client(Region.url(cluster.url(), null, cluster.caCertFile()))) {
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> client.nodes().list()).getCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void aServerCertificateNotSignedByTheConfiguredCaIsNotTrusted(@TempDir Path dir) {
        // given: no CA configured, so only the JVM's trusted roots count
        try (KubernetesClient client = client(Region.url(cluster.url(), cluster.token(), null))) {
            // when / then
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> client.nodes().list()))
                    .hasStackTraceContaining("PKIX");
        }
    }

    @Test
    void readsTheTokenFromAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), cluster.token() + "\n");
        Region region = new Region(Optional.of(cluster.url()), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(file.toString()), Optional.of(cluster.caCertFile()));
        try (KubernetesClient client = client(region)) {
            assertThat(client.nodes().list().getItems()).isNotEmpty();
        }
    }

    @Test
    void takesServerCaAndTokenFromAKubeconfig(@TempDir Path dir) throws IOException {
        // given
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: secure
                    cluster:
                      server: %s
                      certificate-authority: %s
                users:
                  - name: scheduler
                    user:
                      token: %s
                contexts:
                  - name: scheduler@secure
                    context:
                      cluster: secure
                      user: scheduler
                current-context: scheduler@secure
                """.formatted(cluster.url(), cluster.caCertFile(), cluster.token()));
        Region region = new Region(Optional.empty(), Optional.of(kubeconfig.toString()), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        // when / then
        try (KubernetesClient client = client(region)) {
            assertThat(client.getMasterUrl().toString()).startsWith(cluster.url());
            assertThat(client.nodes().list().getItems()).isNotEmpty();
        }
    }

    @Test
    void aRegionWithoutAServerOrWithAnUnreadableFileIsAConfigurationErrorNamingIt() {
        assertThatThrownBy(() -> RegionalClients.clientConfig("cn-x", new Region(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("t"), Optional.empty(), Optional.empty()), "ns"))
                .hasMessageContaining("region cn-x").hasMessageContaining("kubernetes-url");
        assertThatThrownBy(() -> RegionalClients.clientConfig("cn-x", Region.url(cluster.url(), "t",
                "/nonexistent/ca.crt"), "ns")).hasMessageContaining("region cn-x")
                .hasMessageContaining("/nonexistent/ca.crt");
    }
}
