package io.computenet.scheduler.identity;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceClaimsTest {

    private static final Map<String, EnrolledDevice> ENROLLED = Map.of(
            "GPU-1", new EnrolledDevice("GPU-1", "NVIDIA", "GeForce RTX 4090", 24564L),
            "GPU-2", new EnrolledDevice("GPU-2", "NVIDIA", "GeForce RTX 4090", 24564L));

    private static DeviceInfo reported(String key, Vendor vendor, String model, long memoryMiB) {
        return new DeviceInfo(vendor, model, key, null, 0, null, "0000:18:00.0", memoryMiB, 1024L, 12.0, 40.0, 70.0,
                DeviceHealth.OK, "550", null, "CUDA", "12.4", List.of());
    }

    @Test
    void devicesReportedAsEnrolledAreNoChangeWhateverTheirUsage() {
        // given
        List<DeviceInfo> same = List.of(reported("GPU-1", Vendor.NVIDIA, "GeForce RTX 4090", 24564),
                reported("GPU-2", Vendor.NVIDIA, "GeForce RTX 4090", 24564));

        // when / then
        assertThat(DeviceClaims.changes(ENROLLED, same)).isEmpty();
    }

    @Test
    void anRtx4090ReReportedAsAnH100IsAChangeNamingBothClaims() {
        // given
        List<DeviceInfo> lie = List.of(reported("GPU-1", Vendor.NVIDIA, "GeForce RTX 4090", 24564),
                reported("GPU-2", Vendor.NVIDIA, "H100 80GB HBM3", 81559));

        // when
        List<DeviceClaims.Change> changes = DeviceClaims.changes(ENROLLED, lie);

        // then
        assertThat(changes).containsExactly(new DeviceClaims.Change("GPU-2", "NVIDIA", "GeForce RTX 4090", 24564L,
                "NVIDIA", "H100 80GB HBM3", 81559));
        assertThat(changes.get(0).describe())
                .isEqualTo("GPU-2: enrolled NVIDIA GeForce RTX 4090 24564 MiB, reported NVIDIA H100 80GB HBM3 81559 MiB");
    }

    @ParameterizedTest(name = "{0} {1} {2} MiB")
    @CsvSource({
            "NVIDIA, GeForce RTX 4090, 49128",  // memory doubled
            "NVIDIA, GeForce RTX 4090D, 24564", // another model
            "HUAWEI_ASCEND, GeForce RTX 4090, 24564", // another vendor
    })
    void anyChangeOfVendorModelOrMemoryIsAChange(Vendor vendor, String model, long memoryMiB) {
        assertThat(DeviceClaims.changes(ENROLLED, List.of(reported("GPU-1", vendor, model, memoryMiB))))
                .singleElement().extracting(DeviceClaims.Change::reportedMemoryMiB).isEqualTo(memoryMiB);
    }

    @Test
    void aDeviceEnrolledWithoutMemoryIsHeldToItsVendorAndModelOnly() {
        // given: enrolled before memory was recorded
        Map<String, EnrolledDevice> old = Map.of("GPU-1", new EnrolledDevice("GPU-1", "NVIDIA", "A100", null));

        // when / then
        assertThat(DeviceClaims.changes(old, List.of(reported("GPU-1", Vendor.NVIDIA, "A100", 81920)))).isEmpty();
        assertThat(DeviceClaims.changes(old, List.of(reported("GPU-1", Vendor.NVIDIA, "H100", 81920)))).hasSize(1);
    }

    @Test
    void devicesNeverEnrolledAreLeftToTheRecordCheck() {
        assertThat(DeviceClaims.changes(ENROLLED, List.of(reported("GPU-9", Vendor.NVIDIA, "H100", 81559))))
                .isEmpty();
    }
}
