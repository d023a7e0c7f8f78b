package io.computenet.placement;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirstFitTreeTest {

    private static FirstFitTree.Item item(String nodeId, String key, long flags, long room, int compute) {
        FirstFitTree.Item item = new FirstFitTree.Item(nodeId, key);
        item.flags = flags;
        item.room = room;
        item.compute = compute;
        return item;
    }

    /** What the tree must answer: the first member in (node id, key) order that matches, by a plain scan. */
    private static FirstFitTree.Item scan(List<FirstFitTree.Item> members, long flag, long minRoom, int minCompute) {
        return members.stream().filter(i -> (i.flags & flag) != 0 && i.room >= minRoom && i.compute >= minCompute)
                .min(Comparator.comparing((FirstFitTree.Item i) -> i.nodeId).thenComparing(i -> i.key))
                .orElse(null);
    }

    @Test
    void findsTheFirstMatchingItemInNodeAndKeyOrderAsAScanWould() {
        Random random = new Random(7);
        FirstFitTree tree = new FirstFitTree();
        List<FirstFitTree.Item> members = new ArrayList<>();
        List<FirstFitTree.Item> outside = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            for (int d = 0; d < 4; d++) {
                outside.add(item("node-" + random.nextInt(100_000), "d" + d, 0, 0, 0));
            }
        }
        for (int step = 0; step < 20_000; step++) {
            // given a tree changed at random: items added, removed and re-marked
            int action = random.nextInt(10);
            if (action < 4 && !outside.isEmpty()) {
                FirstFitTree.Item i = outside.remove(random.nextInt(outside.size()));
                if (members.stream().anyMatch(m -> m.nodeId.equals(i.nodeId) && m.key.equals(i.key))) {
                    continue; // ids drawn twice: one item per (node, key), as in the index
                }
                mark(i, random);
                tree.insert(i);
                members.add(i);
            } else if (action < 6 && !members.isEmpty()) {
                FirstFitTree.Item i = members.remove(random.nextInt(members.size()));
                tree.remove(i);
                outside.add(i);
            } else if (!members.isEmpty()) {
                FirstFitTree.Item i = members.get(random.nextInt(members.size()));
                mark(i, random);
                tree.refresh(i);
            }

            // when it is asked for a flag with some room and compute
            long flag = 1L << random.nextInt(6);
            long minRoom = random.nextBoolean() ? Long.MIN_VALUE : random.nextInt(1000);
            int minCompute = random.nextBoolean() ? Integer.MIN_VALUE : random.nextInt(100);

            // then it answers what a scan in order answers
            assertThat(tree.first(flag, minRoom, minCompute, null)).as("step %d", step)
                    .isSameAs(scan(members, flag, minRoom, minCompute));
            assertThat(tree.size()).isEqualTo(members.size());
        }
    }

    private static void mark(FirstFitTree.Item i, Random random) {
        i.flags = random.nextLong() & 0b111111 & random.nextLong();
        i.room = random.nextInt(1000);
        i.compute = random.nextInt(100);
    }

    @Test
    void anEmptyTreeFindsNothingAndKnowsNoFlags() {
        FirstFitTree tree = new FirstFitTree();

        assertThat(tree.first(1, Long.MIN_VALUE, Integer.MIN_VALUE, null)).isNull();
        assertThat(tree.flags()).isZero();
        assertThat(tree.isEmpty()).isTrue();
    }

    @Test
    void anItemIsInOneTreeAtATime() {
        // given an item in one tree
        FirstFitTree one = new FirstFitTree();
        FirstFitTree other = new FirstFitTree();
        FirstFitTree.Item item = item("node-1", "d0", 1, 0, 0);
        one.insert(item);

        // then it cannot join or leave another
        assertThatThrownBy(() -> other.insert(item)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> other.remove(item)).isInstanceOf(IllegalStateException.class);
        one.remove(item);
        other.insert(item);
        assertThat(item.tree()).isSameAs(other);
    }
}
