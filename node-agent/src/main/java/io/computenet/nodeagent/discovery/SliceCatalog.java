package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Knows which slice profiles a device model supports, so a node agent can advertise them next to the device.
 *
 * <ul>
 *   <li><b>MIG</b> (NVIDIA A100 80GB, H100 80GB, H100 PCIe, H200): the GPU instance profiles with memory in MiB,
 *       the SM count as {@code computeUnits}, the most instances of that profile as {@code maxInstances}, and
 *       resource names {@code nvidia.com/mig-<profile>}. When {@code nvidia-smi mig -lgip} output is available,
 *       its profiles replace the catalog's (see {@link #profilesFor(Vendor, String, List)}).</li>
 *   <li><b>VNPU</b> (Ascend 910B2/B3/B4/B4-1, 910C, 310P3): the static vNPU templates, AI cores as
 *       {@code computeUnits}, and {@code maxInstances} = the fewest of (AI cores / template cores) and
 *       (memory / template memory); resource name {@code huawei.com/Ascend910B3}-style
 *       ({@code huawei.com/Ascend310P} for 310P3).</li>
 *   <li><b>SMLU</b> (every Cambricon MLU): one unit profile: memory is handed out in 256 MiB units and compute
 *       in 1 % steps; resource {@code cambricon.com/mlu.smlu.vmemory}.</li>
 *   <li><b>MIM</b> (Cambricon MLU370 family): the fixed partition {@code mim-2m.8gb}, reported with kind
 *       {@link SliceKind#MIG} because it is a fixed hardware partition like MIG; resource
 *       {@code cambricon.com/mlu370.mim-2m.8gb}.</li>
 *   <li><b>SOFT</b> (every device, any vendor): HAMi-style soft slicing, memory in 1 MiB steps as a hard limit
 *       and compute in 1 % steps as a share.</li>
 * </ul>
 *
 * For unit profiles (SMLU, SOFT) {@code memoryMiB} and {@code computeUnits} are the step sizes and
 * {@code maxInstances} is how many slices may share one device (the share limit, {@value #DEFAULT_SHARE_LIMIT}
 * unless configured). The catalog is pure: it holds no state beyond its tables and the share limit.
 */
public final class SliceCatalog {

    /** Slices that may share one device under SMLU or SOFT slicing unless configured otherwise. */
    public static final int DEFAULT_SHARE_LIMIT = 10;

    /** Memory step of a Cambricon sMLU slice. */
    public static final long SMLU_MEMORY_UNIT_MIB = 256;

    private static final List<MigRow> A100_80GB = List.of(
            new MigRow("1g.10gb", "9.50", 14, 7),
            new MigRow("1g.10gb+me", "9.50", 14, 1),
            new MigRow("1g.20gb", "19.50", 14, 4),
            new MigRow("2g.20gb", "19.50", 28, 3),
            new MigRow("3g.40gb", "39.25", 42, 2),
            new MigRow("4g.40gb", "39.25", 56, 1),
            new MigRow("7g.80gb", "79.00", 98, 1));

    private static final List<MigRow> H100_SXM_80GB = List.of(
            new MigRow("1g.10gb", "9.75", 16, 7),
            new MigRow("1g.10gb+me", "9.75", 16, 1),
            new MigRow("1g.20gb", "19.62", 26, 4),
            new MigRow("2g.20gb", "19.62", 32, 3),
            new MigRow("3g.40gb", "39.50", 60, 2),
            new MigRow("4g.40gb", "39.50", 64, 1),
            new MigRow("7g.80gb", "79.25", 132, 1));

    private static final List<MigRow> H100_PCIE_80GB = List.of(
            new MigRow("1g.10gb", "9.75", 14, 7),
            new MigRow("1g.10gb+me", "9.75", 14, 1),
            new MigRow("1g.20gb", "19.62", 14, 4),
            new MigRow("2g.20gb", "19.62", 30, 3),
            new MigRow("3g.40gb", "39.50", 46, 2),
            new MigRow("4g.40gb", "39.50", 62, 1),
            new MigRow("7g.80gb", "79.25", 114, 1));

    /** H200: 3g/4g.71gb memory is not in the captures at hand; taken as twice 2g.35gb (a lower bound). */
    private static final List<MigRow> H200 = List.of(
            new MigRow("1g.18gb", "16.00", 16, 7),
            new MigRow("1g.18gb+me", "16.00", 16, 1),
            new MigRow("1g.35gb", "32.50", 26, 4),
            new MigRow("2g.35gb", "32.50", 32, 3),
            new MigRow("3g.71gb", "65.00", 60, 2),
            new MigRow("4g.71gb", "65.00", 64, 1),
            new MigRow("7g.141gb", "140.00", 132, 1));

    private static final List<VnpuTemplate> TEMPLATES_910B3 = List.of(
            new VnpuTemplate("vir05_1c_16g", 16384, 5),
            new VnpuTemplate("vir10_3c_32g", 32768, 10));

    private static final Map<String, AscendModel> ASCEND = Map.of(
            "ASCEND910B3", new AscendModel("Ascend910B3", 20, 65536, TEMPLATES_910B3),
            "ASCEND910B4-1", new AscendModel("Ascend910B4-1", 20, 65536, TEMPLATES_910B3),
            "ASCEND910C", new AscendModel("Ascend910C", 20, 65536, TEMPLATES_910B3),
            "ASCEND910B2", new AscendModel("Ascend910B2", 24, 65536, List.of(
                    new VnpuTemplate("vir03_1c_8g", 8192, 3),
                    new VnpuTemplate("vir06_1c_16g", 16384, 6),
                    new VnpuTemplate("vir12_3c_32g", 32768, 12))),
            "ASCEND910B4", new AscendModel("Ascend910B4", 20, 32768, List.of(
                    new VnpuTemplate("vir05_1c_8g", 8192, 5),
                    new VnpuTemplate("vir10_3c_16g", 16384, 10))),
            "ASCEND310P3", new AscendModel("Ascend310P", 8, 21527, List.of(
                    new VnpuTemplate("vir01", 3072, 1),
                    new VnpuTemplate("vir02", 6144, 2),
                    new VnpuTemplate("vir04", 12288, 4))));

    private final int shareLimit;

    /** A catalog with the default share limit of {@value #DEFAULT_SHARE_LIMIT} slices per device. */
    public SliceCatalog() {
        this(DEFAULT_SHARE_LIMIT);
    }

    /** A catalog whose unit profiles (SMLU, SOFT) allow {@code shareLimit} slices per device. */
    public SliceCatalog(int shareLimit) {
        if (shareLimit < 1) {
            throw new IllegalArgumentException("shareLimit must be at least 1, was " + shareLimit);
        }
        this.shareLimit = shareLimit;
    }

    /** The slice profiles a device of this vendor and normalised model supports; SOFT always comes last. */
    public List<SliceProfile> profilesFor(Vendor vendor, String model) {
        return profilesFor(vendor, model, null);
    }

    /**
     * Like {@link #profilesFor(Vendor, String)}, but MIG profiles reported by the device itself
     * ({@code nvidia-smi mig -lgip}) replace the catalog's MIG table; null means "not reported".
     */
    public List<SliceProfile> profilesFor(Vendor vendor, String model, List<SliceProfile> reportedMigProfiles) {
        if (vendor == null) {
            throw new IllegalArgumentException("vendor is required");
        }
        String key = model == null ? "" : model.strip().toUpperCase(Locale.ROOT);
        List<SliceProfile> profiles = new ArrayList<>();
        switch (vendor) {
            case NVIDIA -> {
                if (reportedMigProfiles != null) {
                    profiles.addAll(reportedMigProfiles);
                } else {
                    nvidiaMigTable(key).forEach(row -> profiles.add(row.toProfile()));
                }
            }
            case HUAWEI_ASCEND -> {
                AscendModel ascend = ASCEND.get(key);
                if (ascend != null) {
                    profiles.addAll(ascend.profiles());
                }
            }
            case CAMBRICON -> {
                if (key.startsWith("MLU370")) {
                    profiles.add(new SliceProfile(SliceKind.MIG, "mim-2m.8gb", 8192, 2, 2,
                            "cambricon.com/mlu370.mim-2m.8gb"));
                }
                profiles.add(new SliceProfile(SliceKind.SMLU, "smlu", SMLU_MEMORY_UNIT_MIB, 1, shareLimit,
                        "cambricon.com/mlu.smlu.vmemory"));
            }
        }
        profiles.add(new SliceProfile(SliceKind.SOFT, "soft", 1, 1, shareLimit, softResourceName(vendor, key, model)));
        return List.copyOf(profiles);
    }

    private static List<MigRow> nvidiaMigTable(String key) {
        if (key.startsWith("H200")) {
            return H200;
        }
        if (key.contains("H100") && key.contains("PCIE")) {
            return H100_PCIE_80GB;
        }
        if (key.contains("H100") && key.contains("80GB")) {
            return H100_SXM_80GB;
        }
        if (key.contains("A100") && key.contains("80GB")) {
            return A100_80GB;
        }
        return List.of();
    }

    private static String softResourceName(Vendor vendor, String key, String model) {
        return switch (vendor) {
            case NVIDIA -> "nvidia.com/gpumem";
            case HUAWEI_ASCEND -> {
                AscendModel ascend = ASCEND.get(key);
                String base = ascend != null ? ascend.resourceBase() : (model == null ? "" : model.strip());
                yield "huawei.com/" + base + "-memory";
            }
            case CAMBRICON -> "cambricon.com/mlumem";
        };
    }

    /** The Kubernetes resource name of a MIG profile, e.g. {@code nvidia.com/mig-1g.10gb}. */
    static String migResourceName(String profileName) {
        return "nvidia.com/mig-" + profileName;
    }

    private record MigRow(String name, String memoryGiB, int streamingMultiprocessors, int maxInstances) {
        SliceProfile toProfile() {
            long mib = new BigDecimal(memoryGiB).multiply(BigDecimal.valueOf(1024))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
            return new SliceProfile(SliceKind.MIG, name, mib, streamingMultiprocessors, maxInstances,
                    migResourceName(name));
        }
    }

    private record VnpuTemplate(String name, long memoryMiB, int aiCores) {
    }

    private record AscendModel(String resourceBase, int aiCores, long memoryMiB, List<VnpuTemplate> templates) {
        List<SliceProfile> profiles() {
            List<SliceProfile> result = new ArrayList<>();
            for (VnpuTemplate t : templates) {
                int byCores = aiCores / t.aiCores();
                int byMemory = (int) (memoryMiB / t.memoryMiB());
                result.add(new SliceProfile(SliceKind.VNPU, t.name(), t.memoryMiB(), t.aiCores(),
                        Math.min(byCores, byMemory), "huawei.com/" + resourceBase));
            }
            return result;
        }
    }
}
