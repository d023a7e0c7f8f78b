package io.computenet.placement.slices;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of fits and releases (fixed seed) on every device shape; after every step the state's invariants
 * are recomputed from its allocations alone and must hold.
 */
class RandomSequencePropertyTest {

    private static final long SEED = 20_250_601L;
    private static final int STEPS = 4_000;

    static List<DeviceShape> shapes() {
        return Devices.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void sumsNeverExceedTotalsAndEveryAnswerIsConsistent(DeviceShape shape) {
        // given an empty device and a seeded random source
        Random random = new Random(SEED ^ shape.model().hashCode());
        DeviceState state = DeviceState.empty(shape);
        Map<Fit.Code, Integer> rejections = new HashMap<>();
        int placed = 0;
        int next = 0;

        for (int step = 0; step < STEPS; step++) {
            // when a random request is fitted, or a random allocation released
            if (!state.isEmpty() && random.nextInt(3) == 0) {
                Allocation victim = state.allocations().get(random.nextInt(state.allocations().size()));
                DeviceState after = SliceArithmetic.release(state, victim.id());
                assertThat(after.allocations()).hasSize(state.allocations().size() - 1)
                        .doesNotContain(victim);
                state = after;
            } else {
                SliceRequest request = randomRequest(random, shape);
                boolean predicted = SliceArithmetic.fits(state, request);
                Fit fit = SliceArithmetic.fit(state, request, "r" + next++);
                assertThat(fit.placed()).as("fits() agrees with fit() for %s", request).isEqualTo(predicted);
                if (fit instanceof Fit.Placed p) {
                    placed++;
                    assertThat(p.state().allocations()).endsWith(p.allocation());
                    state = p.state();
                } else {
                    Fit.Rejected r = (Fit.Rejected) fit;
                    assertThat(r.reason()).isNotBlank();
                    rejections.merge(r.code(), 1, Integer::sum);
                }
            }
            // then the invariants hold
            assertInvariants(state);
        }

        // and the run exercised both outcomes; releasing everything empties the device
        assertThat(placed).isGreaterThan(100);
        assertThat(rejections).isNotEmpty();
        for (Allocation a : List.copyOf(state.allocations())) {
            state = SliceArithmetic.release(state, a.id());
        }
        assertThat(state).isEqualTo(DeviceState.empty(shape));
    }

    private static SliceRequest randomRequest(Random random, DeviceShape shape) {
        List<SliceProfile> fixed = shape.profiles().stream()
                .filter(p -> p.kind() == SliceKind.MIG || p.kind() == SliceKind.VNPU).toList();
        int pick = random.nextInt(20);
        if (pick == 0) {
            return SliceRequest.whole();
        }
        if (pick < 4) {
            // sometimes a share kind the device may not offer, of any size up to past the device's memory
            SliceKind kind = random.nextBoolean() ? SliceKind.SOFT : SliceKind.SMLU;
            long memory = 1 + (long) (random.nextDouble() * shape.memoryMiB() * (random.nextInt(10) == 0 ? 1.2 : 0.4));
            return new SliceRequest.Share(kind, memory, 1 + random.nextInt(random.nextBoolean() ? 100 : 40));
        }
        if (pick == 4 || fixed.isEmpty()) {
            return random.nextBoolean() ? SliceRequest.mig("1g.10gb") : SliceRequest.vnpu("vir05_1c_16g");
        }
        SliceProfile p = fixed.get(random.nextInt(fixed.size()));
        return new SliceRequest.Profile(p.kind(), p.name());
    }

    private static void assertInvariants(DeviceState state) {
        DeviceShape shape = state.shape();
        List<Allocation> allocations = state.allocations();

        // one mode, EMPTY exactly when there is nothing
        assertThat(state.isEmpty()).isEqualTo(state.mode() == DeviceMode.EMPTY);
        assertThat(allocations).allSatisfy(a -> assertThat(a.mode()).isEqualTo(state.mode()));
        if (state.mode() == DeviceMode.WHOLE) {
            assertThat(allocations).hasSize(1);
        }

        // unique ids
        Set<String> ids = new HashSet<>();
        allocations.forEach(a -> assertThat(ids.add(a.id())).isTrue());

        // sums within totals
        long memory = allocations.stream().mapToLong(Allocation::memoryMiB).sum();
        int compute = allocations.stream().mapToInt(Allocation::compute).sum();
        assertThat(state.usedMemoryMiB()).isEqualTo(memory);
        switch (state.mode()) {
            case VNPU -> {
                assertThat(memory).isLessThanOrEqualTo(shape.templateMemoryMiB());
                assertThat(compute).isLessThanOrEqualTo(shape.computeUnits());
            }
            case SMLU, SOFT -> {
                assertThat(memory).isLessThanOrEqualTo(shape.memoryMiB());
                assertThat(compute).isLessThanOrEqualTo(100);
                SliceProfile unit = shape.profile(state.mode().sliceKind(), state.mode() == DeviceMode.SMLU
                        ? "smlu" : "soft").orElseThrow();
                assertThat(allocations).hasSizeLessThanOrEqualTo(unit.maxInstances());
                assertThat(allocations).allSatisfy(a -> assertThat(a.memoryMiB() % unit.memoryMiB()).isZero());
            }
            case MIG -> {
                assertThat(memory).isLessThanOrEqualTo(shape.memoryMiB());
                if (shape.hasMigSlotModel()) {
                    int union = 0;
                    int slices = 0;
                    for (Allocation a : allocations) {
                        MigPlacement placement = shape.migPlacement(a.profile()).orElseThrow();
                        assertThat(placement.startsAt(a.firstSlot())).isTrue();
                        assertThat(a.slotCount()).isEqualTo(placement.memorySlots());
                        assertThat(union & a.slotMask()).isZero();
                        union |= a.slotMask();
                        slices += placement.computeSlices();
                    }
                    assertThat(state.usedMigSlots()).isEqualTo(union);
                    assertThat(slices).isLessThanOrEqualTo(MigPlacement.COMPUTE_SLICES);
                } else {
                    double share = 0;
                    for (Allocation a : allocations) {
                        share += 1.0 / shape.profile(SliceKind.MIG, a.profile()).orElseThrow().maxInstances();
                    }
                    assertThat(share).isLessThanOrEqualTo(1.0 + 1e-9);
                }
            }
            case WHOLE -> assertThat(memory).isEqualTo(shape.memoryMiB());
            case EMPTY -> assertThat(memory).isZero();
        }

        // per-profile limits
        for (SliceProfile p : shape.profiles()) {
            long n = allocations.stream().filter(a -> p.name().equals(a.profile())).count();
            assertThat(n).isLessThanOrEqualTo(p.maxInstances());
        }

        // free capacity in range
        assertThat(state.freeMemoryMiB()).isBetween(0L, state.mode() == DeviceMode.VNPU ? shape.templateMemoryMiB()
                : shape.memoryMiB());
        assertThat(state.freeComputeFraction()).isBetween(0.0, 1.0);

        // and the same allocations rebuild an equal state
        assertThat(DeviceState.restore(shape, allocations)).isEqualTo(state);
    }
}
