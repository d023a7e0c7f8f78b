package io.computenet.benchmarks;

import io.computenet.benchmarks.ParserInputs.Gpu;
import io.computenet.benchmarks.ParserInputs.MluCard;
import io.computenet.benchmarks.ParserInputs.MluInfo;
import io.computenet.benchmarks.ParserInputs.Npu;
import io.computenet.benchmarks.ParserInputs.NpuProcess;
import io.computenet.nodeagent.discovery.NodeDiscovery;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the benchmark inputs honest: each renderer, given the values of a node agent fixture, must print that
 * fixture byte for byte, so the 16-device inputs have the fixtures' layout. Plain unit tests: JMH never runs.
 */
class ParserInputsTest {

    private static final Path FIXTURES = fixtures();

    @Test
    void npuSmiRendersThe910b3CaptureByteForByte() throws IOException {
        List<Npu> npus = List.of(
                new Npu(0, "910B3", "OK", "102.8", "55", 0, 0, 0, "0000:C1:00.0", "0", 0, 0, 3338, 65536),
                new Npu(1, "910B3", "OK", "97.6", "54", 0, 0, 0, "0000:C2:00.0", "0", 0, 0, 3337, 65536));
        assertEquals(fixture("npu-smi/910b3-info.txt"), ParserInputs.npuSmiInfo("23.0.7", npus, List.of()));
    }

    @Test
    void npuSmiRendersProcessRowsAsTheBusyFixture() throws IOException {
        List<Npu> npus = List.of(
                new Npu(0, "910B3", "OK", "310.5", "61", 0, 0, 0, "0000:C1:00.0", "92", 0, 0, 56152, 65536),
                new Npu(1, "910B3", "OK", "298.1", "60", 0, 0, 0, "0000:C2:00.0", "88", 0, 0, 56150, 65536));
        List<NpuProcess> processes = List.of(
                new NpuProcess(0, 0, 2871034, "python3", 52740),
                new NpuProcess(1, 0, 2871035, "python3", 52738));
        assertEquals(fixture("npu-smi/synthetic-910b3-busy-with-process-rows.txt"),
                ParserInputs.npuSmiInfo("23.0.7", npus, processes));
    }

    @Test
    void cnmonRendersTheMlu370CaptureByteForByte() throws IOException {
        List<MluCard> cards = List.of(
                new MluCard(0, "/", "MLU370-X8", "v1.1.6", "0000:39:00.0", "0%", "N/A", "0%", "32C", 106, 250,
                        0, 23374, "N/A", "Default"),
                new MluCard(1, "/", "MLU370-X8", "v1.1.6", "0000:3D:00.0", "0%", "N/A", "0%", "39C", 106, 250,
                        0, 23374, "N/A", "Default"));
        assertEquals(fixture("cnmon/mlu370-x8-v5.10.13.txt"), ParserInputs.cnmon("v5.10.13", cards));
    }

    @Test
    void cnmonInfoRendersTheFixtureByteForByte() throws IOException {
        List<MluInfo> cards = List.of(
                new MluInfo(0, "MLU370-X8", "MLU370", "SN/6A4A21F00017", "3E3A2B1C-5D6E-4F70-8192-A3B4C5D6E7F0",
                        "v1.1.6", "v5.10.13", "0000:39:00.0", 23374, 0, 0, 32, 106, 250),
                new MluInfo(1, "MLU370-X8", "MLU370", "SN/6A4A21F00018", "7C1D2E3F-4A5B-4C6D-9E8F-0A1B2C3D4E5F",
                        "v1.1.6", "v5.10.13", "0000:3d:00.0", 23374, 1024, 12, 39, 118, 250));
        assertEquals(fixture("cnmon/synthetic-cnmon-info-mlu370-x8.txt"), ParserInputs.cnmonInfo(cards));
    }

    @Test
    void migLgipRendersTheFullH100TableByteForByte() throws IOException {
        assertEquals(fixture("nvidia-smi/synthetic-mig-lgip-h100-full-table.txt"),
                ParserInputs.migLgip(List.of(0), ParserInputs.H100_80GB_PROFILES));
    }

    @Test
    void nvidiaCsvHasTheAgentsQueryFieldsAndTheFixturesValueFormat() throws IOException {
        String csv = ParserInputs.nvidiaSmiCsv(List.of(new Gpu(0, "GPU-ef93d360-6e44-30fa-5085-852515d198c7",
                "NVIDIA A100-SXM4-80GB", "00000000:07:00.0", 81920, 4, 0, 31, "61.50", "535.104.05", "Disabled")));
        String[] header = csv.lines().findFirst().orElseThrow().split(", ");
        List<String> names = Arrays.stream(header).map(h -> h.replaceAll("\\s*\\[.*]$", "")).toList();
        assertEquals(List.of(NodeDiscovery.NVIDIA_QUERY.split(",")), names);
        // the same GPU's row in the 8-GPU fixture (the same fields, name and uuid the other way round)
        String fixtureRow = fixture("nvidia-smi/synthetic-8x-a100-full-query-units.csv").lines().skip(1)
                .findFirst().orElseThrow();
        assertTrue(fixtureRow.contains("00000000:07:00.0, 81920 MiB, 4 MiB, 0 %, 31, 61.50 W, 535.104.05"),
                fixtureRow);
        assertTrue(fixtureRow.endsWith("535.104.05, Disabled"), fixtureRow);
        assertTrue(csv.contains("00000000:07:00.0, 81920 MiB, 4 MiB, 0 %, 31, 61.50 W, 535.104.05, Disabled\n"), csv);
    }

    @Test
    void sixteenDeviceInputsParseToSixteenDevices() {
        assertDoesNotThrow(() -> new VendorParserBenchmark().setUp());
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8);
    }

    /** node-agent's fixtures: from the repository root Maven reports, else next to this module. */
    private static Path fixtures() {
        Path relative = Path.of("node-agent", "src", "test", "resources", "fixtures");
        String home = System.getProperty("computenet.home");
        if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home).resolve(relative))) {
            return Path.of(home).resolve(relative);
        }
        return Path.of("..").resolve(relative);
    }
}
