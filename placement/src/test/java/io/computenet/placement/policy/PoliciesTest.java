package io.computenet.placement.policy;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each policy's choice on tiny clusters, with the expected scores derived by hand from the paper's formulas. */
class PoliciesTest {

    private static NodeState node(String id, long cpu, int... free) {
        return NodeState.of(id, "T4", cpu, 100_000, free, 0);
    }

    private static NodeState tagged(String id, int tags, int... free) {
        return NodeState.of(id, "T4", 64_000, 100_000, free, tags);
    }

    private static GpuTask task(long cpu, int n, int g) {
        return GpuTask.of("t", cpu, 1024, n, g, "");
    }

    private static PolicyPlacer.Decision place(PlacementPolicy policy, GpuTask task, NodeState... nodes) {
        return new PolicyPlacer(List.of(nodes), policy).choose(task).orElseThrow();
    }

    @Test
    void fgdPrefersTheGpuWhoseRemainderTheTaskMixCanStillUse() {
        // given the worked example's node X = [1000, 300] (score 57 on GPU1) ranked after Y = [1000, 1000]
        // (F 400 -> 550, Δ = -150, score 46)
        FragmentationGradientDescent fgd = new FragmentationGradientDescent(FragmentationTest.MIX);
        NodeState y = node("y", 10_000, 1000, 1000);
        NodeState x = node("x", 10_000, 1000, 300);

        // when
        PolicyPlacer.Decision d = place(fgd, task(2000, 1, 300), y, x);

        // then
        assertThat(fgd.score(x, task(2000, 1, 300).shape())).isEqualTo(new NodeScore(57, 1));
        assertThat(fgd.score(y, task(2000, 1, 300).shape())).isEqualTo(new NodeScore(46, 0));
        assertThat(d.nodeId()).isEqualTo("x");
        assertThat(d.gpus()).containsExactly(1);
    }

    @Test
    void fgdScoreIsTheSigmoidOfTheFragmentDropQuantisedToIntegers() {
        assertThat(FragmentationGradientDescent.quantise(0)).isEqualTo(50);
        assertThat(FragmentationGradientDescent.quantise(300)).isEqualTo(57);
        assertThat(FragmentationGradientDescent.quantise(-150)).isEqualTo(46);
        assertThat(FragmentationGradientDescent.quantise(10_000)).isEqualTo(99);
        assertThat(FragmentationGradientDescent.quantise(-10_000)).isZero();
    }

    @Test
    void bestFitPrefersTheNodeWithTheLeastCpuAndGpuLeftAfterPlacement() {
        // a: 1 - [.5*63000/128000 + .5*1000/8000] = .691 -> 69;  b: 1 - [.5*31000/128000 + .5*500/8000] -> 84
        NodeState a = node("a", 64_000, 1000, 1000);
        NodeState b = node("b", 32_000, 1000, 500);

        assertThat(new BestFit().score(a, task(1000, 1, 1000).shape()).score()).isEqualTo(69);
        assertThat(new BestFit().score(b, task(1000, 1, 1000).shape()).score()).isEqualTo(84);
        assertThat(place(new BestFit(), task(1000, 1, 1000), a, b).nodeId()).isEqualTo("b");
    }

    @Test
    void packingBaselinesGiveASharingTaskTheSmallestGpuThatFits() {
        NodeState b = node("b", 32_000, 1000, 500, 450);

        assertThat(place(new BestFit(), task(1000, 1, 400), b).gpus()).containsExactly(2);
        assertThat(place(new DotProduct(), task(1000, 1, 400), b).gpus()).containsExactly(2);
        assertThat(place(new GpuPacking(), task(1000, 1, 400), b).gpus()).containsExactly(2);
    }

    @Test
    void dotProductPrefersTheNodeWhoseRemainderAlignsLeastWithTheDemand() {
        // a: 1 - .5[(.5)(.125) + (.25)(.125)] = .953 -> 95;  b: 1 - .5[(.25)(.125) + (.1875)(.125)] = .973 -> 97
        NodeState a = node("a", 64_000, 1000, 1000);
        NodeState b = node("b", 32_000, 1000, 500);

        assertThat(new DotProduct().score(a, task(16_000, 1, 1000).shape()).score()).isEqualTo(95);
        assertThat(new DotProduct().score(b, task(16_000, 1, 1000).shape()).score()).isEqualTo(97);
        assertThat(place(new DotProduct(), task(16_000, 1, 1000), a, b).nodeId()).isEqualTo("b");
    }

