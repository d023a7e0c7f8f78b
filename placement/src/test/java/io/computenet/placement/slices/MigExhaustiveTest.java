package io.computenet.placement.slices;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sequence of MIG requests on an A100/H100/H200 is either placed per NVIDIA's placement rules or rejected
 * with a reason, checked against an oracle written independently from {@code nvidia-smi mig -lgipp}.
 *
 * <p>The outcome of a request depends only on the device's state, not on how it was reached, so walking every
 * reachable state and trying every profile on it covers every sequence of requests (of any length) without
 * enumerating the sequences themselves.
 */
class MigExhaustiveTest {

    /** lgipp on A100/H100 80GB: profile -> {memory slots, valid starts...}; H200 by its own names. */
    private static final Map<String, int[]> LGIPP = new HashMap<>();

    static {
        for (String[] names : new String[][]{
                {"1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"},
                {"1g.18gb", "1g.18gb+me", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb"}}) {
            LGIPP.put(names[0], new int[]{1, 0, 1, 2, 3, 4, 5, 6});
            LGIPP.put(names[1], new int[]{1, 0, 1, 2, 3, 4, 5, 6});
            LGIPP.put(names[2], new int[]{2, 0, 2, 4, 6});
            LGIPP.put(names[3], new int[]{2, 0, 2, 4});
            LGIPP.put(names[4], new int[]{4, 0, 4});
            LGIPP.put(names[5], new int[]{4, 0});
            LGIPP.put(names[6], new int[]{8, 0});
        }
    }

    static Stream<Arguments> everyReachableStateAnswersEveryProfileByTheRules() {
        return Stream.of(Arguments.of(Devices.h100()), Arguments.of(Devices.h100Pcie()),
                Arguments.of(Devices.a100()), Arguments.of(Devices.h200()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyReachableStateAnswersEveryProfileByTheRules(DeviceShape shape) {
        // given every MIG state reachable from an empty GPU by fit
        List<SliceProfile> profiles = shape.profiles().stream().filter(p -> p.kind() == SliceKind.MIG).toList();
        Set<String> seen = new HashSet<>();
        List<DeviceState> frontier = new ArrayList<>(List.of(DeviceState.empty(shape)));
        int states = 0;
        int placements = 0;
        int rejections = 0;
        while (!frontier.isEmpty()) {
            DeviceState state = frontier.remove(frontier.size() - 1);
            if (!seen.add(key(state))) {
                continue;
            }
            states++;
            // when every profile is asked for
            for (SliceProfile profile : profiles) {
                Fit fit = SliceArithmetic.fit(state, SliceRequest.mig(profile.name()), "n" + states);
                int[] rule = LGIPP.get(profile.name());
                boolean atLimit = count(state, profile.name()) >= profile.maxInstances();
                boolean slotFree = freeStartExists(state, rule);
                // then it is placed exactly when the oracle allows it, on a valid and free start
                if (fit instanceof Fit.Placed placed) {
                    placements++;
                    assertThat(atLimit).as("%s placed beyond its limit on %s", profile.name(), state).isFalse();
                    Allocation a = placed.allocation();
                    assertThat(a.slotCount()).isEqualTo(rule[0]);
                    assertThat(validStart(rule, a.firstSlot())).as("start %d of %s", a.firstSlot(), profile.name())
                            .isTrue();
                    assertThat(a.slotMask() & occupied(state)).isZero();
                    assertConsistent(placed.state());
                    frontier.add(placed.state());
                } else {
                    rejections++;
                    Fit.Rejected rejected = (Fit.Rejected) fit;
                    assertThat(atLimit || !slotFree).as("%s rejected on %s: %s", profile.name(), state,
                            rejected.reason()).isTrue();
                    assertThat(rejected.code()).isEqualTo(atLimit ? Fit.Code.INSTANCE_LIMIT : Fit.Code.NO_ALIGNED_SLOT);
                    assertThat(rejected.reason()).startsWith(profile.name() + ": ").hasSizeGreaterThan(20);
                }
                assertThat(SliceArithmetic.fits(state, SliceRequest.mig(profile.name())))
                        .isEqualTo(fit instanceof Fit.Placed);
            }
        }
        // and the walk covered a real state space with both outcomes
        assertThat(states).isGreaterThan(100);
        assertThat(placements).isGreaterThanOrEqualTo(states - 1);
        assertThat(rejections).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyReachableStateAnswersEveryProfileByTheRules")
    void everyLayoutTheRulesAllowIsRestorableAndAnswersEveryProfileByTheRules(DeviceShape shape) {
        // given every layout of non-overlapping instances on valid starts within the limits (the oracle's)
        List<SliceProfile> profiles = shape.profiles().stream().filter(p -> p.kind() == SliceKind.MIG).toList();
        List<List<Allocation>> layouts = new ArrayList<>();
        enumerate(profiles, 0, 0, new ArrayList<>(), layouts);
        assertThat(layouts).hasSizeGreaterThan(100);

        for (List<Allocation> layout : layouts) {
            // when the layout is restored
            DeviceState state = DeviceState.restore(shape, layout);
            assertThat(state.allocations()).isEqualTo(layout);
            assertConsistent(state);

            // then every profile is placed exactly when some valid start is free and its limit not reached
            for (SliceProfile profile : profiles) {
                int[] rule = LGIPP.get(profile.name());
                boolean allowed = count(state, profile.name()) < profile.maxInstances()
                        && freeStartExists(state, rule);
                Fit fit = SliceArithmetic.fit(state, SliceRequest.mig(profile.name()), "next");
                assertThat(fit.placed()).as("%s on %s", profile.name(), layout).isEqualTo(allowed);
                if (fit instanceof Fit.Placed placed) {
                    assertThat(placed.allocation().slotMask() & occupied(state)).isZero();
                    assertThat(validStart(rule, placed.allocation().firstSlot())).isTrue();
                }
            }
            // and no layout the rules forbid can be restored: any instance on a used or invalid start
            for (SliceProfile profile : profiles) {
                int[] rule = LGIPP.get(profile.name());
                for (int start = 0; start + rule[0] <= MigPlacement.MEMORY_SLOTS; start++) {
                    if (!validStart(rule, start) || !free(state, rule, start)
                            || count(state, profile.name()) >= profile.maxInstances()) {
                        List<Allocation> bad = new ArrayList<>(layout);
                        bad.add(instance(profile, "bad", start));
                        assertThatRestoreFails(shape, bad);
                    }
                }
            }
        }
    }

    private static void assertThatRestoreFails(DeviceShape shape, List<Allocation> layout) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceState.restore(shape, layout))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot restore allocation bad");
    }

    /** Adds, in canonical order (profile index, then start), every instance that fits the oracle's rules. */
    private static void enumerate(List<SliceProfile> profiles, int fromProfile, int used, List<Allocation> current,
                                  List<List<Allocation>> out) {
        out.add(List.copyOf(current));
        for (int p = fromProfile; p < profiles.size(); p++) {
            SliceProfile profile = profiles.get(p);
            int[] rule = LGIPP.get(profile.name());
            long already = current.stream().filter(a -> a.profile().equals(profile.name())).count();
            if (already >= profile.maxInstances()) {
                continue;
            }
            int lastStart = current.isEmpty() || !current.get(current.size() - 1).profile().equals(profile.name())
                    ? -1 : current.get(current.size() - 1).firstSlot();
            for (int i = 1; i < rule.length; i++) {
                int start = rule[i];
                int mask = ((1 << rule[0]) - 1) << start;
                if (start <= lastStart || (used & mask) != 0) {
                    continue;
                }
                current.add(instance(profile, "i" + current.size(), start));
                enumerate(profiles, p, used | mask, current, out);
                current.remove(current.size() - 1);
            }
        }
    }

    private static Allocation instance(SliceProfile profile, String id, int start) {
        return new Allocation(id, DeviceMode.MIG, profile.name(), profile.memoryMiB(), profile.computeUnits(), start,
                LGIPP.get(profile.name())[0]);
    }

    private static boolean free(DeviceState state, int[] rule, int start) {
        int mask = ((1 << rule[0]) - 1) << start;
        return (occupied(state) & mask) == 0;
    }

    private static void assertConsistent(DeviceState state) {
        int union = 0;
        int computeSlices = 0;
        for (Allocation a : state.allocations()) {
            assertThat(union & a.slotMask()).isZero();
            union |= a.slotMask();
            computeSlices += state.shape().migPlacement(a.profile()).orElseThrow().computeSlices();
        }
        assertThat(state.usedMigSlots()).isEqualTo(union);
        assertThat(computeSlices).isLessThanOrEqualTo(MigPlacement.COMPUTE_SLICES);
        assertThat(state.usedMemoryMiB()).isLessThanOrEqualTo(state.memoryMiB());
    }

    private static String key(DeviceState state) {
        List<String> parts = new ArrayList<>();
        for (Allocation a : state.allocations()) {
            parts.add(a.profile() + "@" + a.firstSlot());
        }
        parts.sort(null);
        return String.join(",", parts);
    }

    private static int count(DeviceState state, String profile) {
        return (int) state.allocations().stream().filter(a -> a.profile().equals(profile)).count();
    }

    private static int occupied(DeviceState state) {
        int mask = 0;
        for (Allocation a : state.allocations()) {
            int[] rule = LGIPP.get(a.profile());
            for (int slot = a.firstSlot(); slot < a.firstSlot() + rule[0]; slot++) {
                mask |= 1 << slot;
            }
        }
        return mask;
    }

    private static boolean validStart(int[] rule, int start) {
        for (int i = 1; i < rule.length; i++) {
            if (rule[i] == start) {
                return true;
            }
        }
        return false;
    }

    private static boolean freeStartExists(DeviceState state, int[] rule) {
        int used = occupied(state);
        for (int i = 1; i < rule.length; i++) {
            boolean free = true;
            for (int slot = rule[i]; slot < rule[i] + rule[0]; slot++) {
                free &= (used & 1 << slot) == 0;
            }
            if (free) {
                return true;
            }
        }
        return false;
    }
}
