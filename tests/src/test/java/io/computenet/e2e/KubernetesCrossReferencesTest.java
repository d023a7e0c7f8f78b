package io.computenet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.computenet.contracts.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment in k8s/ holds together: every manifest parses into its API type (Fabric8's typed model for core
 * kinds; the operators' custom resources generically, with the fields that matter checked), and what one object
 * names another by exists there: Secrets, ConfigMaps and their keys, Services and their ports, the database cluster
 * and its databases, the Kafka cluster, its listener, topics and users, the realm, probes and container ports.
 */
class KubernetesCrossReferencesTest {

    /**
     * Secrets the operator of a data centre creates (k8s/README.md lists each with its keys); every other Secret a
     * manifest names is one of the manifests' own or one an operator (Strimzi, the token controller) creates.
     */
    private static final Set<String> CREATED_BY_OPERATOR = Set.of("computenet-identity", "computenet-db-scheduler",
            "computenet-db-billing", "computenet-db-keycloak", "computenet-db-backup", "sso-tls",
            "scheduler-clusters", "computenet-portal-web", "computenet-svc-portal", "computenet-svc-scheduler");

    private static List<HasMetadata> all;

    @BeforeAll
    static void parse() throws IOException {
        all = KubernetesManifestsTest.manifests();
    }

    private static <T extends HasMetadata> List<T> of(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<GenericKubernetesResource> custom(String kind) {
        return of(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    private static GenericKubernetesResource one(String kind) {
        List<GenericKubernetesResource> found = custom(kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    /** A custom resource as a JSON tree, for its fields. */
    private static JsonNode tree(GenericKubernetesResource r) {
        return new ObjectMapper().valueToTree(r);
    }

    /** Each pod template with the name of its workload. */
    private static Map<String, PodSpec> podSpecs() {
        Map<String, PodSpec> specs = new java.util.LinkedHashMap<>();
        of(Deployment.class).forEach(d -> specs.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        of(DaemonSet.class).forEach(d -> specs.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        return specs;
    }

    private static Stream<EnvVar> env(PodSpec spec) {
        return spec.getContainers().stream().flatMap(c -> c.getEnv() == null ? Stream.empty() : c.getEnv().stream());
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(e -> e.getValue() != null ? e.getValue() : "<from " + e.getValueFrom() + ">").orElse(null);
    }

    @Test
    void everyManifestIsPartOfTheKustomizationAndTheOverlaysBuildOnIt() throws IOException {
        // given
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path dir = KubernetesManifestsTest.k8sDir();
        JsonNode base = yaml.readTree(dir.resolve("kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        base.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).forEach(files::add);
        }

        // then
        assertThat(listed).isEqualTo(files);
        for (String overlay : List.of("local", "production")) {
            JsonNode k = yaml.readTree(dir.resolve("overlays").resolve(overlay).resolve("kustomization.yaml").toFile());
            assertThat(k.path("resources").get(0).asText()).as(overlay).isEqualTo("../..");
            // every patch names a kind and object the base has
            k.path("patches").forEach(p -> {
                String kind = p.path("target").path("kind").asText();
                String name = p.path("target").path("name").asText(null);
                assertThat(all).as(overlay + " patches " + kind + " " + name).anyMatch(m -> m.getKind().equals(kind)
                        && (name == null || m.getMetadata().getName().equals(name)));
            });
            k.path("replicas").forEach(r -> assertThat(of(Deployment.class)).as(overlay + " scales " + r)
                    .anyMatch(d -> d.getMetadata().getName().equals(r.path("name").asText())));
        }
    }

    @Test
    void everySecretNamedIsDefinedMadeByAnOperatorOrListedForTheOperatorToCreate() throws IOException {
        // given: what exists without the data centre's operator doing anything
        Set<String> provided = new HashSet<>();
        of(Secret.class).forEach(s -> provided.add(s.getMetadata().getName()));
        custom("KafkaUser").forEach(u -> provided.add(u.getMetadata().getName()));
        custom("Kafka").forEach(k -> provided.add(k.getMetadata().getName() + "-cluster-ca-cert"));
        String readme = Files.readString(KubernetesManifestsTest.k8sDir().resolve("README.md"));

        // when: every Secret a workload or custom resource names
        Set<String> named = new TreeSet<>();
        podSpecs().values().forEach(spec -> {
            env(spec).filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> named.add(e.getValueFrom().getSecretKeyRef().getName()));
            spec.getVolumes().stream().filter(v -> v.getSecret() != null)
                    .forEach(v -> named.add(v.getSecret().getSecretName()));
        });
        for (GenericKubernetesResource r : of(GenericKubernetesResource.class)) {
            collectSecretRefs(tree(r), named);
        }

        // then
        assertThat(named).contains("computenet-identity", "scheduler", "billing", "node-agent");
        for (String secret : named) {
            assertThat(provided.contains(secret) || CREATED_BY_OPERATOR.contains(secret))
                    .as("Secret " + secret + " is defined, made by an operator, or listed for the operator to create")
                    .isTrue();
        }
        for (String secret : CREATED_BY_OPERATOR) {
            assertThat(readme).as("k8s/README.md tells the operator to create " + secret).contains("`" + secret + "`");
        }
    }

    /** Secret names in a custom resource: {@code secret.name}, {@code *Secret.name}, {@code tlsSecret}. */
    private static void collectSecretRefs(JsonNode node, Set<String> into) {
        node.fields().forEachRemaining(f -> {
            String key = f.getKey();
            JsonNode value = f.getValue();
            if (value.isTextual() && key.equals("tlsSecret")) {
                into.add(value.asText());
            } else if (value.isObject() && (key.equals("secret") || key.endsWith("Secret")
                    || key.equals("accessKeyId") || key.equals("secretAccessKey")) && value.has("name")) {
                into.add(value.get("name").asText());
            }
            if (value.isContainerNode()) {
                if (value.isArray()) {
                    value.forEach(v -> collectSecretRefs(v, into));
                } else {
                    collectSecretRefs(value, into);
                }
            }
        });
    }

    @Test
    void everyConfigMapAndKeyNamedExists() {
        Map<String, ConfigMap> maps = new HashMap<>();
        of(ConfigMap.class).forEach(m -> maps.put(m.getMetadata().getName(), m));
        podSpecs().forEach((workload, spec) -> {
            spec.getContainers().forEach(c -> {
                if (c.getEnvFrom() != null) {
                    c.getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null).forEach(e ->
                            assertThat(maps).as(workload).containsKey(e.getConfigMapRef().getName()));
                }
            });
            env(spec).filter(e -> e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null)
                    .forEach(e -> {
                        var ref = e.getValueFrom().getConfigMapKeyRef();
                        assertThat(maps).as(workload + " " + e.getName()).containsKey(ref.getName());
                        assertThat(maps.get(ref.getName()).getData()).as(workload + " " + e.getName())
                                .containsKey(ref.getKey());
                    });
            spec.getVolumes().stream().filter(v -> v.getConfigMap() != null).forEach(v ->
                    assertThat(maps).as(workload + " volume " + v.getName()).containsKey(v.getConfigMap().getName()));
            // every volume mounted is declared, and every declared volume is mounted
            Set<String> mounted = new HashSet<>();
            spec.getContainers().forEach(c -> c.getVolumeMounts().forEach(m -> mounted.add(m.getName())));
            Set<String> declared = new HashSet<>();
            spec.getVolumes().forEach(v -> declared.add(v.getName()));
            assertThat(declared).as(workload + " volumes").containsAll(mounted);
        });
    }

    private static final Pattern SERVICE_URL = Pattern.compile("https?://([a-z0-9-]+)\\.computenet\\.svc:(\\d+)");

    @Test
    void everyServiceUrlReachesAServicePortThatReachesAContainerPortAndProbesUseDeclaredPorts() {
        // given
        Map<String, Service> services = new HashMap<>();
        of(Service.class).forEach(s -> services.put(s.getMetadata().getName(), s));
        Map<String, String> values = new HashMap<>();
        of(ConfigMap.class).forEach(m -> values.putAll(m.getData()));
        podSpecs().values().forEach(spec -> env(spec).filter(e -> e.getValue() != null)
                .forEach(e -> values.put(e.getName(), e.getValue())));

        // then: URLs of our own services name a Service and one of its ports
        values.forEach((key, value) -> {
            Matcher m = SERVICE_URL.matcher(value);
            while (m.find()) {
                Service s = services.get(m.group(1));
                assertThat(s).as(key + " names Service " + m.group(1)).isNotNull();
                int port = Integer.parseInt(m.group(2));
                assertThat(s.getSpec().getPorts()).as(key).anyMatch(p -> p.getPort() == port);
            }
        });
        // each Service selects a Deployment whose container has the target port
        for (Service s : services.values()) {
            Deployment d = of(Deployment.class).stream().filter(x -> x.getSpec().getTemplate().getMetadata()
                    .getLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet())).findFirst()
                    .orElseThrow(() -> new AssertionError("Service " + s.getMetadata().getName() + " selects nothing"));
            List<ContainerPort> ports = d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();
            s.getSpec().getPorts().forEach(p -> assertThat(ports).as(s.getMetadata().getName())
                    .anyMatch(cp -> matches(p.getTargetPort(), cp)));
        }
        // probes name a declared port (or, for agents without a declared port, the agent's HTTP port)
        podSpecs().forEach((workload, spec) -> spec.getContainers().forEach(c -> {
            for (Probe probe : new Probe[]{c.getReadinessProbe(), c.getLivenessProbe()}) {
                if (probe == null) {
                    continue;
                }
                assertThat(probe.getHttpGet()).as(workload + " probes over HTTP").isNotNull();
                IntOrString port = probe.getHttpGet().getPort();
                boolean declared = c.getPorts() != null && c.getPorts().stream().anyMatch(cp -> matches(port, cp));
                assertThat(declared || Integer.valueOf(8083).equals(port.getIntVal()))
                        .as(workload + " probe port " + port).isTrue();
                assertThat(probe.getHttpGet().getPath()).startsWith("/q/health/");
            }
        }));
    }

    private static boolean matches(IntOrString port, ContainerPort cp) {
        return port.getStrVal() != null ? port.getStrVal().equals(cp.getName())
                : Objects.equals(port.getIntVal(), cp.getContainerPort());
    }

    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([a-z0-9-]+)\\.computenet\\.svc:5432/(\\w+)");

    @Test
    void everyDatabaseUrlReachesTheCloudNativePgClusterAndADatabaseOwnedByTheServicesRole() {
        // given
        GenericKubernetesResource cluster = one("Cluster");
        JsonNode spec = tree(cluster).path("spec");
        String rw = cluster.getMetadata().getName() + "-rw";
        Map<String, String> ownerByDatabase = new HashMap<>();
        ownerByDatabase.put(spec.path("bootstrap").path("initdb").path("database").asText(),
                spec.path("bootstrap").path("initdb").path("owner").asText());
        custom("Database").forEach(d -> {
            JsonNode ds = tree(d).path("spec");
            assertThat(ds.path("cluster").path("name").asText()).isEqualTo(cluster.getMetadata().getName());
            ownerByDatabase.put(ds.path("name").asText(), ds.path("owner").asText());
        });
        Set<String> roles = new HashSet<>();
        roles.add(spec.path("bootstrap").path("initdb").path("owner").asText());
        spec.path("managed").path("roles").forEach(r -> roles.add(r.path("name").asText()));

        // then: each service's JDBC URL names the primary's Service and a database its own role owns
        List<String> urls = new ArrayList<>();
        podSpecs().forEach((workload, ps) -> env(ps).filter(e -> e.getName().equals("QUARKUS_DATASOURCE_JDBC_URL"))
                .forEach(e -> {
                    Matcher m = JDBC.matcher(e.getValue());
                    assertThat(m.matches()).as(workload + " " + e.getValue()).isTrue();
                    assertThat(m.group(1)).isEqualTo(rw);
                    assertThat(ownerByDatabase).as(workload).containsKey(m.group(2));
                    String user = env(ps).filter(x -> x.getName().equals("QUARKUS_DATASOURCE_USERNAME")).findFirst()
                            .orElseThrow().getValueFrom().getSecretKeyRef().getName();
                    assertThat(user).isEqualTo("computenet-db-" + ownerByDatabase.get(m.group(2)));
                    urls.add(e.getValue());
                }));
        assertThat(urls).hasSize(2);
        assertThat(ownerByDatabase.values()).allSatisfy(owner -> assertThat(roles).contains(owner));
        // Keycloak uses the same cluster
        JsonNode db = tree(one("Keycloak")).path("spec").path("db");
        assertThat(db.path("host").asText()).startsWith(rw + ".");
        assertThat(ownerByDatabase).containsKey(db.path("database").asText());
        // and the cluster is backed up on a schedule
        assertThat(spec.path("backup").path("barmanObjectStore").path("destinationPath").asText()).startsWith("s3://");
        assertThat(tree(one("ScheduledBackup")).path("spec").path("cluster").path("name").asText())
                .isEqualTo(cluster.getMetadata().getName());
    }

    @Test
    void theKafkaClusterHasATopicForEveryContractTopicAndTheClientsUseItsScramListener() {
        // given
        GenericKubernetesResource kafka = one("Kafka");
        JsonNode listener = tree(kafka).path("spec").path("kafka").path("listeners").get(0);
        Map<String, String> config = new HashMap<>();
        of(ConfigMap.class).forEach(m -> config.putAll(m.getData()));

        // then: SCRAM over TLS, simple authorisation, no topic made by a client
        assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        assertThat(listener.path("tls").asBoolean()).isTrue();
        assertThat(tree(kafka).path("spec").path("kafka").path("authorization").path("type").asText())
                .isEqualTo("simple");
        assertThat(tree(kafka).path("spec").path("kafka").path("config").path("auto.create.topics.enable")
                .asBoolean(true)).isFalse();
        assertThat(config.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(kafka.getMetadata().getName()
                + "-kafka-bootstrap.computenet.svc:" + listener.path("port").asInt());
        assertThat(config).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        custom("KafkaNodePool").forEach(p -> assertThat(p.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        Set<String> topics = new TreeSet<>();
        custom("KafkaTopic").forEach(t -> {
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            topics.add(tree(t).path("spec").path("topicName").asText());
        });
        // the topics are the ones the code creates (KafkaAccess.TOPICS), no more, no fewer
        assertThat(topics).containsExactlyInAnyOrderElementsOf(io.computenet.contracts.access.KafkaAccess.TOPICS
                .stream().map(io.computenet.contracts.access.KafkaAccess.TopicSpec::name).toList());
    }

    /** Topic name to operations, from a KafkaUser's ACLs on literal topics. */
    private static Map<String, Set<String>> topicAcls(GenericKubernetesResource user) {
        Map<String, Set<String>> acls = new HashMap<>();
        tree(user).path("spec").path("authorization").path("acls").forEach(acl -> {
            JsonNode resource = acl.path("resource");
            if (resource.path("type").asText().equals("topic")) {
                assertThat(resource.path("patternType").asText()).as("topic ACLs name one topic").isEqualTo("literal");
                Set<String> ops = acls.computeIfAbsent(resource.path("name").asText(), k -> new TreeSet<>());
                acl.path("operations").forEach(o -> ops.add(o.asText()));
            }
        });
        return acls;
    }

    @Test
    void kafkaUsersMayOnlyDoWhatTheirServiceDoesAndEachWorkloadUsesItsOwnUser() {
        // given
        Map<String, GenericKubernetesResource> users = new HashMap<>();
        custom("KafkaUser").forEach(u -> users.put(u.getMetadata().getName(), u));
        Function<String, Set<String>> writable = name -> topicAcls(users.get(name)).entrySet().stream()
                .filter(e -> e.getValue().contains("Write") || e.getValue().contains("All"))
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toCollection(TreeSet::new));

        // then: SCRAM for all; agents write only their inventory and usage; only the scheduler writes lease events
        // and verified usage; billing writes only prepaid tenants' funds, their alerts and the price books
        assertThat(users).containsOnlyKeys("scheduler", "billing", "node-agent");
        users.values().forEach(u -> assertThat(tree(u).path("spec").path("authentication").path("type").asText())
                .isEqualTo("scram-sha-512"));
        assertThat(writable.apply("node-agent")).containsExactlyInAnyOrder(Topics.INVENTORY, Topics.USAGE);
        assertThat(writable.apply("scheduler")).contains(Topics.LEASE_EVENTS, Topics.USAGE_VERIFIED)
                .doesNotContain(Topics.INVENTORY, Topics.USAGE);
        assertThat(writable.apply("billing")).containsExactlyInAnyOrder(Topics.FUNDS_STATE, Topics.FUNDS_ALERTS,
                Topics.PRICE_BOOKS, Topics.DEAD_LETTER);
        // and every user's topic ACLs are exactly the grants the broker of the local run and the tests enforces
        for (String principal : io.computenet.contracts.access.KafkaAccess.principals()) {
            Map<String, Set<String>> expected = new HashMap<>();
            io.computenet.contracts.access.KafkaAccess.GRANTS.stream().filter(g -> g.principal().equals(principal))
                    .forEach(g -> {
                        switch (g.operation()) {
                            case READ_TOPIC -> expected.computeIfAbsent(g.resource(), k -> new TreeSet<>())
                                    .addAll(Set.of("Read", "Describe"));
                            case WRITE_TOPIC -> expected.computeIfAbsent(g.resource(), k -> new TreeSet<>())
                                    .addAll(Set.of("Write", "Describe"));
                            default -> {
                            }
                        }
                    });
            assertThat(topicAcls(users.get(principal))).as("topic ACLs of " + principal).isEqualTo(expected);
        }
        Set<String> topics = new HashSet<>();
        custom("KafkaTopic").forEach(t -> topics.add(tree(t).path("spec").path("topicName").asText()));
        users.values().forEach(u -> assertThat(topics).containsAll(topicAcls(u).keySet()));

        // and each workload authenticates as its own user
        Map<String, String> expected = Map.of("scheduler", "scheduler", "billing", "billing",
                "node-agent-nvidia", "node-agent", "node-agent-ascend", "node-agent", "node-agent-cambricon",
                "node-agent");
        expected.forEach((workload, user) -> assertThat(env(podSpecs().get(workload))
                .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().getName()).as(workload).isEqualTo(user));
    }

    @Test
    void theRealmImportIsTheRepositoryRealmWithoutDemoUsersOrAFixedClientSecret() throws IOException {
        // given
        ObjectMapper json = new ObjectMapper();
        JsonNode repo = json.readTree(KubernetesManifestsTest.k8sDir().resolveSibling(
                "devstack/src/main/resources/keycloak/computenet-realm.json").toFile());
        GenericKubernetesResource keycloak = one("Keycloak");
        JsonNode imported = tree(one("KeycloakRealmImport")).path("spec");

        // then
        assertThat(imported.path("keycloakCRName").asText()).isEqualTo(keycloak.getMetadata().getName());
        JsonNode realm = imported.path("realm");
        assertThat(realm.path("realm").asText()).isEqualTo(repo.path("realm").asText());
        assertThat(realm.path("roles")).isEqualTo(repo.path("roles"));
        List<String> repoClients = new ArrayList<>();
        repo.path("clients").forEach(c -> repoClients.add(c.path("clientId").asText()));
        List<String> clients = new ArrayList<>();
        realm.path("clients").forEach(c -> {
            clients.add(c.path("clientId").asText());
            assertThat(c.has("secret")).as(c.path("clientId") + " has no fixed secret").isFalse();
            assertThat(c.path("redirectUris").toString()).doesNotContain("localhost", "127.0.0.1");
        });
        assertThat(clients).isEqualTo(repoClients);
        assertThat(realm.has("users")).isFalse();
        assertThat(realm.path("sslRequired").asText()).isEqualTo("all");
        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
        // the services trust this Keycloak's realm
        Map<String, String> config = new HashMap<>();
        of(ConfigMap.class).forEach(m -> config.putAll(m.getData()));
        String host = tree(keycloak).path("spec").path("hostname").path("hostname").asText();
        assertThat(config.get("QUARKUS_OIDC_AUTH_SERVER_URL")).isEqualTo("https://" + host + "/realms/"
                + repo.path("realm").asText());
    }

    @Test
    void leasePodsRunInARestrictedNamespaceWhereTheSchedulerMayOnlyManageWhatLeasesNeedAndReadNodes() {
        // given
        Namespace leases = of(Namespace.class).stream().filter(n -> n.getMetadata().getName()
                .equals("computenet-leases")).findFirst().orElseThrow();

        // then: Pod Security "restricted" enforced
        assertThat(leases.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        // the scheduler's rights there: Pods; the Services of inference endpoints and gangs; gangs' rank tables and
        // PodGroups; no Secrets, no exec
        Role role = of(Role.class).stream().filter(r -> r.getMetadata().getNamespace().equals("computenet-leases"))
                .findFirst().orElseThrow();
        assertThat(role.getRules()).hasSize(4).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "watch", "delete");
        }).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("services");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "delete");
        }).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("configmaps");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "delete");
        }).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("scheduling.volcano.sh");
            assertThat(rule.getResources()).containsExactly("podgroups");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "delete");
        });
        ClusterRole nodes = of(ClusterRole.class).get(0);
        assertThat(nodes.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("nodes");
            assertThat(rule.getVerbs()).doesNotContain("create", "update", "patch", "delete");
        });
        Set<String> accounts = new HashSet<>();
        of(ServiceAccount.class).forEach(a -> accounts.add(a.getMetadata().getNamespace() + "/"
                + a.getMetadata().getName()));
        of(RoleBinding.class).forEach(b -> {
            assertThat(b.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            b.getSubjects().forEach(s -> assertThat(accounts).contains(s.getNamespace() + "/" + s.getName()));
        });
        of(ClusterRoleBinding.class).forEach(b -> {
            assertThat(b.getRoleRef().getName()).isEqualTo(nodes.getMetadata().getName());
            b.getSubjects().forEach(s -> assertThat(accounts).contains(s.getNamespace() + "/" + s.getName()));
        });
        // the scheduler reads its regions from the ConfigMap it mounts
        ConfigMap regions = of(ConfigMap.class).stream().filter(m -> m.getMetadata().getName()
                .equals("scheduler-regions")).findFirst().orElseThrow();
        Container scheduler = podSpecs().get("scheduler").getContainers().get(0);
        assertThat(env(scheduler, "SMALLRYE_CONFIG_LOCATIONS")).isEqualTo("/etc/computenet/scheduler/"
                + regions.getData().keySet().iterator().next());
    }
}
