package io.computenet.scheduler.kubernetes;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.capability.Framework;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubernetes objects of an inference endpoint's replicas, purely (no client, no I/O; applied by
 * {@link PodGateway}): a replica lease's Pod is the lease's Pod ({@link PodFactory}: node pinning, device resources,
 * restricted security context) with one container {@code server} running the endpoint's framework (vLLM or SGLang)
 * for the node's vendor instead of a researcher's image, and each endpoint has one Service per region that selects
 * its replicas. Both frameworks serve the OpenAI API on the same port with a {@code /health} check, so the gateway, the
 * probes and the Service are the same; only the image, the command and the arguments differ.
 * <p>
 * vLLM images, pinned (a tag, never {@code latest}), one vLLM release line on every vendor:
 * <ul>
 *   <li>NVIDIA: the vLLM project's OpenAI-compatible server image {@code vllm/vllm-openai} on Docker Hub (built by
 *   the project's release workflow; https://docs.vllm.ai/en/latest/deployment/docker.html).</li>
 *   <li>Huawei Ascend: the vllm-ascend plugin's image {@code quay.io/ascend/vllm-ascend}; Atlas A3 (910C) and
 *   Atlas 300I Duo (310P) have their own tags with the suffixes {@code -a3} and {@code -310p}
 *   (https://docs.vllm.ai/projects/ascend/en/latest/getting_started/quick_start.html).</li>
 *   <li>Cambricon: Cambricon publishes no registry image. Its vLLM port (https://github.com/Cambricon/vllm-mlu, MLU370
 *   and later) runs in the Cambricon PyTorch Container of its SDK 25.08
 *   ({@code cambricon_pytorch_container-torch2.7.1-torchmlu1.28.0-ubuntu22.04-py310}, handed out as a tar) with
 *   vllm-mlu installed; the operator loads it into the cluster's registry under {@link #VLLM_CAMBRICON}, and its
 *   {@code vllm} is the one of the container's inference virtualenv.</li>
 * </ul>
 * SGLang images, pinned, one SGLang release line; SGLang serves on NVIDIA from Turing on and on Ascend Atlas A2/A3
 * only (the capability table, {@code docs/capabilities.md}, keeps its replicas off V100, 310P and Cambricon):
 * <ul>
 *   <li>NVIDIA: the SGLang project's image {@code lmsysorg/sglang} on Docker Hub
 *   (https://docs.sglang.io, "Install SGLang", Docker).</li>
 *   <li>Huawei Ascend: the Ascend build {@code quay.io/ascend/sglang}, tagged by CANN version and board:
 *   {@code -910b} for Atlas A2 (910B), {@code -a3} for Atlas A3 (910C) (https://docs.sglang.io, Ascend NPUs, quick
 *   start); started with {@code --device npu --attention-backend ascend}.</li>
 * </ul>
 */
public final class ServingPods {

    public static final String ENDPOINT_LABEL = "computenet.io/endpoint";
    public static final String ROLE_LABEL = "computenet.io/role";
    public static final String INFERENCE_REPLICA = "inference-replica";
    public static final String CONTAINER = "server";
    public static final String PORT_NAME = "http";
    public static final int PORT = 8000;
    /** The Service's port; it forwards to {@link #PORT_NAME} on the replicas. */
    public static final int SERVICE_PORT = 80;

    public static final String VLLM_NVIDIA = "vllm/vllm-openai:v0.11.0";
    public static final String VLLM_ASCEND = "quay.io/ascend/vllm-ascend:v0.11.0";
    public static final String VLLM_CAMBRICON = "cambricon/vllm-mlu:sdk25.08-torch2.7.1-torchmlu1.28.0";
    public static final String SGLANG_NVIDIA = "lmsysorg/sglang:v0.5.14";
    /** The Atlas A2 (910B) build; Atlas A3 (910C) takes {@link #SGLANG_ASCEND_A3}. */
    public static final String SGLANG_ASCEND = "quay.io/ascend/sglang:v0.5.14-cann9.0.0-910b";
    public static final String SGLANG_ASCEND_A3 = "quay.io/ascend/sglang:v0.5.14-cann9.0.0-a3";

    /** Models of the operator's model store ({@code store://<path>}) are mounted read-only from this claim. */
    public static final String MODEL_STORE_PREFIX = "store://";
    public static final String MODEL_STORE_CLAIM = "computenet-model-store";
    public static final String MODEL_STORE_PATH = "/mnt/model-store";

    private ServingPods() {
    }

    /**
     * The framework's serving image for a device of this vendor and model.
     *
     * @throws IllegalArgumentException for a device the framework does not serve on (placement, by the capability
     *                                  table, never puts a replica there)
     */
    public static String image(Framework framework, Vendor vendor, String deviceModel) {
        if (framework == Framework.SGLANG) {
            return sglangImage(vendor, deviceModel);
        }
        if (framework != Framework.VLLM) {
            throw new IllegalArgumentException(framework.displayName() + " does not serve endpoints");
        }
        return vllmImage(vendor, deviceModel);
    }

    private static String vllmImage(Vendor vendor, String deviceModel) {
        return switch (vendor) {
            case NVIDIA -> VLLM_NVIDIA;
            case HUAWEI_ASCEND -> {
                String model = deviceModel == null ? "" : deviceModel.toUpperCase(Locale.ROOT);
                yield model.contains("310P") ? VLLM_ASCEND + "-310p" : model.contains("910C") ? VLLM_ASCEND + "-a3"
                        : VLLM_ASCEND;
            }
            case CAMBRICON -> VLLM_CAMBRICON;
        };
    }

    private static String sglangImage(Vendor vendor, String deviceModel) {
        String model = deviceModel == null ? "" : deviceModel.toUpperCase(Locale.ROOT);
        return switch (vendor) {
            case NVIDIA -> SGLANG_NVIDIA;
            case HUAWEI_ASCEND -> {
                if (model.contains("310P")) {
                    throw new IllegalArgumentException("SGLang does not serve on " + deviceModel);
                }
                yield model.contains("910C") ? SGLANG_ASCEND_A3 : SGLANG_ASCEND;
            }
            case CAMBRICON -> throw new IllegalArgumentException("SGLang does not serve on Cambricon devices");
        };
    }

    /**
     * The server's command: vLLM's CLI (for Cambricon the one of the SDK container's inference virtualenv), or
     * SGLang's server module.
     */
    public static List<String> command(Framework framework, Vendor vendor) {
        if (framework == Framework.SGLANG) {
            return List.of("python3", "-m", "sglang.launch_server");
        }
        return vendor == Vendor.CAMBRICON ? List.of("/torch/venv3/pytorch_infer/bin/vllm", "serve")
                : List.of("vllm", "serve");
    }

    /**
     * The server's arguments: the model (a store path mounted), its revision, served under the name asked for, on
     * {@link #PORT}; SGLang names the model {@code --model-path} and on Ascend is told its device and attention
     * backend.
     */
    public static List<String> args(WorkloadSpec.Serving serving, Vendor vendor) {
        List<String> args = new ArrayList<>(List.of(serving.framework() == Framework.SGLANG ? "--model-path"
                        : "--model", modelLocation(serving.model()), "--revision", serving.revision(),
                "--served-model-name", serving.model(), "--host", "0.0.0.0", "--port", String.valueOf(PORT)));
        if (serving.framework() == Framework.SGLANG && vendor == Vendor.HUAWEI_ASCEND) {
            args.addAll(List.of("--device", "npu", "--attention-backend", "ascend"));
        }
        return List.copyOf(args);
    }

    /** Where the server loads the model from: the model id itself, or the store path under the mount. */
    static String modelLocation(String model) {
        return model.startsWith(MODEL_STORE_PREFIX)
                ? MODEL_STORE_PATH + "/" + model.substring(MODEL_STORE_PREFIX.length()).replaceFirst("^/+", "")
                : model;
    }

    /** The Pod of a replica: the lease's Pod with the serving container, its probes, labels and volumes. */
    static Pod replica(Pod leasePod, WorkloadSpec spec) {
        WorkloadSpec.Serving serving = spec.serving();
        Container workload = leasePod.getSpec().getContainers().get(0);
        Probe health = new ProbeBuilder().withNewHttpGet().withPath("/health").withPort(new IntOrString(PORT_NAME))
                .endHttpGet().withPeriodSeconds(5).withFailureThreshold(3).withTimeoutSeconds(3).build();
        // weights are downloaded (or read from the store) and loaded before /health answers: up to 30 minutes
        Probe startup = new ProbeBuilder().withNewHttpGet().withPath("/health").withPort(new IntOrString(PORT_NAME))
                .endHttpGet().withPeriodSeconds(10).withFailureThreshold(180).withTimeoutSeconds(3).build();
        ContainerBuilder server = new ContainerBuilder(workload).withName(CONTAINER)
                .withImage(image(serving.framework(), spec.vendor(), spec.deviceModel()))
                .withCommand(command(serving.framework(), spec.vendor())).withArgs(args(serving, spec.vendor()))
                .addNewPort().withName(PORT_NAME).withContainerPort(PORT).withProtocol("TCP").endPort()
                .withReadinessProbe(health).withStartupProbe(startup)
                // the servers' worker processes share tensors through /dev/shm
                .addNewVolumeMount().withName("dshm").withMountPath("/dev/shm").endVolumeMount();
        boolean fromStore = serving.model().startsWith(MODEL_STORE_PREFIX);
        if (fromStore) {
            server.addNewVolumeMount().withName("model-store").withMountPath(MODEL_STORE_PATH).withReadOnly(true)
                    .endVolumeMount();
        }
        Map<String, String> labels = new LinkedHashMap<>(leasePod.getMetadata().getLabels());
        labels.put(ENDPOINT_LABEL, serving.endpointId());
        labels.put(ROLE_LABEL, INFERENCE_REPLICA);
        PodBuilder pod = new PodBuilder(leasePod).editMetadata().withLabels(labels).endMetadata()
                .editSpec().withContainers(List.of(server.build()))
                .addNewVolume().withName("dshm").withNewEmptyDir().withMedium("Memory").endEmptyDir().endVolume()
                .endSpec();
        if (fromStore) {
            pod.editSpec().addNewVolume().withName("model-store").withNewPersistentVolumeClaim()
                    .withClaimName(MODEL_STORE_CLAIM).withReadOnly(true).endPersistentVolumeClaim().endVolume()
                    .endSpec();
        }
        return pod.build();
    }

    /** The name of an endpoint's Service: the endpoint id itself ({@code ep-} and 12 lower-case characters). */
    public static String serviceName(String endpointId) {
        return endpointId;
    }

    /** The endpoint's Service in a region: port 80 to the replicas' {@code http} port, selected by endpoint. */
    public static Service service(String namespace, String endpointId, String tenantId) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(serviceName(endpointId))
                    .withNamespace(namespace)
                    .withLabels(Map.of(PodFactory.MANAGED_BY_LABEL, PodFactory.MANAGED_BY, ENDPOINT_LABEL, endpointId,
                            PodFactory.TENANT_LABEL, PodFactory.labelSafe(tenantId)))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Map.of(ENDPOINT_LABEL, endpointId, ROLE_LABEL, INFERENCE_REPLICA))
                    .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(SERVICE_PORT)
                        .withTargetPort(new IntOrString(PORT_NAME)).endPort()
                .endSpec()
                .build();
    }

    /**
     * Whether a replica's Pod serves, and where: Running with its {@code Ready} condition true, at
     * {@code http://<podIP>:<http port>}. A Pod that is not ready, or has no address yet, does not serve.
     */
    public static Readiness readiness(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return Readiness.NOT_READY;
        }
        var status = pod.getStatus();
        boolean ready = "Running".equals(status.getPhase()) && status.getConditions() != null
                && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus()));
        String ip = status.getPodIP();
        if (ip == null || ip.isBlank()) {
            return Readiness.NOT_READY;
        }
        return new Readiness(ready, "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port(pod));
    }

    private static int port(Pod pod) {
        List<Integer> ports = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> {
            if (c.getPorts() != null) {
                c.getPorts().stream().filter(p -> PORT_NAME.equals(p.getName()))
                        .forEach(p -> ports.add(p.getContainerPort()));
            }
        });
        return ports.isEmpty() ? PORT : ports.get(0);
    }

    /** A replica's readiness and address ({@code url} null until the Pod has an IP). */
    public record Readiness(boolean ready, String url) {
        public static final Readiness NOT_READY = new Readiness(false, null);
    }
}
