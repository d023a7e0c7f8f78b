package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    private final SourceLine line = new SourceLine("test-tool", 3, "the line");

    @ParameterizedTest
    @CsvSource({
            "00000000:1B:00.0, 0000:1B:00.0",
            "00000000:c1:00.0, 0000:C1:00.0",
            "0000:c1:00.0, 0000:C1:00.0",
            "0000:3d:00.0, 0000:3D:00.0",
            "0001:81:00.1, 0001:81:00.1",
            "c1:00.0, 0000:C1:00.0"})
    void normalisesPciBusIds(String printed, String normalised) {
        // given / when / then
        assertThat(Values.optionalBusId(line, "bus", printed)).isEqualTo(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NA", "N/A", "-", "[N/A]", "[Not Supported]", ""})
    void readsNotAvailableBusIdsAsNull(String printed) {
        // given / when / then
        assertThat(Values.optionalBusId(line, "bus", printed)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000:C1:00", "slot 3", "10000:C1:00.0", "0000:C1:00.8"})
    void rejectsMalformedBusIds(String printed) {
        // given / when / then
        assertThatThrownBy(() -> Values.optionalBusId(line, "bus", printed))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("test-tool output, line 3");
    }

    @ParameterizedTest
    @CsvSource({"81559 MiB, MiB, 81559", "81559, MiB, 81559", "65536, MB, 65536", "9.50, GiB, 9728",
            "2 GiB, MiB, 2048", "1.5 GB, MiB, 1536", "2048 KiB, MiB, 2"})
    void convertsMemorySizesToMib(String printed, String defaultUnit, long mib) {
        // given / when / then
        assertThat(Values.requireMemoryMiB(line, "memory", printed, defaultUnit)).isEqualTo(mib);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5 MiB", "12 parsecs", "many", "[N/A]"})
    void rejectsUnreadableMemorySizes(String printed) {
        // given / when / then
        assertThatThrownBy(() -> Values.requireMemoryMiB(line, "memory", printed, "MiB"))
                .isInstanceOf(DiscoveryParseException.class)
                .hasMessageContaining("memory");
    }

    @Test
    void buildsBusIdsFromHexadecimalParts() {
        // given / when / then
        assertThat(Values.busIdFromParts(line, "0000", "1a", "00", "0")).isEqualTo("0000:1A:00.0");
        assertThat(Values.busIdFromParts(line, "0x0", "0x3d", "0x0", "0x1")).isEqualTo("0000:3D:00.1");
    }
}
