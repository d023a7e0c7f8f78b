package io.computenet.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifests in k8s/ parse with the Fabric8 model and wire up what the services need. */
class KubernetesManifestsTest {

    private static List<HasMetadata> manifests() throws IOException {
        Path dir = Path.of(System.getProperty("computenet.home", "..")).resolve("k8s");
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    Object parsed = Serialization.unmarshal(in);
                    if (parsed instanceof KubernetesList list) {
                        all.addAll(list.getItems());
                    } else if (parsed instanceof List<?> list) {
                        list.forEach(o -> all.add((HasMetadata) o));
                    } else {
                        all.add((HasMetadata) parsed);
                    }
                }
            }
        }
        return all;
    }

    @Test
    void everyServiceHasADeploymentWithHealthProbesAndAService() throws IOException {
        List<HasMetadata> all = manifests();
        for (String name : List.of("scheduler", "billing", "portal-api")) {
            Deployment d = all.stream().filter(m -> m instanceof Deployment && m.getMetadata().getName().equals(name))
                    .map(Deployment.class::cast).findFirst().orElseThrow(() -> new AssertionError("no " + name));
            var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
            assertThat(all).anyMatch(m -> m instanceof Service && m.getMetadata().getName().equals(name));
        }
    }

    @Test
    void nodeAgentsRunPerVendorWithTheirToolMountedReadOnlyAndKeepTheirIdentityOnTheHost() throws IOException {
        List<DaemonSet> agents = manifests().stream().filter(DaemonSet.class::isInstance).map(DaemonSet.class::cast)
                .toList();
        assertThat(agents).extracting(a -> a.getMetadata().getLabels().get("computenet.io/vendor"))
                .containsExactlyInAnyOrder("nvidia", "ascend", "cambricon");
        for (DaemonSet a : agents) {
            var spec = a.getSpec().getTemplate().getSpec();
            var container = spec.getContainers().get(0);
            assertThat(spec.getNodeSelector()).isNotEmpty();
            // everything from the host is read-only except the agent's own state directory
            assertThat(container.getVolumeMounts()).hasSizeGreaterThan(2)
                    .allSatisfy(m -> assertThat(Boolean.TRUE.equals(m.getReadOnly()) || m.getName().equals("agent-state"))
                            .as(m.getName() + " read-only").isTrue());
            assertThat(spec.getVolumes()).filteredOn(v -> v.getHostPath() != null).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("agent-state");
                assertThat(v.getHostPath().getPath()).isEqualTo("/var/lib/computenet-agent");
            });
            // the one-time token comes from a Secret, and the identity it buys is kept next to the spool
            assertThat(spec.getVolumes()).filteredOn(v -> v.getSecret() != null)
                    .extracting(v -> v.getSecret().getSecretName())
                    .contains("node-agent-enrollment", "node-agent-identity");
            assertThat(container.getEnv()).extracting(e -> e.getName()).contains("COMPUTENET_AGENT_ENROLLMENT_URL",
                    "COMPUTENET_AGENT_ENROLLMENT_TOKEN_FILE", "COMPUTENET_AGENT_IDENTITY_DIR",
                    "COMPUTENET_AGENT_IDENTITY_SECRET_DIR");
            assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("COMPUTENET_AGENT_IDENTITY_DIR"))
                    .singleElement().satisfies(e -> assertThat(e.getValue()).startsWith("/var/lib/computenet-agent/"));
        }
    }

    @Test
    void theSchedulerReadsTheNodeCredentialKeyFromASecret() throws IOException {
        Deployment scheduler = manifests().stream().filter(m -> m instanceof Deployment
                        && m.getMetadata().getName().equals("scheduler")).map(Deployment.class::cast).findFirst()
                .orElseThrow();
        assertThat(scheduler.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .filteredOn(e -> e.getName().equals("COMPUTENET_SCHEDULER_IDENTITY_MASTER_KEY")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName())
                        .isEqualTo("computenet-identity"));
    }
}
