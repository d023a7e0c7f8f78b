package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HostResourcesTest {

    private static final String MEMINFO = Fixtures.read("host/synthetic-proc-meminfo.txt");

    @Test
    void countsOneCpuPerProcessorEntryAndReadsMemTotalInMib() {
        // given
        String cpuinfo = Fixtures.read("host/synthetic-proc-cpuinfo-x86-4.txt");

        // when
        HostResources host = HostResources.parse(cpuinfo, MEMINFO);

        // then: 2,113,407,592 kB / 1024 = 2,063,874 MiB (rounded down)
        assertThat(host).isEqualTo(new HostResources(4, 2_063_874));
    }

    @Test
    void doesNotCountAnOlderArmKernelsProcessorModelLineAsACpu() {
        // given
        String cpuinfo = Fixtures.read("host/synthetic-proc-cpuinfo-aarch64-old-kernel.txt");

        // when
        int cpus = HostResources.cpuCount(cpuinfo);

        // then
        assertThat(cpus).isEqualTo(2);
    }

    @Test
    void rejectsAProcessorEntryThatIsNotANumberNamingTheFileAndLine() {
        // given
        String damaged = "processor\t: 0\nvendor_id\t: GenuineIntel\n\nprocessor\t: one\n";

        // when / then
        assertThatThrownBy(() -> HostResources.cpuCount(damaged))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("/proc/cpuinfo output, line 4")
                .hasMessageContaining("processor number is not a whole number");
    }

    @Test
    void rejectsTextWithoutProcessorEntries() {
        // given
        String notCpuinfo = "MemTotal: 1024 kB\n";

        // when / then
        assertThatThrownBy(() -> HostResources.cpuCount(notCpuinfo))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("/proc/cpuinfo")
                .hasMessageContaining("processor : <n>");
        assertThatThrownBy(() -> HostResources.cpuCount(""))
                .isInstanceOf(DiscoveryParseException.class).hasMessageContaining("empty");
    }

    @Test
    void rejectsAMissingOrDamagedMemTotal() {
        // given
        String missing = "MemFree:  1024 kB\n";
        String otherUnit = "MemTotal:  1024 MB\n";
        String notANumber = "MemTotal:  lots kB\n";

        // when / then
        assertThatThrownBy(() -> HostResources.memoryMiB(missing))
                .isInstanceOf(DiscoveryParseException.class).hasMessageContaining("MemTotal: <n> kB");
        assertThatThrownBy(() -> HostResources.memoryMiB(otherUnit))
                .isInstanceOf(DiscoveryParseException.class).hasMessageContaining("line 1")
                .hasMessageContaining("\"<number> kB\"");
        assertThatThrownBy(() -> HostResources.memoryMiB(notANumber))
                .isInstanceOf(DiscoveryParseException.class).hasMessageContaining("not a whole number");
    }

    @Test
    void readsThisHostsProcFilesWhereThereAreAny() {
        // given
        assumeTrue(Files.isReadable(Path.of("/proc/cpuinfo")) && Files.isReadable(Path.of("/proc/meminfo")));

        // when
        HostResources host = HostResources.read();

        // then: at least the CPUs this JVM may use, and some memory
        assertThat(host.cpuCount()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(host.memoryMiB()).isPositive();
    }
}
