package io.computenet.placement.slices;

import static org.assertj.core.api.Assertions.assertThat;

/** Small helpers that keep the tests' "when" lines short. */
final class Fits {

    private Fits() {
    }

    /** Places {@code request} and fails the test if it is rejected. */
    static Fit.Placed place(DeviceState state, SliceRequest request, String id) {
        Fit fit = SliceArithmetic.fit(state, request, id);
        assertThat(fit).as("fit of %s on %s", request, state).isInstanceOf(Fit.Placed.class);
        return (Fit.Placed) fit;
    }

    /** Places every request in turn, ids a0, a1, ..., and returns the final state. */
    static DeviceState placeAll(DeviceState state, SliceRequest... requests) {
        DeviceState current = state;
        for (SliceRequest request : requests) {
            current = place(current, request, "a" + current.allocations().size()).state();
        }
        return current;
    }

    /** Places MIG profiles by name in turn. */
    static DeviceState placeMig(DeviceState state, String... profiles) {
        DeviceState current = state;
        for (String profile : profiles) {
            current = place(current, SliceRequest.mig(profile), "a" + current.allocations().size()).state();
        }
        return current;
    }

    /** Fits {@code request} and fails the test unless it is rejected. */
    static Fit.Rejected reject(DeviceState state, SliceRequest request) {
        Fit fit = SliceArithmetic.fit(state, request, "rejected");
        assertThat(fit).as("fit of %s on %s", request, state).isInstanceOf(Fit.Rejected.class);
        assertThat(SliceArithmetic.fits(state, request)).isFalse();
        return (Fit.Rejected) fit;
    }
}
