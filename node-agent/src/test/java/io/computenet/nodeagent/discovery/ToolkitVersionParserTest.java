package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolkitVersionParserTest {

    @ParameterizedTest
    @CsvSource({
            "toolkit/synthetic-nvidia-smi-550-h100.txt, 12.4",
            "toolkit/synthetic-nvidia-smi-510-a100.txt, 11.6",
            "toolkit/synthetic-nvidia-smi-version.txt, 12.4"})
    void readsTheCudaVersionFromTheNvidiaSmiHeaderOrVersionOutput(String fixture, String expected) {
        // when
        String version = ToolkitVersionParser.cuda(Fixtures.read(fixture));

        // then
        assertThat(version).isEqualTo(expected);
    }

    @Test
    void aCudaVersionTheDriverReportsAsNotAvailableIsNull() {
        // given
        String header = "| NVIDIA-SMI 550.54.15      Driver Version: 550.54.15      CUDA Version: N/A      |\n";

        // when / then
        assertThat(ToolkitVersionParser.cuda(header)).isNull();
    }

    @Test
    void rejectsNvidiaSmiOutputWithoutACudaVersionNamingTheToolAndLine() {
        // given: an error message instead of the table
        String text = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n";

        // when / then
        assertThatThrownBy(() -> ToolkitVersionParser.cuda(text)).isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("nvidia-smi output, line 1: no header")
                .hasMessageContaining("CUDA Version");
    }

    @Test
    void rejectsADamagedCudaVersionNamingTheLine() {
        // given
        String text = "+------+\n| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: twelve |\n";

        // when / then
        assertThatThrownBy(() -> ToolkitVersionParser.cuda(text)).isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("nvidia-smi output, line 2: CUDA Version \"twelve\" is not a version");
    }

    @Test
    void readsTheCannVersionFromTheToolkitInstallInfo() {
        // when
        String version = ToolkitVersionParser.cannInstallInfo(Fixtures.read("toolkit/synthetic-ascend_toolkit_install.info"));

        // then
        assertThat(version).isEqualTo("8.0.RC3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "package_name=Ascend-cann-toolkit\\nversion=9.2.0-beta.2\\n | 9.2.0-beta.2",
            "# installed by root\\nversion = 8.1.RC1\\r\\narch=x86_64\\r\\n | 8.1.RC1"})
    void acceptsInstallInfoVariants(String text, String expected) {
        // when / then
        assertThat(ToolkitVersionParser.cannInstallInfo(text.replace("\\n", "\n").replace("\\r", "\r")))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "package_name=Ascend-cann-toolkit\\narch=aarch64\\n | ascend_toolkit_install.info output, line 1: no header",
            "package_name=Ascend-cann-toolkit\\n<html>404</html>\\nversion=8.0.0\\n | ascend_toolkit_install.info output, line 2: expected key=value",
            "version=\\n | ascend_toolkit_install.info output, line 1: version \"\" is not a version"})
    void rejectsDamagedInstallInfoNamingTheLine(String text, String message) {
        // when / then
        assertThatThrownBy(() -> ToolkitVersionParser.cannInstallInfo(text.replace("\\n", "\n")))
                .isInstanceOf(DiscoveryParseException.class).hasMessageStartingWith(message);
    }

    @Test
    void readsTheRunningCannVersionFromVersionCfg() {
        // when
        String version = ToolkitVersionParser.cannVersionCfg(Fixtures.read("toolkit/synthetic-ascend-toolkit-version.cfg"));

        // then: the running release, not the first installed one
        assertThat(version).isEqualTo("8.0.0");
    }

    @Test
    void withoutARunningVersionTheLastInstalledCannVersionIsTaken() {
        // given
        String cfg = "# version: 1.0\ntoolkit_installed_version=[7.0.0.5.242:7.0.RC1][7.3.0.1.231:8.0.RC2]\n";

        // when / then
        assertThat(ToolkitVersionParser.cannVersionCfg(cfg)).isEqualTo("8.0.RC2");
    }

    @Test
    void rejectsADamagedVersionCfgEntryNamingTheLine() {
        // given
        String cfg = "# version: 1.0\ntoolkit_running_version=[8.0.0]\n";

        // when / then
        assertThatThrownBy(() -> ToolkitVersionParser.cannVersionCfg(cfg)).isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("ascend-toolkit version.cfg output, line 2: entry \"[8.0.0]\" is not [inner:version]");
    }

    @Test
    void readsTheNeuwareVersion() {
        // when / then
        assertThat(ToolkitVersionParser.neuware(Fixtures.read("toolkit/synthetic-neuware-version.txt")))
                .isEqualTo("3.9.0");
        assertThat(ToolkitVersionParser.neuware("Neuware Version v1.4.0\n")).isEqualTo("1.4.0");
    }

    @Test
    void rejectsANeuwareVersionFileWithoutTheVersionLine() {
        // when / then
        assertThatThrownBy(() -> ToolkitVersionParser.neuware("Cambricon\n"))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("neuware version.txt output, line 1: no header");
        assertThatThrownBy(() -> ToolkitVersionParser.neuware("\nNeuware Version\n"))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageStartingWith("neuware version.txt output, line 2: expected \"Neuware Version <version>\"");
    }
}
