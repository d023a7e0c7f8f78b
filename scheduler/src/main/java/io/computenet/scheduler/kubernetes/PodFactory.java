package io.computenet.scheduler.kubernetes;

import io.computenet.contracts.inventory.Vendor;
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
 * the device plugin of the node's vendor for whole devices by its extended resource name, is pinned to the placed
 * node, and tells the workload its limits through the environment.
 */
public final class PodFactory {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "computenet-scheduler";
    public static final String LEASE_LABEL = "computenet.io/lease-id";
    public static final String TENANT_LABEL = "computenet.io/tenant";

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

    public static Pod desired(WorkloadSpec spec) {
        String resource = resourceName(spec.vendor(), spec.deviceModel());
        Quantity count = new Quantity(String.valueOf(spec.deviceCount()));
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVar("COMPUTENET_LEASE_ID", spec.leaseId(), null),
                new EnvVar("COMPUTENET_DEVICE_VENDOR", spec.vendor().name(), null),
                new EnvVar("COMPUTENET_DEVICE_MODEL", spec.deviceModel(), null),
                new EnvVar("COMPUTENET_DEVICE_COUNT", String.valueOf(spec.deviceCount()), null),
                new EnvVar("COMPUTENET_MEMORY_LIMIT_MIB", String.valueOf(spec.memoryMiBPerDevice()), null),
                new EnvVar("COMPUTENET_DEVICE_KEYS", String.join(",", spec.deviceKeys()), null)));
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
                    .withNodeSelector(Map.of("kubernetes.io/hostname", spec.nodeHostname()))
                    .addNewContainer()
                        .withName("workload")
                        .withImage(spec.image())
                        .withCommand(spec.command().isEmpty() ? null : spec.command())
                        .withEnv(env)
                        .withNewResources()
                            .withLimits(Map.of(resource, count))
                            .withRequests(Map.of(resource, count))
                        .endResources()
                    .endContainer()
                .endSpec()
                .build();
    }

    /** Label values allow [A-Za-z0-9._-], at most 63 characters. */
    static String labelSafe(String value) {
        String s = value.replaceAll("[^A-Za-z0-9._-]", "_");
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
