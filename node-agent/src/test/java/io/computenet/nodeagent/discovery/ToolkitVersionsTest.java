package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Toolkit versions set on a node's devices from a host file system laid out in a temporary directory. */
class ToolkitVersionsTest {

    @TempDir
    Path root;

    private final List<String> ran = new ArrayList<>();

    private List<DeviceInfo> mixedNode() {
        List<DeviceInfo> devices = new ArrayList<>();
        devices.addAll(new NvidiaSmiCsvParser().parse("index, name, memory.total [MiB]\n0, NVIDIA H100 80GB HBM3, 81559 MiB\n"));
        devices.addAll(new NpuSmiInfoParser().parse(Fixtures.read("npu-smi/910b3-info.txt")));
        devices.addAll(new CnmonParser().parse(Fixtures.read("cnmon/mlu370-x8-v5.10.13.txt")));
        return devices;
    }

    private ToolkitVersions versions(Map<String, String> env, String nvidiaSmi) {
        return new ToolkitVersions(root, env, command -> {
            ran.add(String.join(" ", command));
            return Optional.ofNullable(nvidiaSmi);
        });
    }

    private void write(String absolute, String fixture) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, Fixtures.read(fixture));
    }

    @Test
    void setsEachVendorsToolkitVersionOnItsDevices() throws IOException {
        // given: CANN installed for aarch64, NeuWare installed, a CUDA 12.4 driver
        write("/usr/local/Ascend/ascend-toolkit/latest/aarch64-linux/ascend_toolkit_install.info",
                "toolkit/synthetic-ascend_toolkit_install.info");
        write("/usr/local/neuware/version.txt", "toolkit/synthetic-neuware-version.txt");

        // when
        List<DeviceInfo> devices = versions(Map.of(), Fixtures.read("toolkit/synthetic-nvidia-smi-550-h100.txt"))
                .apply(mixedNode());

        // then
        assertThat(devices).filteredOn(d -> d.vendor() == Vendor.NVIDIA).extracting(DeviceInfo::toolkitVersion)
                .containsOnly("12.4");
        assertThat(devices).filteredOn(d -> d.vendor() == Vendor.HUAWEI_ASCEND).isNotEmpty()
                .extracting(DeviceInfo::toolkitVersion).containsOnly("8.0.RC3");
        assertThat(devices).filteredOn(d -> d.vendor() == Vendor.CAMBRICON).isNotEmpty()
                .extracting(DeviceInfo::toolkitVersion).containsOnly("3.9.0");
        assertThat(devices).hasSize(mixedNode().size());
    }

    @Test
    void aToolkitThatIsNotInstalledOnTheHostLeavesTheVersionNull() {
        // given: no toolkit files, no nvidia-smi

        // when
        List<DeviceInfo> devices = versions(Map.of(), null).apply(mixedNode());

        // then
        assertThat(devices).extracting(DeviceInfo::toolkitVersion).containsOnlyNulls();
    }

    @Test
    void findsCannThroughVersionCfgTheNewInstallPathOrTheEnvironment() throws IOException {
        // given: only version.cfg under latest/
        write("/usr/local/Ascend/ascend-toolkit/latest/version.cfg", "toolkit/synthetic-ascend-toolkit-version.cfg");

        // then
        assertThat(versions(Map.of(), null).cann()).isEqualTo("8.0.0");

        // and given: CANN 8.5's install path
        Files.delete(root.resolve("usr/local/Ascend/ascend-toolkit/latest/version.cfg"));
        write("/usr/local/Ascend/cann/x86_64-linux/ascend_toolkit_install.info",
                "toolkit/synthetic-ascend_toolkit_install.info");
        assertThat(versions(Map.of(), null).cann()).isEqualTo("8.0.RC3");

        // and given: ASCEND_TOOLKIT_HOME pointing elsewhere, which comes first
        Files.createDirectories(root.resolve("opt/cann/x86_64-linux"));
        Files.writeString(root.resolve("opt/cann/x86_64-linux/ascend_toolkit_install.info"), "version=8.3.RC2\n");
        assertThat(versions(Map.of("ASCEND_TOOLKIT_HOME", "/opt/cann"), null).cann()).isEqualTo("8.3.RC2");
    }

    @Test
    void damagedVersionTextFailsNamingTheFileAndLine() throws IOException {
        // given
        Path info = root.resolve("usr/local/neuware/version.txt");
        Files.createDirectories(info.getParent());
        Files.writeString(info, "Neuware Version three\n");

        // when / then
        assertThatThrownBy(() -> versions(Map.of(), null).apply(mixedNode()))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("neuware version.txt output, line 1: Neuware Version \"three\" is not a version");
    }

    @Test
    void runsNvidiaSmiOnlyOnANodeWithNvidiaDevices() {
        // given: an Ascend-only node
        List<DeviceInfo> ascend = new NpuSmiInfoParser().parse(Fixtures.read("npu-smi/910b3-info.txt"));

        // when
        versions(Map.of(), "CUDA Version: 12.4").apply(ascend);

        // then
        assertThat(ran).isEmpty();
    }
}
