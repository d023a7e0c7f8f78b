package io.computenet.placement.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TypicalTasksTest {

    private static TaskShape shape(long cpu, int g, int n) {
        return new TaskShape(cpu, g, n, ModelConstraint.ANY);
    }

    private static List<TaskShape> times(TaskShape s, int count) {
        return Collections.nCopies(count, s);
    }

    @Test
    void keepsTheMostFrequentShapesUntilTheyCoverTheThresholdAndRenormalises() {
        // given 50 + 30 + 15 + 5 tasks
        List<TaskShape> tasks = new ArrayList<>();
        tasks.addAll(times(shape(1000, 500, 1), 50));
        tasks.addAll(times(shape(2000, 1000, 1), 30));
        tasks.addAll(times(shape(3000, 0, 0), 15));
        tasks.addAll(times(shape(4000, 1000, 2), 5));
        Collections.shuffle(tasks, new java.util.Random(1));

        // when: 95 % needs the first three (50+30+15 = 95)
        TypicalTasks mix = TypicalTasks.of(tasks, 0.95);

        // then
        assertThat(mix.shapes()).containsExactly(shape(1000, 500, 1), shape(2000, 1000, 1), shape(3000, 0, 0));
        assertThat(mix.probabilities().get(0)).isCloseTo(50 / 95.0, within(1e-12));
        assertThat(mix.probabilities().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-12));
    }

    @Test
    void breaksEqualCountsByLargerCpuThenLargerGpuShare() {
        List<TaskShape> tasks = new ArrayList<>();
        tasks.addAll(times(shape(1000, 900, 1), 10));
        tasks.addAll(times(shape(1000, 200, 1), 10));
        tasks.addAll(times(shape(5000, 100, 1), 10));

        TypicalTasks mix = TypicalTasks.of(tasks, 1.0);

        assertThat(mix.shapes()).containsExactly(shape(5000, 100, 1), shape(1000, 900, 1), shape(1000, 200, 1));
    }

    @Test
    void theDistanceBetweenTwoMixesIsTheirTotalVariation() {
        // given
        TaskShape a = shape(1000, 500, 1);
        TaskShape b = shape(2000, 1000, 1);
        TaskShape c = shape(3000, 0, 0);
        TypicalTasks ab = new TypicalTasks(List.of(a, b), List.of(0.5, 0.5));
        TypicalTasks ac = new TypicalTasks(List.of(a, c), List.of(0.8, 0.2));

        // then: b's 0.5 is missing from ac, c's 0.2 from ab, a differs by 0.3: (0.3 + 0.5 + 0.2) / 2
        assertThat(ab.distance(ac)).isCloseTo(0.5, within(1e-12));
        assertThat(ac.distance(ab)).isCloseTo(0.5, within(1e-12));
        assertThat(ab.distance(new TypicalTasks(List.of(b, a), List.of(0.5, 0.5)))).isZero();
        assertThat(ab.distance(new TypicalTasks(List.of(c), List.of(1.0)))).isCloseTo(1, within(1e-12));
    }

    @Test
    void rejectsACoverageOutsideZeroToOne() {
        assertThatThrownBy(() -> TypicalTasks.of(List.of(), 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
