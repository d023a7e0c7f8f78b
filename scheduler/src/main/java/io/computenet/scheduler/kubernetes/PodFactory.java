package io.computenet.scheduler.kubernetes;

import io.computenet.contracts.inventory.Vendor;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the desired Pod of a lease: a pure function (no client, no I/O), applied by {@link PodGateway}. The Pod asks
 * the device plugin of the node's vendor for whole devices or a slice by extended resource names ({@link #resources}),
 * is pinned to the Kubernetes node name its node bound at enrolment, and tells the workload its limits through the
 * environment.
 * <p>
 * The Pod runs arbitrary researcher images next to other tenants, so it is contained the way the namespace's Pod
 * Security level {@code restricted} demands (the lease namespace enforces it, see {@code k8s/README.md}): no
 * service-account token, no privilege escalation, every capability dropped, the runtime's default seccomp profile,
 * and a non-root user. Images built to run as root (most ML images) still run: the Pod sets the user
 * ({@link #WORKLOAD_UID}) rather than only requiring one, and gives it a writable home directory (an emptyDir) so
 * caches and {@code pip install --user} work. The root filesystem stays writable, as researchers expect.
 */
public final class PodFactory {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "computenet-scheduler";
    public static final String LEASE_LABEL = "computenet.io/lease-id";
    public static final String TENANT_LABEL = "computenet.io/tenant";

    /** User and group the workload runs as, whatever the image's {@code USER} says. */
    public static final long WORKLOAD_UID = 1000;
    /** The workload's writable home directory (an emptyDir). */
    public static final String HOME = "/home/computenet";

    private PodFactory() {
    }

    public static String podName(String leaseId) {
        return "lease-" + leaseId.toLowerCase(Locale.ROOT);
    }

    /** The device plugin's resource name for whole devices of this vendor and model. */
    public static String resourceName(Vendor vendor, String model) {
        return switch (vendor) {
            case NVIDIA -> "nvidia.com/gpu";
            case CAMBRICON -> "cambricon.com/mlu";
            // the Ascend device plugin names its resource per chip family: Ascend910B3 -> huawei.com/Ascend910B3,
            // Ascend310P3 -> huawei.com/Ascend310P
            case HUAWEI_ASCEND -> "huawei.com/" + (model.startsWith("Ascend310P") ? "Ascend310P" : model);
        };
    }

    /**
     * The extended resources the Pod asks for: whole devices by the vendor's device-plugin name, or one slice:
     * <ul>
     *   <li>MIG (NVIDIA GPU Operator, mixed strategy) and Cambricon MIM: one of the profile's resource, e.g.
     *   {@code nvidia.com/mig-3g.40gb}.</li>
     *   <li>vNPU: {@code huawei.com/npu-core} = the template's AI cores (Ascend dynamic virtualisation through
     *   Volcano); the template name also goes to {@code ASCEND_VNPU_SPECS}.</li>
     *   <li>sMLU (Cambricon device plugin in dynamic-smlu mode): {@code cambricon.com/vmlu} 1,
     *   {@code cambricon.com/mlu.smlu.vmemory} in 256 MiB units and {@code cambricon.com/mlu.smlu.vcore} percent.</li>
     *   <li>Soft shares (HAMi): one device by the vendor's name, plus its memory resource in MiB as the node agent
     *   reported it ({@code nvidia.com/gpumem}, {@code huawei.com/Ascend910B3-memory}) and, on NVIDIA,
     *   {@code nvidia.com/gpucores} percent.</li>
     * </ul>
     */
    public static Map<String, Quantity> resources(WorkloadSpec spec) {
        String device = resourceName(spec.vendor(), spec.deviceModel());
        WorkloadSpec.Slice slice = spec.slice();
        Map<String, Quantity> resources = new java.util.TreeMap<>();
        if (slice == null) {
            resources.put(device, new Quantity(String.valueOf(spec.deviceCount())));
            return resources;
        }
        switch (slice.mode()) {
            case MIG -> resources.put(slice.resource(), new Quantity("1"));
            case VNPU -> resources.put("huawei.com/npu-core", new Quantity(String.valueOf(slice.compute())));
            case SMLU -> {
                resources.put("cambricon.com/vmlu", new Quantity("1"));
                resources.put("cambricon.com/mlu.smlu.vmemory", new Quantity(String.valueOf(
                        (slice.memoryMiB() + SMLU_UNIT_MIB - 1) / SMLU_UNIT_MIB)));
                resources.put("cambricon.com/mlu.smlu.vcore", new Quantity(String.valueOf(slice.compute())));
            }
            case SOFT -> {
                resources.put(device, new Quantity("1"));
                resources.put(slice.resource(), new Quantity(String.valueOf(slice.memoryMiB())));
                if (spec.vendor() == Vendor.NVIDIA) {
                    resources.put("nvidia.com/gpucores", new Quantity(String.valueOf(slice.compute())));
                }
            }
            default -> throw new IllegalArgumentException("a lease cannot hold a slice in mode " + slice.mode());
        }
        return resources;
    }

    private static final long SMLU_UNIT_MIB = 256;

    public static Pod desired(WorkloadSpec spec) {
        return spec.serving() == null ? workload(spec) : ServingPods.replica(workload(spec), spec);
    }

    private static Pod workload(WorkloadSpec spec) {
        Map<String, Quantity> resources = resources(spec);
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVar("COMPUTENET_LEASE_ID", spec.leaseId(), null),
                new EnvVar("COMPUTENET_DEVICE_VENDOR", spec.vendor().name(), null),
                new EnvVar("COMPUTENET_DEVICE_MODEL", spec.deviceModel(), null),
                new EnvVar("COMPUTENET_DEVICE_COUNT", String.valueOf(spec.deviceCount()), null),
                new EnvVar("COMPUTENET_MEMORY_LIMIT_MIB", String.valueOf(spec.memoryMiBPerDevice()), null),
                new EnvVar("COMPUTENET_DEVICE_KEYS", String.join(",", spec.deviceKeys()), null)));
        WorkloadSpec.Slice slice = spec.slice();
        if (slice != null) {
            env.add(new EnvVar("COMPUTENET_SLICE_KIND", slice.mode().name(), null));
            if (slice.profile() != null) {
                env.add(new EnvVar("COMPUTENET_SLICE_PROFILE", slice.profile(), null));
            }
            env.add(new EnvVar("COMPUTENET_SLICE_MEMORY_MIB", String.valueOf(slice.memoryMiB()), null));
            if (slice.mode() == io.computenet.placement.slices.DeviceMode.SOFT
                    || slice.mode() == io.computenet.placement.slices.DeviceMode.SMLU) {
                env.add(new EnvVar("COMPUTENET_COMPUTE_PCT", String.valueOf(slice.compute()), null));
            }
            if (slice.mode() == io.computenet.placement.slices.DeviceMode.VNPU) {
                env.add(new EnvVar("ASCEND_VNPU_SPECS", slice.profile(), null));
            }
        }
        env.add(new EnvVar("HOME", HOME, null));
        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName(spec.leaseId()))
                    .withNamespace(spec.namespace())
                    .withLabels(Map.of(MANAGED_BY_LABEL, MANAGED_BY, LEASE_LABEL, spec.leaseId().toLowerCase(Locale.ROOT),
                            TENANT_LABEL, labelSafe(spec.tenantId())))
                    .withAnnotations(Map.of("computenet.io/device-keys", String.join(",", spec.deviceKeys())))
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withAffinity(pinnedTo(spec.nodeName()))
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(WORKLOAD_UID)
                        .withRunAsGroup(WORKLOAD_UID)
                        .withFsGroup(WORKLOAD_UID)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .addNewVolume().withName("home").withNewEmptyDir().endEmptyDir().endVolume()
                    .addNewContainer()
                        .withName("workload")
                        .withImage(spec.image())
                        .withCommand(spec.command().isEmpty() ? null : spec.command())
                        .withEnv(env)
                        .withNewResources()
                            .withLimits(resources)
                            .withRequests(resources)
                        .endResources()
                        .withNewSecurityContext()
                            .withAllowPrivilegeEscalation(false)
                            .withPrivileged(false)
                            .withRunAsNonRoot(true)
                            .withNewCapabilities().withDrop("ALL").endCapabilities()
                            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .endSecurityContext()
                        .addNewVolumeMount().withName("home").withMountPath(HOME).endVolumeMount()
                    .endContainer()
                .endSpec()
                .build();
    }

    /**
     * Pins the Pod to one Node by its name ({@code metadata.name}, as the DaemonSet controller does), not by the
     * {@code kubernetes.io/hostname} label, which a kubelet started with {@code --hostname-override} sets differently.
     * Unlike {@code spec.nodeName} this keeps the Kubernetes scheduler (and Volcano for vNPU) in the path, so device
     * plugin resources are still checked before the Pod is bound.
     */
    private static Affinity pinnedTo(String nodeName) {
        return new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchField().withKey("metadata.name").withOperator("In")
                .withValues(nodeName).endMatchField().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
    }

    /** Label values allow [A-Za-z0-9._-], at most 63 characters. */
    static String labelSafe(String value) {
        String s = value.replaceAll("[^A-Za-z0-9._-]", "_");
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
