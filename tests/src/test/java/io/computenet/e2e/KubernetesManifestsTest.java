package io.computenet.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifests in k8s/ parse with the Fabric8 model and wire up what the services need. */
class KubernetesManifestsTest {

    static Path k8sDir() {
        return Path.of(System.getProperty("computenet.home", "..")).resolve("k8s");
    }

    static List<HasMetadata> manifests() throws IOException {
        Path dir = k8sDir();
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")
                    && !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    Object parsed = Serialization.unmarshal(in);
                    if (parsed instanceof KubernetesList list) {
                        all.addAll(list.getItems());
                    } else if (parsed instanceof List<?> list) {
                        list.stream().filter(java.util.Objects::nonNull).forEach(o -> all.add((HasMetadata) o));
                    } else if (parsed != null) {
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
            boolean requiredAffinity = spec.getAffinity() != null && spec.getAffinity().getNodeAffinity() != null
                    && spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null;
            assertThat(spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty() || requiredAffinity)
                    .as(a.getMetadata().getName() + " runs only on its vendor's nodes").isTrue();
            // everything from the host is read-only except the agent's own state directory
            assertThat(container.getVolumeMounts()).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(m -> assertThat(Boolean.TRUE.equals(m.getReadOnly()) || m.getName().equals("agent-state"))
                            .as(m.getName() + " read-only").isTrue());
            assertThat(spec.getVolumes()).filteredOn(v -> v.getHostPath() != null).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("agent-state");
                assertThat(v.getHostPath().getPath()).isEqualTo("/var/lib/computenet-agent");
            });
            // no Secret with every node's token or credential: each node enrols with a token written on it alone and
            // keeps its credential on its own disk, next to the spool
            assertThat(spec.getVolumes()).filteredOn(v -> v.getSecret() != null)
                    .extracting(v -> v.getSecret().getSecretName())
                    .doesNotContain("node-agent-enrollment", "node-agent-identity");
            assertThat(container.getEnv()).extracting(e -> e.getName()).contains("COMPUTENET_AGENT_ENROLLMENT_URL",
                    "COMPUTENET_AGENT_ENROLLMENT_TOKEN_FILE", "COMPUTENET_AGENT_IDENTITY_DIR")
                    .doesNotContain("COMPUTENET_AGENT_IDENTITY_SECRET_DIR");
            assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("COMPUTENET_AGENT_IDENTITY_DIR")
                            || e.getName().equals("COMPUTENET_AGENT_ENROLLMENT_TOKEN_FILE"))
                    .hasSize(2).allSatisfy(e -> assertThat(e.getValue()).startsWith("/var/lib/computenet-agent/"));
            // the Kubernetes node name from the downward API, not the container's host name (the Pod's name)
            assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("NODE_NAME")).singleElement()
                    .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName"));
            assertThat(env(container, "COMPUTENET_AGENT_KUBERNETES_NODE_NAME")).isEqualTo("$(NODE_NAME)");
            assertThat(spec.getAutomountServiceAccountToken()).as("agents need no Kubernetes API").isFalse();
        }
    }

    private static DaemonSet agent(String vendor) throws IOException {
        return manifests().stream().filter(DaemonSet.class::isInstance).map(DaemonSet.class::cast)
                .filter(a -> vendor.equals(a.getMetadata().getLabels().get("computenet.io/vendor"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + vendor + " agent"));
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    private static boolean privileged(Container c) {
        return c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged());
    }

    /** Host paths mounted into the container, by the path they have inside it. */
    private static Map<String, String> hostMounts(PodSpec spec, Container c) {
        Map<String, String> hostPathByVolume = new HashMap<>();
        spec.getVolumes().stream().filter(v -> v.getHostPath() != null)
                .forEach(v -> hostPathByVolume.put(v.getName(), v.getHostPath().getPath()));
        Map<String, String> byMountPath = new HashMap<>();
        c.getVolumeMounts().stream().filter(m -> hostPathByVolume.containsKey(m.getName()))
                .forEach(m -> byMountPath.put(m.getMountPath(), hostPathByVolume.get(m.getName())));
        return byMountPath;
    }

    /** Every directory on LD_LIBRARY_PATH lies under a host path mounted at the same place. */
    private static void librariesComeFromTheHost(PodSpec spec, Container c) {
        String path = env(c, "LD_LIBRARY_PATH");
        assertThat(path).as("LD_LIBRARY_PATH").isNotBlank();
        Map<String, String> mounts = hostMounts(spec, c);
        for (String dir : path.split(":")) {
            assertThat(mounts.entrySet()).as(dir + " comes from the host")
                    .anyMatch(m -> (dir + "/").startsWith(m.getKey() + "/") && m.getKey().equals(m.getValue()));
        }
    }

    @Test
    void theNvidiaAgentGetsNvidiaSmiFromTheNvidiaRuntime() throws IOException {
        // given
        PodSpec spec = agent("nvidia").getSpec().getTemplate().getSpec();
        Container c = spec.getContainers().get(0);

        // then: the NVIDIA runtime injects nvidia-smi, NVML and the devices for all GPUs, utility only; it honours
        // NVIDIA_VISIBLE_DEVICES from privileged containers only (lease images must not name GPUs that way)
        assertThat(spec.getRuntimeClassName()).isEqualTo("nvidia");
        assertThat(env(c, "NVIDIA_VISIBLE_DEVICES")).isEqualTo("all");
        assertThat(env(c, "NVIDIA_DRIVER_CAPABILITIES")).contains("utility");
        assertThat(privileged(c)).isTrue();
        assertThat(c.getResources().getLimits()).as("takes no GPU from leases")
                .doesNotContainKey("nvidia.com/gpu");
        assertThat(hostMounts(spec, c).values()).as("no host driver files next to the injected ones")
                .noneMatch(p -> p.contains("nvidia") || p.startsWith("/usr/lib"));
    }

    @Test
    void theAscendAgentReachesTheNpusDriverAndToolkitOnEveryAscendNode() throws IOException {
        // given
        PodSpec spec = agent("ascend").getSpec().getTemplate().getSpec();
        Container c = spec.getContainers().get(0);

        // then: the device nodes (davinci*, davinci_manager, devmm_svm, hisi_hdc) need a privileged container
        assertThat(privileged(c)).isTrue();
        assertThat(hostMounts(spec, c)).containsEntry("/usr/local/sbin/npu-smi", "/usr/local/sbin/npu-smi")
                .containsEntry("/usr/local/Ascend", "/usr/local/Ascend")
                .containsEntry("/usr/local/dcmi", "/usr/local/dcmi")
                .containsEntry("/etc/ascend_install.info", "/etc/ascend_install.info");
        librariesComeFromTheHost(spec, c);
        assertThat(env(c, "LD_LIBRARY_PATH").split(":")).contains("/usr/local/Ascend/driver/lib64",
                "/usr/local/Ascend/driver/lib64/common", "/usr/local/Ascend/driver/lib64/driver");
        // and it runs on training and inference nodes, not only 910 ones
        var terms = spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(terms).singleElement().satisfies(t -> assertThat(t.getMatchExpressions()).singleElement()
                .satisfies(e -> {
                    assertThat(e.getKey()).isEqualTo("accelerator");
                    assertThat(e.getOperator()).isEqualTo("In");
                    assertThat(e.getValues()).contains("huawei-Ascend910", "huawei-Ascend310P");
                }));
    }

    @Test
    void theCambriconAgentReachesCnmonAndItsLibraries() throws IOException {
        // given
        PodSpec spec = agent("cambricon").getSpec().getTemplate().getSpec();
        Container c = spec.getContainers().get(0);

        // then: /dev/cambricon_ctl and /dev/cambricon_dev* need a privileged container
        assertThat(privileged(c)).isTrue();
        assertThat(hostMounts(spec, c)).containsEntry("/usr/bin/cnmon", "/usr/bin/cnmon")
                .containsEntry("/usr/local/neuware", "/usr/local/neuware");
        librariesComeFromTheHost(spec, c);
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

    @Test
    void everyKafkaClientLogsInAsItsOwnPrincipalWithAPasswordFromASecret() throws IOException {
        // given: the services and agents that use Kafka, by the principal their application.properties names
        Map<String, String> principals = Map.of("scheduler", "scheduler", "billing", "billing",
                "node-agent-nvidia", "node-agent", "node-agent-ascend", "node-agent",
                "node-agent-cambricon", "node-agent");
        List<HasMetadata> all = manifests();
        principals.forEach((workload, principal) -> {
            // when
            PodSpec spec = all.stream().filter(m -> m.getMetadata().getName().equals(workload)).findFirst()
                    .map(m -> m instanceof Deployment d ? d.getSpec().getTemplate().getSpec()
                            : ((DaemonSet) m).getSpec().getTemplate().getSpec())
                    .orElseThrow(() -> new AssertionError("no " + workload));

            // then
            assertThat(spec.getContainers().get(0).getEnv()).as(workload)
                    .filteredOn(e -> e.getName().equals("COMPUTENET_KAFKA_PASSWORD")).singleElement()
                    .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(principal));
        });
    }
    private static List<NetworkPolicy> policies(String namespace) throws IOException {
        return manifests().stream().filter(m -> m instanceof NetworkPolicy
                        && namespace.equals(m.getMetadata().getNamespace())).map(NetworkPolicy.class::cast).toList();
    }

    /** The policies of the namespace that select a Pod with these labels for ingress. */
    private static List<NetworkPolicy> ingressPoliciesOf(String namespace, Map<String, String> podLabels)
            throws IOException {
        return policies(namespace).stream()
                .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(p -> podLabels.entrySet().containsAll(matchLabels(p.getSpec().getPodSelector())
                        .entrySet()))
                .toList();
    }

    private static Map<String, String> matchLabels(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        return selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    }

    /**
     * Whether a Pod of the computenet namespace with {@code sourceApp} as its name label may open {@code port} on the
     * service {@code targetApp}, as the namespace's policies read (only same-namespace pod selectors are admitted).
     */
    private static boolean mayReach(String sourceApp, String targetApp, int port) throws IOException {
        List<NetworkPolicy> selecting = ingressPoliciesOf("computenet", Map.of("app.kubernetes.io/name", targetApp));
        assertThat(selecting).as("policies selecting " + targetApp).isNotEmpty();
        for (NetworkPolicy p : selecting) {
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress() == null
                    ? List.<NetworkPolicyIngressRule>of() : p.getSpec().getIngress()) {
                boolean portMatches = rule.getPorts() == null || rule.getPorts().stream()
                        .anyMatch(pp -> pp.getPort() != null && pp.getPort().getIntVal() == port);
                boolean sourceMatches = rule.getFrom() == null || rule.getFrom().stream().anyMatch(peer ->
                        peer.getNamespaceSelector() == null && peer.getIpBlock() == null
                                && Map.of("app.kubernetes.io/name", sourceApp).entrySet()
                                .containsAll(matchLabels(peer.getPodSelector()).entrySet()));
                if (portMatches && sourceMatches) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void onlyTheIntendedServicesReachTheInternalApis() throws IOException {
        // given: a default deny for every Pod of the services' namespace
        assertThat(policies("computenet")).anySatisfy(p -> {
            assertThat(matchLabels(p.getSpec().getPodSelector())).isEmpty();
            assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        });

        // then: the portal calls the scheduler and billing, nothing else gets in (prices reach the scheduler by topic)
        assertThat(mayReach("portal-api", "scheduler", 8081)).isTrue();
        assertThat(mayReach("portal-api", "billing", 8082)).isTrue();
        assertThat(mayReach("scheduler", "billing", 8082)).isFalse();
        assertThat(mayReach("node-agent", "scheduler", 8081)).isFalse();
        assertThat(mayReach("node-agent", "billing", 8082)).isFalse();
        assertThat(mayReach("billing", "scheduler", 8081)).isFalse();
        assertThat(mayReach("portal-api", "scheduler", 5432)).isFalse();
        // and: no internal API admits another namespace (a lease Pod's) at all
        for (String internal : List.of("scheduler", "billing")) {
            assertThat(ingressPoliciesOf("computenet", Map.of("app.kubernetes.io/name", internal)))
                    .flatMap(p -> p.getSpec().getIngress() == null ? List.of() : p.getSpec().getIngress())
                    .flatMap(r -> r.getFrom() == null ? List.of(new NetworkPolicyPeer()) : r.getFrom())
                    .allSatisfy(peer -> {
                        assertThat(peer.getNamespaceSelector()).isNull();
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(peer.getPodSelector()).isNotNull();
                    });
        }
    }

    @Test
    void leasePodsReachNoneOfComputeNetsServicesKafkaOrPostgres() throws IOException {
        // given: the lease namespace's policies that select every Pod
        List<NetworkPolicy> leases = policies("computenet-leases").stream()
                .filter(p -> matchLabels(p.getSpec().getPodSelector()).isEmpty()).toList();
        assertThat(leases).as("a policy for every lease Pod").isNotEmpty();
        assertThat(leases).anySatisfy(p -> assertThat(p.getSpec().getPolicyTypes())
                .contains("Ingress", "Egress"));

        // then: nothing comes in, but the portal's inference gateway to inference replicas on their http port
        assertThat(policies("computenet-leases")).allSatisfy(p -> {
            if (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()) {
                return;
            }
            assertThat(matchLabels(p.getSpec().getPodSelector()))
                    .containsExactly(Map.entry("computenet.io/role", "inference-replica"));
            assertThat(p.getSpec().getIngress()).allSatisfy(rule -> {
                assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer -> {
                    assertThat(matchLabels(peer.getNamespaceSelector()))
                            .containsEntry("kubernetes.io/metadata.name", "computenet");
                    assertThat(matchLabels(peer.getPodSelector()))
                            .containsEntry("app.kubernetes.io/name", "portal-api");
                });
                assertThat(rule.getPorts()).singleElement().satisfies(pp ->
                        assertThat(pp.getPort().getIntVal()).isEqualTo(8000));
            });
        });
        // and: out only to the cluster DNS on port 53, or to addresses outside every private and link-local range
        // (Pods, Services, nodes, the metadata endpoint): Kafka, PostgreSQL and the services are all in-cluster
        List<NetworkPolicyEgressRule> egress = policies("computenet-leases").stream()
                .flatMap(p -> p.getSpec().getEgress() == null ? Stream.<NetworkPolicyEgressRule>empty()
                        : p.getSpec().getEgress().stream()).toList();
        assertThat(egress).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getTo()).as("an egress rule with no destination would allow everything").isNotEmpty();
            for (NetworkPolicyPeer peer : rule.getTo()) {
                if (peer.getIpBlock() != null) {
                    assertThat(peer.getIpBlock().getExcept()).contains("10.0.0.0/8", "172.16.0.0/12",
                            "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16");
                } else {
                    assertThat(matchLabels(peer.getNamespaceSelector()))
                            .containsEntry("kubernetes.io/metadata.name", "kube-system");
                    assertThat(matchLabels(peer.getPodSelector())).containsEntry("k8s-app", "kube-dns");
                    assertThat(rule.getPorts()).isNotEmpty().allSatisfy(pp ->
                            assertThat(pp.getPort().getIntVal()).isEqualTo(53));
                }
            }
        });
    }

    @Test
    void theCallingServicesReadTheirClientSecretsFromSecrets() throws IOException {
        for (Map.Entry<String, String> caller : Map.of("portal-api", "computenet-svc-portal",
                "scheduler", "computenet-svc-scheduler").entrySet()) {
            Deployment d = manifests().stream().filter(m -> m instanceof Deployment
                            && m.getMetadata().getName().equals(caller.getKey())).map(Deployment.class::cast)
                    .findFirst().orElseThrow();
            assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                    .filteredOn(e -> e.getName().equals("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET")).singleElement()
                    .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName())
                            .isEqualTo(caller.getValue()));
        }
    }
}
