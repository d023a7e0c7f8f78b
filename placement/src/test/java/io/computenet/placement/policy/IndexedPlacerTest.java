package io.computenet.placement.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The indexed placer makes exactly the scan's decisions. */
class IndexedPlacerTest {

    private static final String[] MODELS = {"T4", "V100", "A10"};
    private static final String[] SPECS = {"", "", "", "T4", "V100|A10", "A10"};

    /** A cluster with many identical nodes (as real fleets have) and a few odd ones, tight memory on some. */
    static List<NodeState> cluster(Random random, int size) {
        List<NodeState> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int type = random.nextInt(5);
            String model = MODELS[type % MODELS.length];
            int gpus = new int[] {1, 2, 4, 8, 8}[type];
            long cpu = new long[] {16_000, 32_000, 64_000, 96_000, 64_000}[type];
            long memory = random.nextInt(6) == 0 ? 40_000 : 400_000;
            nodes.add(NodeState.empty("n" + i, model, cpu, memory, gpus));
        }
        return nodes;
    }

    /** Tasks of repeating shapes: shares, whole GPUs (1, 2, 4, 8), CPU-only; some model-constrained. */
    static List<GpuTask> workload(Random random, int count) {
        int[] shares = {100, 250, 300, 500, 700, 810};
        List<GpuTask> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            long cpu = 1000L * (1 + random.nextInt(12));
            long memory = 1000L * (1 + random.nextInt(30));
            String spec = SPECS[random.nextInt(SPECS.length)];
            if (kind < 2) {
                tasks.add(GpuTask.of("c" + i, cpu, memory, 0, 0, ""));
            } else if (kind < 6) {
                tasks.add(GpuTask.of("s" + i, cpu, memory, 1, shares[random.nextInt(shares.length)], spec));
            } else {
                int n = new int[] {1, 1, 2, 4, 8}[random.nextInt(5)];
                tasks.add(GpuTask.of("w" + i, cpu * n, memory, n, 1000, spec));
            }
        }
        return tasks;
    }

    @ParameterizedTest
    @ValueSource(strings = {"best-fit", "fgd-cpu-aware", "fgd", "gpu-packing", "gpu-clustering", "dot-product",
            "fgd-waste-0.5", "fgd-learned", "fgd-cpu-aware-learned"})
    void indexedPlacerMakesEveryDecisionOfTheScan(String policyName) {
        for (long seed = 1; seed <= 4; seed++) {
            // given the same cluster, workload and policy twice
            Random random = new Random(seed);
            List<NodeState> nodes = cluster(random, 150);
            List<GpuTask> tasks = workload(random, 2500); // well past the cluster's capacity: many tasks fail
            TypicalTasks mix = TypicalTasks.of(tasks.stream().map(GpuTask::shape).toList(), 0.95);
            PolicyPlacer indexed = new PolicyPlacer(nodes, Policies.create(policyName,
                    new Policies.Context(seed, mix, List.of())));
            PolicyPlacer scan = PolicyPlacer.scanning(nodes, Policies.create(policyName,
                    new Policies.Context(seed, mix, List.of())));
            assertThat(indexed.indexed()).isTrue();
            assertThat(scan.indexed()).isFalse();

            // when both place every task, then every decision is the same
            int placed = 0;
            for (int k = 0; k < tasks.size(); k++) {
                Optional<PolicyPlacer.Decision> a = indexed.place(tasks.get(k));
                Optional<PolicyPlacer.Decision> b = scan.place(tasks.get(k));
                assertThat(a.isPresent()).as("seed %d task %d %s", seed, k, tasks.get(k)).isEqualTo(b.isPresent());
                if (a.isPresent()) {
                    placed++;
                    assertThat(a.get().node()).as("seed %d task %d %s", seed, k, tasks.get(k))
                            .isEqualTo(b.get().node());
                    assertThat(a.get().gpus()).isEqualTo(b.get().gpus());
                    assertThat(a.get().score()).isEqualTo(b.get().score());
                }
            }
            assertThat(placed).isBetween(300, tasks.size() - 300);
            assertThat(indexed.nodes()).extracting(NodeState::toString)
                    .containsExactlyElementsOf(scan.nodes().stream().map(NodeState::toString).toList());
        }
    }

    @Test
    void identicalNodesShareOneStateClassUntilTheyDiverge() {
        // given four identical nodes
        List<NodeState> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(NodeState.empty("n" + i, "T4", 32_000, 100_000, 2));
        }
        PolicyPlacer placer = new PolicyPlacer(nodes, new BestFit());
        assertThat(placer.stateClasses()).isEqualTo(1);

        // when one takes a share, then it forms its own class; the first-ranked identical node was chosen
        PolicyPlacer.Decision d = placer.place(GpuTask.of("s", 1000, 1000, 1, 500, "")).orElseThrow();
        assertThat(d.node()).isZero();
        assertThat(placer.stateClasses()).isEqualTo(2);
    }

    @Test
    void aClassMemberWithoutMemoryIsSkippedForTheNextRank() {
        // given two nodes identical but for memory, the lower-ranked one without enough
        NodeState small = NodeState.of("small", "T4", 32_000, 1_000, new int[] {1000}, 0);
        NodeState big = NodeState.of("big", "T4", 32_000, 64_000, new int[] {1000}, 0);
        PolicyPlacer placer = new PolicyPlacer(List.of(small, big), new BestFit());

        // when
        PolicyPlacer.Decision d = placer.choose(GpuTask.of("t", 1000, 8_000, 1, 500, "")).orElseThrow();

        // then
        assertThat(placer.stateClasses()).isEqualTo(1);
        assertThat(d.nodeId()).isEqualTo("big");
    }

    @Test
    void aClassThatHadNoRoomFindsItWhenARoomyNodeJoinsIt() {
        // given two identical nodes short of memory (one class), and a roomy node that a share will turn into
        // their state (8 cores, 500 milli free, a share on it) with plenty of memory
        NodeState a = NodeState.of("a", "T4", 8_000, 1_000, new int[] {500}, NodeState.SHARE_TAG);
        NodeState b = NodeState.of("b", "T4", 8_000, 1_000, new int[] {500}, NodeState.SHARE_TAG);
        NodeState c = NodeState.of("c", "T4", 9_000, 64_000, new int[] {1000}, 0);
        PolicyPlacer indexed = new PolicyPlacer(List.of(a, b, c), new BestFit());
        GpuTask big = GpuTask.of("big", 1_000, 8_000, 1, 500, "");

        // when a task needing 8 GiB looks at a and b's class first (it finds no room there) and goes to c
        assertThat(indexed.place(big).orElseThrow().nodeId()).isEqualTo("c");

        // then c has joined that class, and the next such task finds c in it, not "no room"
        assertThat(indexed.stateClasses()).isEqualTo(1);
        assertThat(indexed.choose(GpuTask.of("big2", 1_000, 8_000, 1, 500, "")).orElseThrow().nodeId())
                .isEqualTo("c");
        assertThat(indexed.choose(GpuTask.of("small", 1_000, 1, 1, 500, "")).orElseThrow().nodeId())
                .isEqualTo("a");
        PolicyPlacer scan = PolicyPlacer.scanning(List.of(a, b, c), new BestFit());
        scan.place(big);
        assertThat(scan.choose(GpuTask.of("big2", 1_000, 8_000, 1, 500, "")).orElseThrow().nodeId())
                .isEqualTo("c");
    }

    @Test
    void randomFitIsNotCacheableAndScans() {
        assertThat(new PolicyPlacer(List.of(NodeState.empty("n", "T4", 1000, 1000, 1)), new RandomFit(1)).indexed())
                .isFalse();
    }
}