    @Test
    void gpuPackingFillsPartlyUsedGpusThenPartlyUsedNodesThenSmallIdleNodes() {
        GpuPacking packing = new GpuPacking();
        TaskShape share = task(1000, 1, 400).shape();
        TaskShape whole = task(1000, 1, 1000).shape();

        // partly used GPU of 500 free: 100 - floor(50 / 10) = 95
        assertThat(packing.score(node("p", 64_000, 1000, 500), share).score()).isEqualTo(95);
        // a fully free GPU on a partly used node: max(50 - 1, 33) = 49
        assertThat(packing.score(node("p", 64_000, 1000, 500), whole).score()).isEqualTo(49);
        // idle nodes: 33 - G
        assertThat(packing.score(node("i2", 64_000, 1000, 1000), share).score()).isEqualTo(31);
        assertThat(packing.score(node("i8", 64_000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000), share)
                .score()).isEqualTo(25);
        assertThat(packing.score(node("c", 64_000, 1000), task(1000, 0, 0).shape()).score()).isZero();
    }

    @Test
    void gpuClusteringKeepsTasksOfTheSameKindTogether() {
        GpuClustering clustering = new GpuClustering();
        TaskShape share = task(1000, 1, 400).shape();
        int oneGpu = 1 << 1;

        // base = floor(25 * (8000 - R) / 8000)
        assertThat(clustering.score(tagged("s", NodeState.SHARE_TAG, 1000, 500), share).score()).isEqualTo(20 + 75);
        assertThat(clustering.score(tagged("m", NodeState.SHARE_TAG | oneGpu, 1000, 0), share).score())
                .isEqualTo(21 + 50);
        assertThat(clustering.score(tagged("e", 0, 1000, 1000), share).score()).isEqualTo(18 + 25);
        assertThat(clustering.score(tagged("w", oneGpu, 1000, 0), share).score()).isEqualTo(21);
        assertThat(place(clustering, task(1000, 1, 400), tagged("w", oneGpu, 1000, 0),
                tagged("e", 0, 1000, 1000), tagged("s", NodeState.SHARE_TAG, 1000, 500)).nodeId()).isEqualTo("s");
    }

    @Test
    void placingRecordsTheKindOfTaskOnTheNode() {
        NodeState n = node("n", 64_000, 1000, 1000, 1000);
        assertThat(n.withPlacement(task(1, 1, 300), new int[] {0}).tags()).isEqualTo(NodeState.SHARE_TAG);
        assertThat(n.withPlacement(task(1, 2, 1000), new int[] {0, 1}).tags()).isEqualTo(1 << 2);
    }

    @Test
    void randomFitPicksOnlyFeasibleNodesAndRepeatsWithTheSameSeed() {
        List<NodeState> nodes = List.of(node("a", 64_000, 1000), node("full", 64_000, 0), node("b", 64_000, 1000),
                node("c", 64_000, 1000));
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            chosen.add(new PolicyPlacer(nodes, new RandomFit(i)).choose(task(1, 1, 100)).orElseThrow().nodeId());
        }
        assertThat(chosen).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(new PolicyPlacer(nodes, new RandomFit(7)).choose(task(1, 1, 100)).orElseThrow().nodeId())
                .isEqualTo(new PolicyPlacer(nodes, new RandomFit(7)).choose(task(1, 1, 100)).orElseThrow().nodeId());
    }

    @Test
    void policiesAreFoundByNameAndAnUnknownNameListsTheKnownOnes() {
        Policies.Context context = new Policies.Context(1, FragmentationTest.MIX, List.of());
        for (String name : Policies.names()) {
            assertThat(Policies.create(name, context).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> Policies.create("worst-fit", context))
                .hasMessageContaining("unknown placement policy 'worst-fit'").hasMessageContaining("best-fit");
    }
}
