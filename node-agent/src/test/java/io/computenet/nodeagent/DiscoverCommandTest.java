package io.computenet.nodeagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoverCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static String fixture(String name) throws Exception {
        return Path.of(DiscoverCommandTest.class.getResource("/fixtures/" + name).toURI()).toString();
    }

    private int run(String... args) {
        return DiscoverCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheInventoryRecordOfAMixedNodeFromSavedToolOutput() throws Exception {
        // when
        int code = run("--nvidia-smi-csv", fixture("nvidia-smi/h100-query-gpu.csv"),
                "--npu-smi", fixture("npu-smi/910b3-info.txt"),
                "--cnmon", fixture("cnmon/mlu370-x8-v5.10.13.txt"),
                "--node-id", "mixed-1", "--region", "cn-east-yrd", "--cluster", "wuhu-1");

        // then
        assertThat(code).as(err.toString()).isZero();
        JsonNode record = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(record.get("type").asText()).isEqualTo("node.inventory");
        assertThat(record.get("nodeId").asText()).isEqualTo("mixed-1");
        List<String> models = new ArrayList<>();
        record.get("devices").forEach(d -> models.add(d.get("vendor").asText() + "/" + d.get("model").asText()
                + "/" + d.get("memoryMiB").asLong()));
        assertThat(models).contains("NVIDIA/H100 80GB HBM3/81559", "HUAWEI_ASCEND/Ascend910B3/65536",
                "CAMBRICON/MLU370-X8/23374");
        JsonNode npu = record.get("devices").findParents("busId").stream()
                .filter(d -> d.get("model").asText().equals("Ascend910B3")).findFirst().orElseThrow();
        assertThat(npu.get("busId").asText()).isEqualTo("0000:C1:00.0");
    }

    @Test
    void reportsTheHostsCpusAndMemoryFromSavedProcFiles() throws Exception {
        // when
        int code = run("--nvidia-smi-csv", fixture("nvidia-smi/h100-query-gpu.csv"),
                "--cpuinfo", fixture("host/synthetic-proc-cpuinfo-x86-4.txt"),
                "--meminfo", fixture("host/synthetic-proc-meminfo.txt"), "--node-id", "gpu-1");

        // then
        assertThat(code).as(err.toString()).isZero();
        JsonNode record = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(record.get("hostCpuCount").asInt()).isEqualTo(4);
        assertThat(record.get("hostMemoryMiB").asLong()).isEqualTo(2_063_874L);
    }

    @Test
    void refusesACpuinfoWithoutAMeminfoAndFailsOnADamagedOne(@TempDir Path dir) throws Exception {
        // given
        Path damaged = dir.resolve("cpuinfo");
        Files.writeString(damaged, "processor : zero\n");

        // when
        int alone = run("--nvidia-smi-csv", fixture("nvidia-smi/h100-query-gpu.csv"),
                "--cpuinfo", fixture("host/synthetic-proc-cpuinfo-x86-4.txt"));
        int bad = run("--nvidia-smi-csv", fixture("nvidia-smi/h100-query-gpu.csv"), "--cpuinfo", damaged.toString(),
                "--meminfo", fixture("host/synthetic-proc-meminfo.txt"));

        // then
        assertThat(alone).isEqualTo(2);
        assertThat(bad).isEqualTo(3);
        assertThat(err.toString()).contains("--cpuinfo and --meminfo go together")
                .contains("/proc/cpuinfo output, line 1");
    }

    @Test
    void printsTheMigModeAndGpuInstancesFromSavedMigListings(@TempDir Path dir) throws Exception {
        // given: two H100s, GPU 0 and 1 with MIG enabled, their -lgi listing
        Path csv = dir.resolve("gpus.csv");
        Files.writeString(csv, "index, uuid, name, memory.total [MiB], mig.mode.current\n"
                + "0, GPU-0, NVIDIA H100 80GB HBM3, 81559 MiB, Enabled\n"
                + "1, GPU-1, NVIDIA H100 80GB HBM3, 81559 MiB, Enabled\n");

        // when
        int code = run("--nvidia-smi-csv", csv.toString(),
                "--mig-lgi", fixture("nvidia-smi/synthetic-mig-lgi-h100-two-gpus.txt"));

        // then
        assertThat(code).as(err.toString()).isZero();
        JsonNode devices = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("devices");
        assertThat(devices.get(0).get("migMode").asText()).isEqualTo("ENABLED");
        assertThat(devices.get(0).get("migInstances")).hasSize(4);
        assertThat(devices.get(1).get("migInstances").get(0).get("profile").asText()).isEqualTo("7g.80gb");
    }

    @Test
    void failsWithTheToolAndLineOnDamagedOutput(@TempDir Path dir) throws Exception {
        // given
        Path broken = dir.resolve("npu.txt");
        Files.writeString(broken, Files.readString(Path.of(fixture("npu-smi/910b3-info.txt")))
                .replace("3338 / 65536", "33x8 / 65536"));

        // when
        int code = run("--npu-smi", broken.toString());

        // then
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("npu-smi").contains("line");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void rejectsUnknownOptionsAndMissingFiles() {
        assertThat(run("--gpus", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown option --gpus");
        assertThat(run("--cnmon", "/nonexistent/cnmon.txt")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read /nonexistent/cnmon.txt");
    }
}
