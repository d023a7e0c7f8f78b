package io.computenet.placement.slices;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Device shapes for tests, with the profile tables the node agent's {@code SliceCatalog} attaches (MIG memory from
 * {@code nvidia-smi mig -lgip}, GiB x 1024 rounded half-up; vNPU maxInstances = min(cores, memory) as the catalog
 * computes them; SMLU/SOFT share limit 10).
 */
public final class Devices {

    static final int SHARE_LIMIT = 10;

    private Devices() {
    }

    static SliceProfile mig(String name, String gib, int sms, int max) {
        long mib = new BigDecimal(gib).multiply(BigDecimal.valueOf(1024)).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        return new SliceProfile(SliceKind.MIG, name, mib, sms, max, "nvidia.com/mig-" + name);
    }

    static SliceProfile soft(String resource) {
        return new SliceProfile(SliceKind.SOFT, "soft", 1, 1, SHARE_LIMIT, resource);
    }

    static SliceProfile smlu() {
        return new SliceProfile(SliceKind.SMLU, "smlu", 256, 1, SHARE_LIMIT, "cambricon.com/mlu.smlu.vmemory");
    }

    static SliceProfile vnpu(String name, long mib, int cores, int max, String resource) {
        return new SliceProfile(SliceKind.VNPU, name, mib, cores, max, resource);
    }

    static List<SliceProfile> withSoft(List<SliceProfile> fixed, String softResource) {
        List<SliceProfile> all = new ArrayList<>(fixed);
        all.add(soft(softResource));
        return all;
    }

    static final List<SliceProfile> A100_80GB_MIG = List.of(
            mig("1g.10gb", "9.50", 14, 7),
            mig("1g.10gb+me", "9.50", 14, 1),
            mig("1g.20gb", "19.50", 14, 4),
            mig("2g.20gb", "19.50", 28, 3),
            mig("3g.40gb", "39.25", 42, 2),
            mig("4g.40gb", "39.25", 56, 1),
            mig("7g.80gb", "79.00", 98, 1));

    static final List<SliceProfile> H100_80GB_MIG = List.of(
            mig("1g.10gb", "9.75", 16, 7),
            mig("1g.10gb+me", "9.75", 16, 1),
            mig("1g.20gb", "19.62", 26, 4),
            mig("2g.20gb", "19.62", 32, 3),
            mig("3g.40gb", "39.50", 60, 2),
            mig("4g.40gb", "39.50", 64, 1),
            mig("7g.80gb", "79.25", 132, 1));

    static final List<SliceProfile> H100_PCIE_MIG = List.of(
            mig("1g.10gb", "9.75", 14, 7),
            mig("1g.10gb+me", "9.75", 14, 1),
            mig("1g.20gb", "19.62", 14, 4),
            mig("2g.20gb", "19.62", 30, 3),
            mig("3g.40gb", "39.50", 46, 2),
            mig("4g.40gb", "39.50", 62, 1),
            mig("7g.80gb", "79.25", 114, 1));

    static final List<SliceProfile> H200_MIG = List.of(
            mig("1g.18gb", "16.00", 16, 7),
            mig("1g.18gb+me", "16.00", 16, 1),
            mig("1g.35gb", "32.50", 26, 4),
            mig("2g.35gb", "32.50", 32, 3),
            mig("3g.71gb", "65.00", 60, 2),
            mig("4g.71gb", "65.00", 64, 1),
            mig("7g.141gb", "140.00", 132, 1));

    /** A100 40GB names from NVIDIA's MIG user guide (1g.10gb here is the 2-slot 1g profile); memory approximate. */
    static final List<SliceProfile> A100_40GB_MIG = List.of(
            mig("1g.5gb", "4.75", 14, 7),
            mig("1g.5gb+me", "4.75", 14, 1),
            mig("1g.10gb", "9.62", 14, 4),
            mig("2g.10gb", "9.62", 28, 3),
            mig("3g.20gb", "19.62", 42, 2),
            mig("4g.20gb", "19.62", 56, 1),
            mig("7g.40gb", "39.50", 98, 1));

    /** A30: 4 memory slots, no 7g profile; not the 8-slot model, so counted. Memory approximate. */
    static final List<SliceProfile> A30_MIG = List.of(
            mig("1g.6gb", "5.81", 14, 4),
            mig("2g.12gb", "11.81", 28, 2),
            mig("4g.24gb", "23.69", 56, 1));

    public static DeviceShape h100() {
        return DeviceShape.of(Vendor.NVIDIA, "H100 80GB HBM3", 81559, DeviceShape.PERCENT,
                withSoft(H100_80GB_MIG, "nvidia.com/gpumem"));
    }

    public static DeviceShape h100Pcie() {
        return DeviceShape.of(Vendor.NVIDIA, "H100 PCIe", 81559, DeviceShape.PERCENT,
                withSoft(H100_PCIE_MIG, "nvidia.com/gpumem"));
    }

    public static DeviceShape a100() {
        return DeviceShape.of(Vendor.NVIDIA, "A100-SXM4-80GB", 81920, DeviceShape.PERCENT,
                withSoft(A100_80GB_MIG, "nvidia.com/gpumem"));
    }

