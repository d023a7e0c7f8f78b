package io.computenet.scheduler.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.contracts.inventory.Vendor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The desired Kubernetes objects of a gang lease, purely (no client, no I/O; applied by {@link PodGateway}):
 * <ul>
 *   <li>a Volcano PodGroup ({@code scheduling.volcano.sh/v1beta1}) with {@code minMember} = the node count, so Volcano
 *   binds every Pod of the gang or none;</li>
 *   <li>one Pod per node, as {@link PodFactory#desired} builds it (pinned to the node, hardened the same way), with
 *   {@code schedulerName: volcano}, the PodGroup annotation, a stable host name under the gang's Service, and the
 *   environment a distributed job reads: {@code MASTER_ADDR}/{@code MASTER_PORT} (rank 0's Pod), {@code WORLD_SIZE}
 *   (every device of the gang: one process per device, torchrun's convention), {@code RANK} (the global rank of the
 *   node's first device), {@code NODE_RANK}, {@code NNODES}, {@code NPROC_PER_NODE} and {@code LOCAL_WORLD_SIZE};</li>
 *   <li>a headless Service for the rendezvous (DNS names for every Pod, ready or not);</li>
 *   <li>for Ascend, an HCCL rank table ({@code hccl.json}, version 1.0: {@code server_list} with each device's
 *   {@code device_id}, {@code device_ip} (its own RoCE address, where its node reported one) and global
 *   {@code rank_id}) in a ConfigMap mounted into every Pod, named by {@code RANK_TABLE_FILE}.</li>
 * </ul>
 */
public final class GangWorkload {

    public static final String PODGROUP_API_VERSION = "scheduling.volcano.sh/v1beta1";
    public static final String PODGROUP_KIND = "PodGroup";
    /** The annotation Volcano reads to put a Pod in its PodGroup. */
    public static final String GROUP_ANNOTATION = "scheduling.k8s.io/group-name";
    public static final String SCHEDULER = "volcano";
    public static final String RANK_LABEL = "computenet.io/node-rank";
    public static final int MASTER_PORT = 29500;
    public static final String RANK_TABLE_DIR = "/etc/computenet/hccl";
    public static final String RANK_TABLE_KEY = "hccl.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GangWorkload() {
    }

    /**
     * One node of the gang.
     *
     * @param podName     its Pod's name
     * @param nodeName    the Kubernetes node name its node bound at enrolment
     * @param serverId    how the rank table names the server (its host name)
     * @param deviceKeys  the devices it holds
     * @param deviceIndex each device's physical index on the node (same order as the keys)
     * @param deviceIps   each device's own network address as its node reported it (same order; an entry is null
     *                    where none was reported)
     */
    public record Member(String podName, String nodeName, String serverId, List<String> deviceKeys,
                         List<Integer> deviceIndex, List<String> deviceIps) {
        public Member {
            deviceKeys = List.copyOf(deviceKeys);
            deviceIndex = List.copyOf(deviceIndex);
            deviceIps = java.util.Collections.unmodifiableList(new ArrayList<>(deviceIps));
            if (deviceKeys.size() != deviceIndex.size() || deviceKeys.size() != deviceIps.size()) {
                throw new IllegalArgumentException("one index and one address (or null) per device");
            }
        }

        /** A member whose devices have no reported addresses. */
        public Member(String podName, String nodeName, String serverId, List<String> deviceKeys,
                      List<Integer> deviceIndex) {
            this(podName, nodeName, serverId, deviceKeys, deviceIndex,
                    java.util.Collections.nCopies(deviceKeys.size(), null));
        }
    }

    /** Everything a gang's objects depend on; members in rank order. */
    public record Spec(String leaseId, String tenantId, String namespace, Vendor vendor, String deviceModel,
                       long memoryMiBPerDevice, String image, List<String> command, List<Member> members) {
        public Spec {
            Objects.requireNonNull(leaseId, "leaseId");
            command = command == null ? List.of() : List.copyOf(command);
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("a gang has members");
            }
        }

        int devicesPerNode() {
            return members.get(0).deviceKeys().size();
        }
    }

    /** The gang's objects, applied together. */
    public record Desired(GenericKubernetesResource podGroup, Service service, ConfigMap rankTable, List<Pod> pods) {
    }

    /** The name shared by the PodGroup, the Service and the rank table's ConfigMap. */
    public static String groupName(String leaseId) {
        return "gang-" + leaseId.toLowerCase(Locale.ROOT);
    }

    /** Rank 0's address under the headless Service. */
    public static String masterAddress(Spec spec) {
        return spec.members().get(0).podName() + "." + groupName(spec.leaseId()) + "." + spec.namespace() + ".svc";
    }

    public static Desired desired(Spec spec) {
        ConfigMap rankTable = spec.vendor() == Vendor.HUAWEI_ASCEND ? rankTable(spec) : null;
        List<Pod> pods = new ArrayList<>();
        for (int rank = 0; rank < spec.members().size(); rank++) {
            pods.add(pod(spec, rank, rankTable != null));
        }
        return new Desired(podGroup(spec), service(spec), rankTable, pods);
    }

    static GenericKubernetesResource podGroup(Spec spec) {
        Map<String, Object> minResources = new LinkedHashMap<>();
        minResources.put(PodFactory.resourceName(spec.vendor(), spec.deviceModel()),
                String.valueOf(spec.members().size() * spec.devicesPerNode()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("minMember", spec.members().size());
        body.put("minResources", minResources);
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(PODGROUP_API_VERSION)
                .withKind(PODGROUP_KIND)
                .withNewMetadata()
                    .withName(groupName(spec.leaseId()))
                    .withNamespace(spec.namespace())
                    .withLabels(labels(spec))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", body))
                .build();
    }

    static Service service(Spec spec) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(groupName(spec.leaseId()))
                    .withNamespace(spec.namespace())
                    .withLabels(labels(spec))
                .endMetadata()
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(Map.of(PodFactory.LEASE_LABEL, spec.leaseId().toLowerCase(Locale.ROOT)))
                    .addNewPort().withName("rendezvous").withPort(MASTER_PORT).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /**
     * The HCCL rank table, version 1.0: the gang's servers in rank order, every device with its index on the node, its
     * own address ({@code device_ip}, left out where its node reported none: HCCL then cannot reach it over RoCE) and
     * its global rank.
     */
    static ConfigMap rankTable(Spec spec) {
        ObjectNode table = JSON.createObjectNode();
        table.put("status", "completed");
        table.put("version", "1.0");
        table.put("server_count", String.valueOf(spec.members().size()));
        ArrayNode servers = table.putArray("server_list");
        int rank = 0;
        for (Member m : spec.members()) {
            ObjectNode server = servers.addObject();
            server.put("server_id", m.serverId());
            ArrayNode devices = server.putArray("device");
            for (int i = 0; i < m.deviceKeys().size(); i++) {
                ObjectNode device = devices.addObject();
                device.put("device_id", String.valueOf(m.deviceIndex().get(i)));
                if (m.deviceIps().get(i) != null) {
                    device.put("device_ip", m.deviceIps().get(i));
                }
                device.put("rank_id", String.valueOf(rank++));
            }
        }
        String json;
        try {
            json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(table);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(groupName(spec.leaseId()))
                    .withNamespace(spec.namespace())
                    .withLabels(labels(spec))
                .endMetadata()
                .withData(Map.of(RANK_TABLE_KEY, json))
                .build();
    }

    static Pod pod(Spec spec, int rank, boolean withRankTable) {
        Member m = spec.members().get(rank);
        int perNode = spec.devicesPerNode();
        Pod base = PodFactory.desired(new WorkloadSpec(spec.leaseId(), spec.tenantId(), spec.namespace(),
                m.nodeName(), spec.vendor(), spec.deviceModel(), perNode, spec.memoryMiBPerDevice(), m.deviceKeys(),
                spec.image(), spec.command()));
        List<EnvVar> env = new ArrayList<>(base.getSpec().getContainers().get(0).getEnv());
        env.add(new EnvVar("MASTER_ADDR", masterAddress(spec), null));
        env.add(new EnvVar("MASTER_PORT", String.valueOf(MASTER_PORT), null));
        env.add(new EnvVar("WORLD_SIZE", String.valueOf(spec.members().size() * perNode), null));
        env.add(new EnvVar("RANK", String.valueOf(rank * perNode), null));
        env.add(new EnvVar("NODE_RANK", String.valueOf(rank), null));
        env.add(new EnvVar("NNODES", String.valueOf(spec.members().size()), null));
        env.add(new EnvVar("NPROC_PER_NODE", String.valueOf(perNode), null));
        env.add(new EnvVar("LOCAL_WORLD_SIZE", String.valueOf(perNode), null));
        if (withRankTable) {
            env.add(new EnvVar("RANK_TABLE_FILE", RANK_TABLE_DIR + "/" + RANK_TABLE_KEY, null));
        }
        Map<String, String> labels = new LinkedHashMap<>(base.getMetadata().getLabels());
        labels.put(RANK_LABEL, String.valueOf(rank));
        Map<String, String> annotations = new LinkedHashMap<>(base.getMetadata().getAnnotations());
        annotations.put(GROUP_ANNOTATION, groupName(spec.leaseId()));
        PodBuilder pod = new PodBuilder(base)
                .editMetadata()
                    .withName(m.podName())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                .endMetadata()
                .editSpec()
                    .withSchedulerName(SCHEDULER)
                    .withHostname(m.podName())
                    .withSubdomain(groupName(spec.leaseId()))
                    .editFirstContainer()
                        .withEnv(env)
                        .addNewPort().withName("rendezvous").withContainerPort(MASTER_PORT).endPort()
                    .endContainer()
                .endSpec();
        if (withRankTable) {
            pod.editSpec()
                    .addNewVolume().withName("rank-table").withNewConfigMap().withName(groupName(spec.leaseId()))
                    .endConfigMap().endVolume()
                    .editFirstContainer()
                        .addNewVolumeMount().withName("rank-table").withMountPath(RANK_TABLE_DIR).withReadOnly(true)
                        .endVolumeMount()
                    .endContainer()
                .endSpec();
        }
        return pod.build();
    }

    private static Map<String, String> labels(Spec spec) {
        return Map.of(PodFactory.MANAGED_BY_LABEL, PodFactory.MANAGED_BY, PodFactory.LEASE_LABEL,
                spec.leaseId().toLowerCase(Locale.ROOT), PodFactory.TENANT_LABEL, PodFactory.labelSafe(spec.tenantId()));
    }
}
