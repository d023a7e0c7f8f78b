package io.computenet.simulator;

import io.computenet.placement.policy.Policies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorMainTest {

    private record Output(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Output run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLastLineIsTheMachineReadableResult() throws Exception {
        Output o = run("--nodes", TraceCsvTest.resource("tiny-nodes.csv").toString(),
                "--tasks", TraceCsvTest.resource("tiny-tasks.csv").toString(), "--policy", "fgd", "--seed", "7",
                "--load", "1.3");

        assertThat(o.code()).isZero();
        assertThat(o.lastLine()).matches("RESULT policy=fgd tasks=tiny-tasks\\.csv seed=7 load=1\\.3 "
                + "allocated_gpu_pct=\\d+\\.\\d\\d unallocated_gpus=\\d+ failed_tasks=\\d+ placed_per_s=\\d+");
        assertThat(o.out()).contains("arrived%", "fragmentation");
    }

    @Test
    void severalPoliciesAndSeedsWriteASummaryACurveCsvAndAChart(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("chart.png");
        Path csv = dir.resolve("curve.csv");
        Output o = run("--nodes", TraceCsvTest.resource("tiny-nodes.csv").toString(),
                "--tasks", TraceCsvTest.resource("tiny-tasks.csv").toString(), "--policy", "best-fit,gpu-packing",
                "--seeds", "1..3", "--chart", png.toString(), "--curve-csv", csv.toString(),
                "--summary", dir.resolve("s.md").toString());

        assertThat(o.code()).isZero();
        // one per run, and the last one repeated after the summary table
        assertThat(o.out().lines().filter(l -> l.startsWith("RESULT ")).count()).isEqualTo(7);
        assertThat(o.lastLine()).startsWith("RESULT policy=gpu-packing").contains("seed=3");
        assertThat(Files.readString(dir.resolve("s.md"))).contains("| best-fit |", "| gpu-packing |");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(960);
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("policy,seed,arrived_pct,alloc_pct,frag_pct");

        Path redrawn = dir.resolve("redrawn.png");
        assertThat(run("chart", "--curve-csv", csv.toString(), "--out", redrawn.toString()).code()).isZero();
        assertThat(ImageIO.read(redrawn.toFile())).isNotNull();
    }

    @Test
    void badInputExitsWithTwoAndNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path tasks = dir.resolve("bad.csv");
        Files.writeString(tasks, "name,cpu_milli,memory_mib,num_gpu,gpu_milli\nx,1,1,one,1000\n");

        Output o = run("--nodes", TraceCsvTest.resource("tiny-nodes.csv").toString(), "--tasks", tasks.toString());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("bad.csv:2: num_gpu is not a whole number: 'one'");
    }

    @Test
    void withoutPolicyItReplaysTheOnlineLearnedCpuAwareFgd() throws Exception {
        // when
        Output o = run("--nodes", TraceCsvTest.resource("tiny-nodes.csv").toString(),
                "--tasks", TraceCsvTest.resource("tiny-tasks.csv").toString(), "--seed", "7");

        // then
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.lastLine()).startsWith("RESULT policy=fgd-cpu-aware-learned tasks=tiny-tasks.csv seed=7 ");
    }

    @Test
    void anUnknownPolicyOrAMissingOptionIsAUsageError() throws Exception {
        Output unknown = run("--nodes", TraceCsvTest.resource("tiny-nodes.csv").toString(),
                "--tasks", TraceCsvTest.resource("tiny-tasks.csv").toString(), "--policy", "worst-fit");
        Output missing = run("--tasks", "x.csv");

        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown placement policy 'worst-fit'");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--nodes is required", "usage:");
    }

    static List<String> policies() {
        return Policies.names();
    }

    /**
     * A fleet of 2 H100, 4 RTX 4090 and 3 Ascend 910B3 (one CRITICAL, left out): 8 GPUs. The requests: 2 × 70 GiB
     * (only the H100 have that much), 1 × 2 Ascend GPUs, 8 × half an RTX 4090 and 1 × 200 GiB (no model): each
     * kind fits exactly its own GPUs, so whatever the policy and order, the 8 GPUs fill up and the 200 GiB request
     * fails. Load 1.125 is the mix's own demand (9 GPUs), so the tuning adds and removes nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void replaysAnInventoryFleetAndALeaseRequestMixFromJson(String policy) throws Exception {
        // when
        Output o = run("--nodes", TraceCsvTest.resource("fleet.jsonl").toString(),
                "--tasks", TraceCsvTest.resource("requests.json").toString(), "--policy", policy, "--seed", "7",
                "--load", "1.125");

        // then
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.lastLine()).matches("RESULT policy=" + policy.replace(".", "\\.") + " tasks=requests\\.json "
                + "seed=7 load=1\\.125 allocated_gpu_pct=100\\.00 unallocated_gpus=0 failed_tasks=1 placed_per_s=\\d+");
        assertThat(o.out()).contains(
                "note: nodes fleet.jsonl: 3 inventory record(s) -> 3 node(s), 8 GPU(s) of 3 model(s)",
                "1 CRITICAL device(s) left out",
                "2 record(s) without them (hostCpuCount or cpuMilli, and hostMemoryMiB) take cpu_milli=1000000000 memory_mib=1000000000",
                "note: tasks requests.json: 4 lease request(s) -> 12 task(s)",
                "note: 1 lease request(s) (1 task(s)) fit no GPU model of the fleet",
                "note: 1 lease request(s) name a region: ignored",
                "8 GPUs, 12 tasks (112.50% of GPU capacity)");
    }

    @Test
    void theNodeAndTaskFilesMayBeInDifferentFormats() throws Exception {
        // when
        Output jsonNodes = run("--nodes", TraceCsvTest.resource("discover-mixed-node-pretty.json").toString(),
                "--tasks", TraceCsvTest.resource("tiny-tasks.csv").toString(), "--node-cpu-milli", "96000",
                "--node-memory-mib", "786432");
        Output jsonTasks = run("--nodes", TraceCsvTest.resource("tiny-nodes.csv").toString(),
                "--tasks", TraceCsvTest.resource("requests.json").toString());

        // then
        assertThat(jsonNodes.code()).as(jsonNodes.err()).isZero();
        assertThat(jsonNodes.out()).contains("on discover-mixed-node-pretty.json: 5 nodes, 7 GPUs, 6 tasks",
                "take cpu_milli=96000 memory_mib=786432 (--node-cpu-milli / --node-memory-mib)");
        assertThat(jsonNodes.lastLine()).startsWith("RESULT policy=fgd-cpu-aware-learned tasks=tiny-tasks.csv");
        assertThat(jsonTasks.code()).as(jsonTasks.err()).isZero();
        assertThat(jsonTasks.out()).contains("note: memoryGiB and vendor are not checked");
        assertThat(jsonTasks.lastLine()).startsWith("RESULT policy=fgd-cpu-aware-learned tasks=requests.json");
    }

    @Test
    void aCsvReplayPrintsNoNotes() throws Exception {
        // when
        Output o = run("--nodes", TraceCsvTest.resource("tiny-nodes.csv").toString(),
                "--tasks", TraceCsvTest.resource("tiny-tasks.csv").toString());

        // then
        assertThat(o.out()).doesNotContain("note:").startsWith("trace tiny-tasks.csv on tiny-nodes.csv");
    }

    @Test
    void badJsonInputExitsWithTwoAndNamesFileAndLine(@TempDir Path dir) throws Exception {
        // given
        Path tasks = dir.resolve("bad.jsonl");
        Files.writeString(tasks, InventoryJsonTest.q("{'memoryGiB':16,'deviceCount':1}\n"
                + "{'memoryGiB':16,'deviceCount':0}\n"));
        Path nodes = dir.resolve("nodes.json");
        Files.writeString(nodes, InventoryJsonTest.q("[\n  {'nodeId': 'n1',\n"
                + "   'devices': [{'vendor': 'NVIDIA', 'model': 'T4', 'memoryMiB': -1}]}\n]\n"));

        // when
        Output badTasks = run("--nodes", TraceCsvTest.resource("fleet.jsonl").toString(), "--tasks", tasks.toString());
        Output badNodes = run("--nodes", nodes.toString(), "--tasks", tasks.toString());

        // then
        assertThat(badTasks.code()).isEqualTo(2);
        assertThat(badTasks.err()).startsWith("error: bad.jsonl:2: deviceCount must be within 1..16, was 0");
        assertThat(badNodes.code()).isEqualTo(2);
        assertThat(badNodes.err()).startsWith("error: nodes.json:2: devices[0].memoryMiB must be positive, was -1");
    }

    @Test
    void aHostResourceOptionThatIsNoWholeNumberIsAUsageError() throws Exception {
        // when
        Output o = run("--nodes", TraceCsvTest.resource("fleet.jsonl").toString(),
                "--tasks", TraceCsvTest.resource("requests.json").toString(), "--node-cpu-milli", "lots");

        // then
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--node-cpu-milli must be a whole number, was 'lots'", "usage:");
    }
}
