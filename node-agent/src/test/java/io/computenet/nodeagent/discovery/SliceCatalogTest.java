package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SliceCatalogTest {

    private final SliceCatalog catalog = new SliceCatalog();

    @Test
    void listsTheH100MigProfilesWithTheirInstanceLimits() {
        // given / when
        List<SliceProfile> profiles = catalog.profilesFor(Vendor.NVIDIA, "H100 80GB HBM3");

        // then
        assertThat(profiles).filteredOn(p -> p.kind() == SliceKind.MIG)
                .extracting(SliceProfile::name, SliceProfile::maxInstances, SliceProfile::resourceName)
                .containsExactly(
                        tuple("1g.10gb", 7, "nvidia.com/mig-1g.10gb"),
                        tuple("1g.10gb+me", 1, "nvidia.com/mig-1g.10gb+me"),
                        tuple("1g.20gb", 4, "nvidia.com/mig-1g.20gb"),
                        tuple("2g.20gb", 3, "nvidia.com/mig-2g.20gb"),
                        tuple("3g.40gb", 2, "nvidia.com/mig-3g.40gb"),
                        tuple("4g.40gb", 1, "nvidia.com/mig-4g.40gb"),
                        tuple("7g.80gb", 1, "nvidia.com/mig-7g.80gb"));
    }

    @Test
    void agreesWithWhatAnH100ReportsThroughMigLgip() {
        // given
        List<SliceProfile> reported = new MigProfileParser()
                .parse(Fixtures.read("nvidia-smi/synthetic-mig-lgip-h100-full-table.txt")).get(0);

        // when
        List<SliceProfile> fromCatalog = catalog.profilesFor(Vendor.NVIDIA, "H100 80GB HBM3");

        // then
        assertThat(fromCatalog).filteredOn(p -> p.kind() == SliceKind.MIG).containsExactlyElementsOf(reported);
    }

    @Test
    void agreesWithWhatAnA100ReportsThroughMigLgip() {
        // given
        List<SliceProfile> reported = new MigProfileParser()
                .parse(Fixtures.read("nvidia-smi/mig-lgip-a100-80gb.txt")).get(7);

        // when
        List<SliceProfile> fromCatalog = catalog.profilesFor(Vendor.NVIDIA, "A100-SXM4-80GB");

        // then
        assertThat(fromCatalog).filteredOn(p -> p.kind() == SliceKind.MIG).containsExactlyElementsOf(reported);
    }

    @ParameterizedTest
    @CsvSource({
            "A100-SXM4-80GB, 1g.10gb, 7g.80gb, 98",
            "A100 80GB PCIe, 1g.10gb, 7g.80gb, 98",
            "H100 80GB HBM3, 1g.10gb, 7g.80gb, 132",
            "H100 PCIe, 1g.10gb, 7g.80gb, 114",
            "H200, 1g.18gb, 7g.141gb, 132",
            "H200 NVL, 1g.18gb, 7g.141gb, 132"})
    void hasMigTablesForMigCapableGpus(String model, String smallest, String largest, int fullSms) {
        // given / when
        List<SliceProfile> mig = catalog.profilesFor(Vendor.NVIDIA, model).stream()
                .filter(p -> p.kind() == SliceKind.MIG).toList();

        // then
        assertThat(mig).hasSize(7);
        assertThat(mig.get(0).name()).isEqualTo(smallest);
        assertThat(mig.get(6)).extracting(SliceProfile::name, SliceProfile::computeUnits, SliceProfile::maxInstances)
                .containsExactly(largest, fullSms, 1);
    }

    @Test
    void listsTheH200ProfileNames() {
        // given / when
        List<SliceProfile> profiles = catalog.profilesFor(Vendor.NVIDIA, "H200");

        // then
        assertThat(profiles).filteredOn(p -> p.kind() == SliceKind.MIG)
                .extracting(SliceProfile::name, SliceProfile::maxInstances)
                .containsExactly(tuple("1g.18gb", 7), tuple("1g.18gb+me", 1), tuple("1g.35gb", 4),
                        tuple("2g.35gb", 3), tuple("3g.71gb", 2), tuple("4g.71gb", 1), tuple("7g.141gb", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Ascend910B3   | vir05_1c_16g:16384:5:4, vir10_3c_32g:32768:10:2            | huawei.com/Ascend910B3
            Ascend910B4-1 | vir05_1c_16g:16384:5:4, vir10_3c_32g:32768:10:2            | huawei.com/Ascend910B4-1
            Ascend910C    | vir05_1c_16g:16384:5:4, vir10_3c_32g:32768:10:2            | huawei.com/Ascend910C
            Ascend910B2   | vir03_1c_8g:8192:3:8, vir06_1c_16g:16384:6:4, vir12_3c_32g:32768:12:2 | huawei.com/Ascend910B2
            Ascend910B4   | vir05_1c_8g:8192:5:4, vir10_3c_16g:16384:10:2              | huawei.com/Ascend910B4
            Ascend310P3   | vir01:3072:1:7, vir02:6144:2:3, vir04:12288:4:1            | huawei.com/Ascend310P
            """)
    void listsTheVnpuTemplatesOfEachAscendModel(String model, String templates, String resourceName) {
        // given / when
        List<SliceProfile> vnpu = catalog.profilesFor(Vendor.HUAWEI_ASCEND, model).stream()
                .filter(p -> p.kind() == SliceKind.VNPU).toList();

        // then
        assertThat(vnpu)
                .extracting(p -> p.name() + ":" + p.memoryMiB() + ":" + p.computeUnits() + ":" + p.maxInstances())
                .containsExactly(templates.split(",\\s*"));
        assertThat(vnpu).extracting(SliceProfile::resourceName).containsOnly(resourceName);
    }

    @Test
    void describesCambriconSmluInUnitsOf256MiBAndMimForMlu370() {
        // given / when
        List<SliceProfile> mlu370 = catalog.profilesFor(Vendor.CAMBRICON, "MLU370-X8");
        List<SliceProfile> mlu590 = catalog.profilesFor(Vendor.CAMBRICON, "MLU590-H8");

        // then
        assertThat(mlu370).extracting(SliceProfile::kind, SliceProfile::name, SliceProfile::memoryMiB,
                        SliceProfile::resourceName)
                .containsExactly(
                        tuple(SliceKind.MIG, "mim-2m.8gb", 8192L, "cambricon.com/mlu370.mim-2m.8gb"),
                        tuple(SliceKind.SMLU, "smlu", 256L, "cambricon.com/mlu.smlu.vmemory"),
                        tuple(SliceKind.SOFT, "soft", 1L, "cambricon.com/mlumem"));
        assertThat(mlu590).extracting(SliceProfile::kind).containsExactly(SliceKind.SMLU, SliceKind.SOFT);
    }

    @ParameterizedTest
    @CsvSource({
            "NVIDIA, H100 80GB HBM3, nvidia.com/gpumem",
            "NVIDIA, GeForce RTX 4090, nvidia.com/gpumem",
            "NVIDIA, V100-SXM2-32GB, nvidia.com/gpumem",
            "HUAWEI_ASCEND, Ascend910B3, huawei.com/Ascend910B3-memory",
            "HUAWEI_ASCEND, Ascend310P3, huawei.com/Ascend310P-memory",
            "HUAWEI_ASCEND, Ascend910ProB, huawei.com/Ascend910ProB-memory",
            "CAMBRICON, MLU370-X4, cambricon.com/mlumem",
            "CAMBRICON, MLU290-M5, cambricon.com/mlumem"})
    void offersSoftSlicingForEveryDevice(Vendor vendor, String model, String resourceName) {
        // given / when
        List<SliceProfile> profiles = catalog.profilesFor(vendor, model);

        // then
        assertThat(profiles).last().satisfies(soft -> {
            assertThat(soft.kind()).isEqualTo(SliceKind.SOFT);
            assertThat(soft.memoryMiB()).isEqualTo(1);
            assertThat(soft.computeUnits()).isEqualTo(1);
            assertThat(soft.maxInstances()).isEqualTo(SliceCatalog.DEFAULT_SHARE_LIMIT);
            assertThat(soft.resourceName()).isEqualTo(resourceName);
        });
    }

    @Test
    void offersOnlySoftSlicingForGpusWithoutMig() {
        // given / when
        List<SliceProfile> profiles = catalog.profilesFor(Vendor.NVIDIA, "GeForce RTX 4090");

        // then
        assertThat(profiles).extracting(SliceProfile::kind).containsExactly(SliceKind.SOFT);
    }

    @Test
    void replacesCatalogMigProfilesWithReportedOnes() {
        // given
        List<SliceProfile> reported = List.of(
                new SliceProfile(SliceKind.MIG, "3g.40gb", 40192, 42, 2, "nvidia.com/mig-3g.40gb"));

        // when
        List<SliceProfile> profiles = catalog.profilesFor(Vendor.NVIDIA, "A100-SXM4-80GB", reported);

        // then
        assertThat(profiles).extracting(SliceProfile::kind, SliceProfile::name)
                .containsExactly(tuple(SliceKind.MIG, "3g.40gb"), tuple(SliceKind.SOFT, "soft"));
    }

    @Test
    void usesTheConfiguredShareLimitForUnitProfiles() {
        // given
        SliceCatalog four = new SliceCatalog(4);

        // when
        List<SliceProfile> profiles = four.profilesFor(Vendor.CAMBRICON, "MLU370-X8");

        // then
        assertThat(profiles).filteredOn(p -> p.kind() == SliceKind.SMLU || p.kind() == SliceKind.SOFT)
                .extracting(SliceProfile::maxInstances).containsOnly(4);
    }

    @Test
    void rejectsAShareLimitBelowOne() {
        // given / when / then
        assertThatThrownBy(() -> new SliceCatalog(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