    public static DeviceShape a100x40() {
        return DeviceShape.of(Vendor.NVIDIA, "A100-SXM4-40GB", 40960, DeviceShape.PERCENT,
                withSoft(A100_40GB_MIG, "nvidia.com/gpumem"));
    }

    public static DeviceShape h200() {
        return DeviceShape.of(Vendor.NVIDIA, "H200", 143771, DeviceShape.PERCENT,
                withSoft(H200_MIG, "nvidia.com/gpumem"));
    }

    public static DeviceShape a30() {
        return DeviceShape.of(Vendor.NVIDIA, "A30", 24576, DeviceShape.PERCENT,
                withSoft(A30_MIG, "nvidia.com/gpumem"));
    }

    public static DeviceShape rtx4090() {
        return DeviceShape.of(Vendor.NVIDIA, "GeForce RTX 4090", 24564, DeviceShape.PERCENT,
                List.of(soft("nvidia.com/gpumem")));
    }

    public static DeviceShape mlu370x4() {
        return DeviceShape.of(Vendor.CAMBRICON, "MLU370-X4", 23308, DeviceShape.PERCENT, List.of(
                new SliceProfile(SliceKind.MIG, "mim-2m.8gb", 8192, 2, 2, "cambricon.com/mlu370.mim-2m.8gb"),
                smlu(),
                soft("cambricon.com/mlumem")));
    }

    public static DeviceShape mlu590() {
        return DeviceShape.of(Vendor.CAMBRICON, "MLU590", 65536, DeviceShape.PERCENT,
                List.of(smlu(), soft("cambricon.com/mlumem")));
    }

    static List<SliceProfile> templates910B3(String resource) {
        return List.of(
                vnpu("vir05_1c_16g", 16384, 5, 4, resource),
                vnpu("vir10_3c_32g", 32768, 10, 2, resource));
    }

    static DeviceInfo ascendInfo(String model, long memoryMiB, List<SliceProfile> templates) {
        return info(Vendor.HUAWEI_ASCEND, model, memoryMiB,
                withSoft(templates, "huawei.com/" + model + "-memory"));
    }

    static DeviceInfo info(Vendor vendor, String model, long memoryMiB, List<SliceProfile> profiles) {
        return new DeviceInfo(vendor, model, null, null, 0, null, null, memoryMiB, null, null, null, null,
                DeviceHealth.OK, null, null, null, null, profiles);
    }

    public static DeviceShape ascend910B3() {
        return DeviceShape.fromInventory(ascendInfo("Ascend910B3", 65536, templates910B3("huawei.com/Ascend910B3")));
    }

    public static DeviceShape ascend910B4dash1() {
        return DeviceShape.fromInventory(ascendInfo("Ascend910B4-1", 65536,
                templates910B3("huawei.com/Ascend910B4-1")));
    }

    public static DeviceShape ascend910B2() {
        String r = "huawei.com/Ascend910B2";
        return DeviceShape.fromInventory(ascendInfo("Ascend910B2", 65536, List.of(
                vnpu("vir03_1c_8g", 8192, 3, 8, r),
                vnpu("vir06_1c_16g", 16384, 6, 4, r),
                vnpu("vir12_3c_32g", 32768, 12, 2, r))));
    }

    public static DeviceShape ascend910B4() {
        String r = "huawei.com/Ascend910B4";
        return DeviceShape.fromInventory(ascendInfo("Ascend910B4", 32768, List.of(
                vnpu("vir05_1c_8g", 8192, 5, 4, r),
                vnpu("vir10_3c_16g", 16384, 10, 2, r))));
    }

    /** 310P3 with the limits the chip allows (8 cores, 24 GB nominal): vir01 x8, vir02 x4, vir04 x2. */
    public static DeviceShape ascend310P3() {
        return DeviceShape.fromInventory(ascendInfo("Ascend310P3", 21527, templates310P(8, 4, 2)));
    }

    /**
     * 310P3 with the limits today's node-agent catalog attaches: it divides the 21527 MB usable memory, giving
     * vir01 x7, vir02 x3, vir04 x1.
     */
    public static DeviceShape ascend310P3AsCatalogued() {
        return DeviceShape.fromInventory(ascendInfo("Ascend310P3", 21527, templates310P(7, 3, 1)));
    }

    static List<SliceProfile> templates310P(int max01, int max02, int max04) {
        String r = "huawei.com/Ascend310P";
        return List.of(
                vnpu("vir01", 3072, 1, max01, r),
                vnpu("vir02", 6144, 2, max02, r),
                vnpu("vir04", 12288, 4, max04, r));
    }

    /** Every shape above, for property tests. */
    static List<DeviceShape> all() {
        return List.of(h100(), h100Pcie(), a100(), a100x40(), h200(), a30(), rtx4090(), mlu370x4(), mlu590(),
                ascend910B2(), ascend910B3(), ascend910B4dash1(), ascend910B4(), ascend310P3(),
                ascend310P3AsCatalogued());
    }
}
