package io.computenet.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
    void anUnknownPolicyOrAMissingOptionIsAUsageError() throws Exception {
        Output unknown = run("--nodes", TraceCsvTest.resource("tiny-nodes.csv").toString(),
                "--tasks", TraceCsvTest.resource("tiny-tasks.csv").toString(), "--policy", "worst-fit");
        Output missing = run("--tasks", "x.csv");

        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown placement policy 'worst-fit'");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--nodes is required", "usage:");
    }
}
