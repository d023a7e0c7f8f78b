package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HccnConfParserTest {

    private static DeviceInfo npu(int index, Integer chip) {
        return new DeviceInfo(Vendor.HUAWEI_ASCEND, "Ascend910B3", null, null, index, chip, null, 65536, 0L, 0.0,
                40.0, 90.0, DeviceHealth.OK, "24.1.rc2", null, "CANN", null, List.of());
    }

    private static DeviceInfo gpu(int index) {
        return new DeviceInfo(Vendor.NVIDIA, "H100 80GB HBM3", "GPU-" + index, null, index, null, null, 81559, 0L,
                0.0, 31.0, 70.0, DeviceHealth.OK, "550.54", null, "CUDA", "12.4", List.of());
    }

    @Test
    void readsEachDevicesAddressAndSkipsTheOtherSettings() {
        // given
        String text = Fixtures.read("hccn/synthetic-910b-8p-hccn.conf");

        // when
        Map<Integer, String> addresses = HccnConfParser.addresses(text);

        // then
        assertThat(addresses).hasSize(8)
                .containsEntry(0, "192.168.100.101").containsEntry(3, "192.168.103.101")
                .containsEntry(4, "192.168.100.100").containsEntry(7, "192.168.103.100");
    }

    @Test
    void anEmptyFileOrOneWithoutAddressesGivesNone() {
        // given / when / then
        assertThat(HccnConfParser.addresses("")).isEmpty();
        assertThat(HccnConfParser.addresses("\n# nothing yet\nnetmask_0=255.255.255.0\r\n")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "address_0 192.168.100.101|1|expected key_<device id>=value",
            "address_x=192.168.100.101|1|the device id of address_x is not a number",
            "address_=192.168.100.101|1|the device id of address_ is not a number",
            "address_0=192.168.100.301|1|not an IPv4 address",
            "address_0=fe80::1|1|not an IPv4 address",
            "address_0=|1|not an IPv4 address",
            "=192.168.100.101|1|expected key_<device id>=value"})
    void aMalformedLineIsAnErrorNamingTheLine(String line, int number, String reason) {
        // given
        String text = "netmask_0=255.255.255.0\n" + line + "\n";

        // when / then
        assertThatThrownBy(() -> HccnConfParser.addresses(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("hccn.conf output, line " + (number + 1))
                .hasMessageContaining(reason)
                .hasMessageContaining(line.strip());
    }

    @Test
    void aDeviceGivenTwoAddressesIsAnError() {
        // given
        String text = "address_1=192.168.101.101\naddress_1=192.168.101.102\n";

        // when / then
        assertThatThrownBy(() -> HccnConfParser.addresses(text))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("line 2").hasMessageContaining("device 1 has an address already");
    }

    @Test
    void setsTheAddressesOnTheAscendChipsByLogicalIdAndLeavesOtherDevicesAlone() {
        // given: NPU ids 2, 3 and 5 (logical ids 0, 1, 2), listed out of order, beside a GPU
        List<DeviceInfo> devices = List.of(npu(5, 0), gpu(0), npu(2, 0), npu(3, 0));

        // when
        List<DeviceInfo> addressed = DeviceAddresses.apply(devices,
                Map.of(0, "192.168.100.101", 1, "192.168.101.101"));

        // then
        assertThat(addressed).extracting(DeviceInfo::index).containsExactly(5, 0, 2, 3);
        assertThat(addressed).extracting(DeviceInfo::deviceIp)
                .containsExactly(null, null, "192.168.100.101", "192.168.101.101");
    }

    @Test
    void anAbsentFileGivesNoAddresses(@TempDir Path dir) {
        // given
        List<DeviceInfo> devices = List.of(npu(0, 0), npu(1, 0));

        // when
        List<DeviceInfo> addressed = DeviceAddresses.fromFile(devices, dir.resolve("hccn.conf"));

        // then
        assertThat(addressed).isEqualTo(devices);
    }

    @Test
    void aMalformedFileLeavesTheAddressesOutWithoutFailingDiscovery(@TempDir Path dir) throws IOException {
        // given
        Path conf = Files.writeString(dir.resolve("hccn.conf"), "address_0=192.168.100.101\naddress_1 oops\n");
        List<DeviceInfo> devices = List.of(npu(0, 0), npu(1, 0));

        // when
        List<DeviceInfo> addressed = DeviceAddresses.fromFile(devices, conf);

        // then
        assertThat(addressed).isEqualTo(devices);
    }

    @Test
    void readsTheConfiguredFile(@TempDir Path dir) throws IOException {
        // given
        Path conf = Files.writeString(dir.resolve("hccn.conf"), Fixtures.read("hccn/synthetic-910b-8p-hccn.conf"));
        List<DeviceInfo> devices = List.of(npu(0, 0), npu(1, 0), gpu(0));

        // when
        List<DeviceInfo> addressed = DeviceAddresses.fromFile(devices, conf);

        // then
        assertThat(addressed).extracting(DeviceInfo::deviceIp).containsExactly("192.168.100.101", "192.168.101.101",
                null);
    }
}
