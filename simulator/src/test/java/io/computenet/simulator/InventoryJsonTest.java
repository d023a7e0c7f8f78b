package io.computenet.simulator;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.policy.NodeState;
import io.computenet.simulator.Fleet.GpuModel;
import io.computenet.simulator.InventoryJson.HostResources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryJsonTest {

    private static final HostResources HOST = new HostResources(96_000, 786_432);

    private static String device(String vendor, String model, long memoryMiB, String health) {
        return "{\"vendor\":\"" + vendor + "\",\"model\":\"" + model + "\",\"memoryMiB\":" + memoryMiB
                + ",\"health\":\"" + health + "\"}";
    }

    private static String node(String id, String... devices) {
        return "{\"nodeId\":\"" + id + "\",\"devices\":[" + String.join(",", devices) + "]}";
    }

    private static final String H100 = device("NVIDIA", "H100 80GB HBM3", 81559, "OK");
    private static final String T4 = device("NVIDIA", "T4", 15360, "OK");

    @Test
    void theDiscoverOutputOfAMixedNodeBecomesOneNodePerModelWithoutItsCriticalDevices() throws Exception {
        // given the record node-agent discover printed for 3 NVIDIA models, 4 Ascend 910B2 (2 CRITICAL), 2 MLU370
        String json = Files.readString(TraceCsvTest.resource("discover-mixed-node.json"));

        // when
        Fleet fleet = InventoryJson.parse("discover.json", json, HOST);

        // then
        assertThat(fleet.nodes()).extracting(NodeState::id).containsExactly("lab-mixed-01/H200",
                "lab-mixed-01/GeForce RTX 4090", "lab-mixed-01/V100-SXM2-32GB", "lab-mixed-01/Ascend910B2",
                "lab-mixed-01/MLU370-X8");
        assertThat(fleet.nodes()).extracting(NodeState::gpuCount).containsExactly(1, 1, 1, 2, 2);
        assertThat(fleet.nodes().get(3).freeMilli()).containsExactly(1000, 1000);
        // host resources split by GPU count (7 usable GPUs), the rounding remainder on the first node
        assertThat(fleet.nodes()).extracting(NodeState::cpuLeft).containsExactly(13_716L, 13_714L, 13_714L,
                27_428L, 27_428L);
        assertThat(fleet.nodes().stream().mapToLong(NodeState::memoryLeftMiB).sum()).isEqualTo(786_432);
        assertThat(fleet.models()).containsEntry("Ascend910B2", new GpuModel("Ascend910B2", Vendor.HUAWEI_ASCEND,
                65536)).containsEntry("MLU370-X8", new GpuModel("MLU370-X8", Vendor.CAMBRICON, 23374));
        assertThat(fleet.notes()).anySatisfy(n -> assertThat(n).contains("2 CRITICAL device(s) left out"))
                .anySatisfy(n -> assertThat(n).contains("one node per model").contains("lab-mixed-01 (5)"));
    }

    @Test
    void thePrettyPrintedDiscoverOutputReadsTheSameAsTheOneLineOne() throws Exception {
        // given the same record, pretty-printed over 458 lines
        String pretty = Files.readString(TraceCsvTest.resource("discover-mixed-node-pretty.json"));
        String compact = Files.readString(TraceCsvTest.resource("discover-mixed-node.json"));

        // when
        Fleet fromPretty = InventoryJson.parse("pretty.json", pretty, HOST);
        Fleet fromCompact = InventoryJson.parse("discover.json", compact, HOST);

        // then
        assertThat(fromPretty.nodes()).map(NodeState::toString)
                .containsExactlyElementsOf(fromCompact.nodes().stream().map(NodeState::toString).toList());
    }

    @Test
    void readsWhatTheContractsCodecWritesSoTheFormatFollowsTheNodeAgent() {
        // given an inventory record encoded exactly as the node agent encodes it
        DeviceInfo gpu = new DeviceInfo(Vendor.NVIDIA, "A100-SXM4-80GB", "GPU-1", null, 0, null, "0000:C1:00.0",
                81920, 0L, 0.0, 31.0, 60.0, DeviceHealth.OK, "550.54.15", null, "CUDA", "12.4", List.of());
        String json = EventCodec.encode(InventoryEvent.inventory(Instant.parse("2026-01-01T00:00:00Z"), "n1", "op",
                "eu", "c1", "host1", List.of(gpu, gpu)));

        // when
        Fleet fleet = InventoryJson.parse("n1.json", json, HOST);

        // then
        assertThat(fleet.nodes()).singleElement()
                .hasToString("n1[A100-SXM4-80GB cpu=96000 mem=786432 free=[1000, 1000]]");
    }

    @Test
    void readsPrettyPrintedRecordsOneAfterTheOther() throws Exception {
        // given two discover outputs pasted one after the other
        String pretty = Files.readString(TraceCsvTest.resource("discover-mixed-node-pretty.json"));
        String two = pretty + "\n" + pretty.replace("lab-mixed-01", "lab-mixed-02");

        // when
        Fleet fleet = InventoryJson.parse("two.json", two, HOST);

        // then
        assertThat(fleet.nodes()).hasSize(10);
        assertThat(fleet.nodes().get(5).id()).isEqualTo("lab-mixed-02/H200");
    }

    @Test
    void readsJsonLinesAndAJsonArrayAlike() {
        // given
        String lines = node("a", H100, H100) + "\n\n" + node("b", T4) + "\n";
        String array = "[\n  " + node("a", H100, H100) + ",\n  " + node("b", T4) + "\n]\n";

        // when
        Fleet fromLines = InventoryJson.parse("fleet.jsonl", lines, HOST);
        Fleet fromArray = InventoryJson.parse("fleet.json", array, HOST);

        // then
        assertThat(fromLines.nodes()).extracting(NodeState::id).containsExactly("a", "b");
        assertThat(fromArray.nodes()).map(NodeState::toString)
                .containsExactlyElementsOf(fromLines.nodes().stream().map(NodeState::toString).toList());
        assertThat(fromLines.models().keySet()).containsExactlyInAnyOrder("H100 80GB HBM3", "T4");
    }

    @Test
    void hostCpuAndMemoryComeFromTheRecordWhereItCarriesThemElseFromTheDefaultsWhichSaySoInANote() {
        // given
        String json = "{\"nodeId\":\"a\",\"cpuMilli\":64000,\"hostMemoryMiB\":131072,\"devices\":[" + T4 + "]}\n"
                + node("b", T4) + "\n";

        // when
        Fleet fleet = InventoryJson.parse("fleet.jsonl", json, HostResources.UNBOUNDED);

        // then
        assertThat(fleet.nodes().get(0).cpuLeft()).isEqualTo(64_000);
        assertThat(fleet.nodes().get(0).memoryLeftMiB()).isEqualTo(131_072);
        assertThat(fleet.nodes().get(1).cpuLeft()).isEqualTo(1_000_000_000L);
        assertThat(fleet.nodes().get(1).memoryLeftMiB()).isEqualTo(1_000_000_000L);
        assertThat(fleet.notes()).anySatisfy(n -> assertThat(n).contains("1 record(s) without them (hostCpuCount or cpuMilli, and hostMemoryMiB)")
                .contains("never to bind"));
    }

    @Test
    void takesTheHostCpusAndMemoryTheAgentReadFromTheOs() {
        // given: a record as the agent publishes it now (logical CPUs and memory), and the simulator's own cpuMilli
        String json = "{\"nodeId\":\"a\",\"hostCpuCount\":96,\"hostMemoryMiB\":524288,\"devices\":[" + T4 + "]}\n"
                + "{\"nodeId\":\"b\",\"hostCpuCount\":96,\"cpuMilli\":8000,\"hostMemoryMiB\":1024,\"devices\":["
                + T4 + "]}\n";

        // when
        Fleet fleet = InventoryJson.parse("fleet.jsonl", json, HostResources.UNBOUNDED);

        // then
        assertThat(fleet.nodes().get(0).cpuLeft()).isEqualTo(96_000);
        assertThat(fleet.nodes().get(0).memoryLeftMiB()).isEqualTo(524_288);
        assertThat(fleet.nodes().get(1).cpuLeft()).isEqualTo(8_000);
        assertThat(fleet.notes()).noneSatisfy(n -> assertThat(n).contains("without them"));
    }

    @Test
    void countRepeatsANodeWithNumberedIds() {
        // given
        String json = "{\"nodeId\":\"h\",\"count\":3,\"devices\":[" + H100 + "]}";

        // when
        Fleet fleet = InventoryJson.parse("fleet.json", json, HOST);

        // then
        assertThat(fleet.nodes()).extracting(NodeState::id).containsExactly("h", "h#1", "h#2");
    }

    @Test
    void aNodeWhoseDevicesAreAllCriticalStaysAsACpuOnlyNode() {
        // given
        String json = node("broken", device("NVIDIA", "T4", 15360, "CRITICAL"));

        // when
        Fleet fleet = InventoryJson.parse("fleet.json", json, HOST);

        // then
        assertThat(fleet.nodes()).singleElement().satisfies(n -> assertThat(n.gpuCount()).isZero());
        assertThat(fleet.models()).isEmpty();
    }

    @Test
    void aModelKeepsTheSmallestDeviceMemoryReportedForIt() {
        // given two nodes whose tools report slightly different memory for the same model
        String json = node("a", device("NVIDIA", "H100", 81559, "OK")) + "\n"
                + node("b", device("NVIDIA", "H100", 81920, "OK"));

        // when
        Fleet fleet = InventoryJson.parse("fleet.jsonl", json, HOST);

        // then
        assertThat(fleet.models().get("H100").memoryMiB()).isEqualTo(81559);
    }

    /** JSON written with single quotes, for readability. */
    static String q(String json) {
        return json.replace('\'', '"');
    }

    static Stream<Arguments> badRecords() {
        String t4 = "{'vendor':'NVIDIA','model':'T4'";
        return Stream.of(
                Arguments.of("missing devices", "{'nodeId':'c'}", "missing devices"),
                Arguments.of("devices not an array", "{'nodeId':'c','devices':{}}",
                        "devices must be an array, was object"),
                Arguments.of("missing node id", "{'devices':[]}", "missing nodeId"),
                Arguments.of("negative device memory", "{'nodeId':'c','devices':[" + t4 + ",'memoryMiB':-5}]}",
                        "devices[0].memoryMiB must be positive, was -5"),
                Arguments.of("device memory as a string", "{'nodeId':'c','devices':[" + t4 + ",'memoryMiB':'16GB'}]}",
                        "devices[0].memoryMiB must be a whole number, was \"16GB\""),
                Arguments.of("missing model", "{'nodeId':'c','devices':[{'vendor':'NVIDIA','memoryMiB':1}]}",
                        "missing devices[0].model"),
                Arguments.of("unknown vendor",
                        "{'nodeId':'c','devices':[{'vendor':'AMD','model':'MI300X','memoryMiB':1}]}",
                        "devices[0].vendor must be one of [NVIDIA, HUAWEI_ASCEND, CAMBRICON], was \"AMD\""),
                Arguments.of("unknown health", "{'nodeId':'c','devices':[" + t4 + ",'memoryMiB':1,'health':'BAD'}]}",
                        "devices[0].health must be one of [OK, WARNING, CRITICAL, UNKNOWN], was \"BAD\""),
                Arguments.of("unknown record type", "{'type':'lease.granted','nodeId':'c','devices':[]}",
                        "type must be one of"),
                Arguments.of("unsupported schema version", "{'schemaVersion':2,'nodeId':'c','devices':[]}",
                        "schemaVersion: only 1 is supported, was 2"),
                Arguments.of("misspelt field", "{'nodeId':'c','cpu_milli':1,'devices':[]}",
                        "unknown field 'cpu_milli' (an inventory record has ["),
                Arguments.of("misspelt device field", "{'nodeId':'c','devices':[" + t4 + ",'memMiB':1}]}",
                        "unknown field 'devices[0].memMiB' (a device has ["),
                Arguments.of("negative host memory", "{'nodeId':'c','hostMemoryMiB':-1,'devices':[]}",
                        "hostMemoryMiB must be within 0..1000000000000, was -1"),
                Arguments.of("host cpu as a decimal", "{'nodeId':'c','cpuMilli':1.5,'devices':[]}",
                        "cpuMilli must be a whole number, was 1.5"),
                Arguments.of("node id twice", "{'nodeId':'a','devices':[]}",
                        "node id 'a' appears twice (first on line 1)"),
                Arguments.of("a number instead of a record", "42", "expected a JSON object, found 42"),
                Arguments.of("malformed JSON", "{'nodeId':'c','devices':[}",
                        "malformed JSON (JSON Lines: one complete record per line): Unexpected close marker '}'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void badInputNamesFileAndLine(String what, String badLine, String message) {
        // given a good record on line 1, a blank line 2 and the bad one on line 3
        String json = node("a", T4) + "\n\n" + q(badLine) + "\n";

        // when / then
        assertThatThrownBy(() -> InventoryJson.parse("fleet.jsonl", json, HOST))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("fleet.jsonl:3: " + message);
    }

    @Test
    void aMalformedPrettyPrintedRecordIsNamedByTheLineOfTheFault() {
        // given
        String json = q("[\n  {'nodeId': 'a',\n   'devices': [\n     {'vendor': 'NVIDIA' 'model': 'T4'}\n]}\n]");

        // when / then
        assertThatThrownBy(() -> InventoryJson.parse("fleet.json", json, HOST))
                .hasMessageStartingWith("fleet.json:4: malformed JSON: Unexpected character ('\"'");
    }

    @Test
    void aFieldErrorInAnArrayNamesTheLineTheRecordStartsOn() {
        // given
        String json = "[\n" + node("a", T4) + ",\n{\n  \"nodeId\": \"b\"\n}\n]";

        // when / then
        assertThatThrownBy(() -> InventoryJson.parse("fleet.json", json, HOST))
                .hasMessage("fleet.json:3: missing devices");
    }

    @Test
    void anEmptyArrayHasNoRecords() {
        assertThatThrownBy(() -> InventoryJson.parse("fleet.json", "[ ]", HOST))
                .hasMessage("fleet.json: no records (expected JSON objects)");
    }
}
