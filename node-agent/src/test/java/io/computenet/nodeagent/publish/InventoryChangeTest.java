package io.computenet.nodeagent.publish;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.MigInstance;
import io.computenet.contracts.inventory.MigMode;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryChangeTest {

    private static final SliceProfile MIG_3G = new SliceProfile(SliceKind.MIG, "3g.40gb", 40448, 60, 2,
            "nvidia.com/mig-3g.40gb");
    private static final SliceProfile SOFT = new SliceProfile(SliceKind.SOFT, "soft", 1, 1, 10, "nvidia.com/gpumem");

    private static DeviceInfo gpu(String uuid) {
        return new DeviceInfo(Vendor.NVIDIA, "H100 80GB HBM3", uuid, null, 0, null, "0000:18:00.0", 81559, 1024L,
                12.0, 40.0, 120.0, DeviceHealth.OK, "550.54.15", null, "CUDA", "12.4", List.of(MIG_3G, SOFT));
    }

    private static DeviceInfo with(DeviceInfo d, UnaryOperator<Object[]> edit) {
        Object[] f = {d.vendor(), d.model(), d.uuid(), d.serial(), d.index(), d.chipId(), d.busId(), d.memoryMiB(),
                d.memoryUsedMiB(), d.utilizationPct(), d.temperatureC(), d.powerW(), d.health(), d.driverVersion(),
                d.firmwareVersion(), d.toolkit(), d.toolkitVersion(), d.sliceProfiles()};
        f = edit.apply(f);
        @SuppressWarnings("unchecked")
        List<SliceProfile> slices = (List<SliceProfile>) f[17];
        return new DeviceInfo((Vendor) f[0], (String) f[1], (String) f[2], (String) f[3], (int) f[4],
                (Integer) f[5], (String) f[6], (long) f[7], (Long) f[8], (Double) f[9], (Double) f[10],
                (Double) f[11], (DeviceHealth) f[12], (String) f[13], (String) f[14], (String) f[15],
                (String) f[16], slices);
    }

    private static UnaryOperator<Object[]> set(int field, Object value) {
        return f -> {
            f[field] = value;
            return f;
        };
    }

    static Stream<Arguments> readings() {
        return Stream.of(
                Arguments.of("memory in use", set(8, 70_000L)),
                Arguments.of("utilisation", set(9, 99.0)),
                Arguments.of("temperature", set(10, 81.0)),
                Arguments.of("power", set(11, 690.0)),
                Arguments.of("health", set(12, DeviceHealth.CRITICAL)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readings")
    void aChangedReadingIsNoInventoryChange(String what, UnaryOperator<Object[]> edit) {
        // given
        DeviceInfo before = gpu("GPU-0");

        // when
        InventoryChange change = InventoryChange.between(List.of(before), List.of(with(before, edit)));

        // then
        assertThat(change.any()).as(what).isFalse();
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("total memory", set(7, 40960L)),
                Arguments.of("model", set(1, "H100 PCIe")),
                Arguments.of("bus id", set(6, "0000:2A:00.0")),
                Arguments.of("driver version", set(13, "560.35.03")),
                Arguments.of("toolkit version", set(16, "12.6")),
                Arguments.of("slice table (MIG disabled)", set(17, List.of(SOFT))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aChangedShapeIsAnInventoryChangeOfThatDevice(String what, UnaryOperator<Object[]> edit) {
        // given
        DeviceInfo before = gpu("GPU-0");

        // when
        InventoryChange change = InventoryChange.between(List.of(before), List.of(with(before, edit)));

        // then
        assertThat(change.changed()).as(what).containsExactly("GPU-0");
        assertThat(change.appeared()).isEmpty();
        assertThat(change.gone()).isEmpty();
    }

    @Test
    void aDeviceThatAppearsOrDisappearsIsAnInventoryChange() {
        // given
        List<DeviceInfo> before = List.of(gpu("GPU-0"), gpu("GPU-1"));

        // when
        InventoryChange change = InventoryChange.between(before, List.of(gpu("GPU-1"), gpu("GPU-2")));

        // then
        assertThat(change.any()).isTrue();
        assertThat(change.appeared()).containsExactly("GPU-2");
        assertThat(change.gone()).containsExactly("GPU-0");
        assertThat(change.changed()).isEmpty();
    }

    @Test
    void aChangedMigModeOrGpuInstanceListIsAnInventoryChange() {
        // given
        DeviceInfo enabled = migGpu(MigMode.ENABLED, List.of(new MigInstance(1, "3g.40gb", 9, 4, 4)));

        // when
        InventoryChange disabled = InventoryChange.between(List.of(enabled), List.of(migGpu(MigMode.DISABLED, List.of())));
        InventoryChange anotherInstance = InventoryChange.between(List.of(enabled), List.of(migGpu(MigMode.ENABLED,
                List.of(new MigInstance(1, "3g.40gb", 9, 4, 4), new MigInstance(2, "3g.40gb", 9, 0, 4)))));
        InventoryChange same = InventoryChange.between(List.of(enabled),
                List.of(migGpu(MigMode.ENABLED, List.of(new MigInstance(1, "3g.40gb", 9, 4, 4)))));

        // then
        assertThat(disabled.changed()).containsExactly("GPU-0");
        assertThat(anotherInstance.changed()).containsExactly("GPU-0");
        assertThat(same.any()).isFalse();
    }

    private static DeviceInfo migGpu(MigMode mode, List<MigInstance> instances) {
        DeviceInfo d = gpu("GPU-0");
        return new DeviceInfo(d.vendor(), d.model(), d.uuid(), d.serial(), d.index(), d.chipId(), d.busId(),
                d.memoryMiB(), d.memoryUsedMiB(), d.utilizationPct(), d.temperatureC(), d.powerW(), d.health(),
                d.driverVersion(), d.firmwareVersion(), d.toolkit(), d.toolkitVersion(), d.sliceProfiles(), mode,
                instances);
    }

    @Test
    void theSameDevicesInAnotherOrderAreNoChange() {
        // when
        InventoryChange change = InventoryChange.between(List.of(gpu("GPU-0"), gpu("GPU-1")),
                List.of(gpu("GPU-1"), gpu("GPU-0")));

        // then
        assertThat(change.any()).isFalse();
    }
}
