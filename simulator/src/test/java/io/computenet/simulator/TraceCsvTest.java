package io.computenet.simulator;

import io.computenet.placement.policy.GpuTask;
import io.computenet.placement.policy.NodeState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceCsvTest {

    static Path resource(String name) throws Exception {
        return Path.of(TraceCsvTest.class.getResource("/" + name).toURI());
    }

    @Test
    void readsNodesWithCpuMemoryAndFullyFreeGpusOfTheirModel() throws Exception {
        List<NodeState> nodes = TraceCsv.readNodes(resource("tiny-nodes.csv"));

        assertThat(nodes).hasSize(3);
        assertThat(nodes.get(1).id()).isEqualTo("n1");
        assertThat(nodes.get(1).model()).isEqualTo("V100M32");
        assertThat(nodes.get(1).cpuLeft()).isEqualTo(64_000);
        assertThat(nodes.get(1).memoryLeftMiB()).isEqualTo(131_072);
        assertThat(nodes.get(1).freeMilli()).containsExactly(1000, 1000, 1000, 1000);
    }

    @Test
    void readsSharesWholeGpusCpuOnlyTasksAndModelConstraintsIgnoringPhaseAndTimes() throws Exception {
        List<GpuTask> tasks = TraceCsv.readTasks(resource("tiny-tasks.csv"));

        assertThat(tasks).hasSize(6);
        assertThat(tasks.get(0).shape().isSharing()).isTrue();
        assertThat(tasks.get(0).shape().gpuMilli()).isEqualTo(500);
        assertThat(tasks.get(1).shape().isCpuOnly()).isTrue();
        assertThat(tasks.get(2).shape().isWholeGpu()).isTrue();
        assertThat(tasks.get(3).shape().models().allows("V100M32")).isTrue();
        assertThat(tasks.get(3).shape().models().allows("T4")).isFalse();
        assertThat(tasks.get(4).shape().gpuDemandMilli()).isEqualTo(2000);
        assertThat(tasks.get(4).memoryMiB()).isEqualTo(32_768);
    }

    @Test
    void aTaskFileWithoutTheGpuSpecColumnMeansAnyModel() {
        List<GpuTask> tasks = TraceCsv.parseTasks("multi.csv",
                "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,1000,10,8,1000\n");

        assertThat(tasks.get(0).shape().models().isAny()).isTrue();
        assertThat(tasks.get(0).shape().gpuCount()).isEqualTo(8);
    }

    @Test
    void aCpuOnlyTaskHasNoGpuShareWhateverTheColumnSays() {
        List<GpuTask> tasks = TraceCsv.parseTasks("t.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,1,1,0,300\n");

        assertThat(tasks.get(0).shape().gpuMilli()).isZero();
    }

    @Test
    void aMissingColumnIsNamedWithTheFile() {
        assertThatThrownBy(() -> TraceCsv.parseNodes("nodes.csv", "sn,cpu_milli,gpu,model\nn,1,1,T4\n"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("nodes.csv:1: missing column(s) [memory_mib]");
    }

    @Test
    void aNonNumericValueIsReportedWithFileLineAndColumn() {
        String csv = "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,10,1,500\n\np2,lots,10,1,500\n";

        assertThatThrownBy(() -> TraceCsv.parseTasks("tasks.csv", csv))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("tasks.csv:4: cpu_milli is not a whole number: 'lots'");
    }

    @Test
    void aShortRowIsReportedWithItsLine() {
        assertThatThrownBy(() -> TraceCsv.parseTasks("tasks.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,1,2\n"))
                .hasMessage("tasks.csv:2: expected at least 5 fields, found 3");
    }

    @Test
    void aMultiGpuShareIsRejectedBecauseOnlyWholeGpusCanBeSpreadOverSeveral() {
        assertThatThrownBy(() -> TraceCsv.parseTasks("tasks.csv",
                "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,1,2,2,500\n"))
                .hasMessageStartingWith("tasks.csv:2: a task with 2 GPUs must take them whole");
    }

    @Test
    void aGpuShareAboveOneThousandIsRejected() {
        assertThatThrownBy(() -> TraceCsv.parseTasks("tasks.csv",
                "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np,1,2,1,1500\n"))
                .hasMessage("tasks.csv:2: gpu_milli must be within 1..1000 for a GPU task, was 1500");
    }

    @Test
    void anEmptyFileNeedsAHeader() {
        assertThatThrownBy(() -> TraceCsv.parseNodes("nodes.csv", "")).hasMessageStartingWith("nodes.csv:1: empty file");
    }
}
