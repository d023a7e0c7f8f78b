package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.RegionTier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which devices a booking window may count on, and which a lease for now may not take. */
class BookingsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static NodeCapacity node(DeviceSlot... devices) {
        return new NodeCapacity("n", "op", "r", "c", RegionTier.EAST, true, List.of(devices));
    }

    private static DeviceSlot gpu(String key, boolean free) {
        return new DeviceSlot(key, Vendor.NVIDIA, "A100", 81920, free);
    }

    private static List<Boolean> free(List<NodeCapacity> snapshot) {
        return snapshot.get(0).devices().stream().map(DeviceSlot::free).toList();
    }

    @Test
    void aDeviceHeldByALeaseThatEndsBeforeTheWindowIsFreeForItAndOneHeldLongerIsNot() {
        List<NodeCapacity> now = List.of(node(gpu("a", false), gpu("b", false), gpu("c", true)));
        List<Bookings.Holding> holdings = List.of(new Bookings.Holding("n", List.of("a"), T0.plusSeconds(3600)),
                new Bookings.Holding("n", List.of("b"), T0.plusSeconds(7200)));

        List<NodeCapacity> window = Bookings.forWindow(now, holdings, List.of(), T0.plusSeconds(3600),
                T0.plusSeconds(5400));

        assertThat(free(window)).containsExactly(true, false, true);
    }

    @Test
    void aReservationTakesItsDevicesOutOfOverlappingWindowsOnly() {
        List<NodeCapacity> now = List.of(node(gpu("a", true), gpu("b", true)));
        List<Bookings.Reservation> reserved = List.of(new Bookings.Reservation("bk", "n", List.of("a"),
                T0.plusSeconds(3600), T0.plusSeconds(7200)));

        // a lease for now that would end before the booking starts may use it; one that runs into it may not
        assertThat(free(Bookings.withoutReserved(now, reserved, T0, T0.plusSeconds(3600)))).containsExactly(true, true);
        assertThat(free(Bookings.withoutReserved(now, reserved, T0, T0.plusSeconds(3601))))
                .containsExactly(false, true);
        // another booking after it ends may count on it
        assertThat(free(Bookings.forWindow(now, List.of(), reserved, T0.plusSeconds(7200), T0.plusSeconds(9000))))
                .containsExactly(true, true);
    }

    @Test
    void aRenewalConflictsOnlyWithABookingOfItsOwnDevices() {
        List<Bookings.Reservation> reserved = List.of(new Bookings.Reservation("bk", "n", List.of("a"),
                T0.plusSeconds(3600), T0.plusSeconds(7200)));

        assertThat(Bookings.conflict("ls", "n", List.of("a"), T0, T0.plusSeconds(4000), reserved)).isPresent();
        assertThat(Bookings.conflict("ls", "n", List.of("b"), T0, T0.plusSeconds(4000), reserved)).isEmpty();
        assertThat(Bookings.conflict("ls", "n", List.of("a"), T0, T0.plusSeconds(3600), reserved)).isEmpty();
    }

    @Test
    void aBookingRenewedIntoAnotherBookingOfItsDevicesConflictsButNotWithItself() {
        // given: two bookings of device a, one after the other
        Bookings.Reservation first = new Bookings.Reservation("bk-1", "n", List.of("a"), T0.plusSeconds(3600),
                T0.plusSeconds(7200));
        Bookings.Reservation second = new Bookings.Reservation("bk-2", "n", List.of("a"), T0.plusSeconds(7200),
                T0.plusSeconds(9000));
        List<Bookings.Reservation> reserved = List.of(first, second);

        // when / then: the first, extended past the second's start, runs into it; extended to meet it, it does not
        assertThat(Bookings.conflict("bk-1", "n", List.of("a"), first.start(), T0.plusSeconds(7300), reserved))
                .hasValue(second);
        assertThat(Bookings.conflict("bk-1", "n", List.of("a"), first.start(), T0.plusSeconds(7200), reserved))
                .isEmpty();
    }
}
