package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.PriceFilter;
import io.computenet.placement.RegionTier;
import io.computenet.placement.WorkloadClass;
import io.computenet.scheduler.quota.Admission;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease decision as a pure function: records in, an outcome out. */
class LeaseDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String REGION = "cn-east-yrd";
    private static final String H100 = "H100 80GB HBM3";
    private static final String A100 = "A100-SXM4-80GB";

    private static NodeCapacity node(String id, String operator, String model, boolean... free) {
        List<DeviceSlot> devices = new ArrayList<>();
        for (int i = 0; i < free.length; i++) {
            devices.add(new DeviceSlot(id + "-g" + i, Vendor.NVIDIA, model, 81559, free[i]));
        }
        return new NodeCapacity(id, operator, REGION, "wuhu-1", RegionTier.EAST, true, devices);
    }

    private static NodeCapacity node(String id, boolean... free) {
        return node(id, "op", H100, free);
    }

    private static PlacementRequest gpus(int n) {
        return new PlacementRequest(40 * 1024, n, REGION, null, WorkloadClass.INFERENCE);
    }

    private static LeaseDecision.Ask ask(int devices) {
        return new LeaseDecision.Ask(gpus(devices), 100, false, Duration.ofMinutes(60), Duration.ofMinutes(60), null);
    }

    private static LeaseDecision.Ask interruptible(int devices) {
        return new LeaseDecision.Ask(gpus(devices), 100, true, Duration.ofMinutes(60), Duration.ofMinutes(60), null);
    }

    private static LeaseDecision.Ask withCeiling(int devices, String maxPricePerHour) {
        return new LeaseDecision.Ask(gpus(devices), 100, false, Duration.ofMinutes(60), Duration.ofMinutes(60),
                new BigDecimal(maxPricePerHour));
    }

    private static LeaseDecision.Fleet fleet(List<NodeCapacity> nodes, List<Preemption.Victim> interruptible) {
        return new LeaseDecision.Fleet(() -> nodes, Optional.empty(), List.of(), Duration.ofMinutes(2),
                PolicyChoice.BINPACK, Optional.empty(), () -> interruptible);
    }

    private static LeaseDecision.Fleet fleet(NodeCapacity... nodes) {
        return fleet(List.of(nodes), List.of());
    }

    private static LeaseDecision.Fleet priced(PriceFilter.Prices prices, NodeCapacity... nodes) {
        return new LeaseDecision.Fleet(() -> List.of(nodes), Optional.empty(), List.of(), Duration.ofMinutes(2),
                PolicyChoice.BINPACK, Optional.of(prices), List::of);
    }

    /** H100s at 20.00 per device-hour, A100s at 10.50, anything else unpriced. */
    private static Optional<BigDecimal> price(String operator, String region, String model) {
        return switch (model) {
            case H100 -> Optional.of(new BigDecimal("20.00"));
            case A100 -> Optional.of(new BigDecimal("10.50"));
            default -> Optional.empty();
        };
    }

    private static <T> Supplier<T> mustNotBeRead(String what) {
        return () -> {
            throw new AssertionError(what + " read although the decision did not need it");
        };
    }

    private static Admission.Limits budget(String monthlyGpuHours, Admission.Held... held) {
        return new Admission.Limits(Optional.of(new Admission.Budget(new BigDecimal(monthlyGpuHours))), List.of(),
                List.of(held));
    }

    private static Admission.Limits quota(int maxDevices, Admission.Held... held) {
        return new Admission.Limits(Optional.empty(), List.of(new Admission.Quota(REGION, null, maxDevices)),
                List.of(held));
    }

    private static Admission.Held running(int devices) {
        return new Admission.Held(devices, NOW.minusSeconds(600), NOW.plusSeconds(3000), true, REGION, Vendor.NVIDIA);
    }

    @Nested
    class NewRequests {

        @Test
        void placesOnAFreeDevice() {
            // given
            var fleet = fleet(node("n1", false, true));

            // when
            var outcome = LeaseDecision.request(ask(1), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Place.class, p ->
                    assertThat(p.placement().firstDevice().deviceKey()).isEqualTo("n1-g1"));
        }

        @Test
        void keepsMultiDeviceLeasesOnOneNode() {
            // given: three free devices in all, but only n2 has two
            var fleet = fleet(node("n1", true, false), node("n2", true, true));

            // when
            var outcome = LeaseDecision.request(ask(2), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Place.class, p -> {
                assertThat(p.placement().node().nodeId()).isEqualTo("n2");
                assertThat(p.placement().devices()).hasSize(2);
            });
        }

        @Test
        void queuesWhatWouldFitTheFleetOnceFreeWithTheReasonsAndItsDeadline() {
            // given
            var fleet = fleet(node("n1", false, false));

            // when
            var outcome = LeaseDecision.request(ask(1), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Queue.class, q -> {
                assertThat(q.reasons()).isNotEmpty();
                assertThat(q.until()).isEqualTo(NOW.plus(Duration.ofMinutes(60)));
            });
        }

        @ParameterizedTest(name = "{0} device(s), may wait {1} min: {2}")
        @CsvSource({
                "1, 60, Queue",   // busy now, fits once free
                "1, 0, Refuse",   // busy now and may not wait
                "3, 60, Refuse",  // no node has three devices: it could never fit
                "2, 0, Place",    // n2 is free
        })
        void queuesOnlyWhatMayWaitAndCouldEverFit(int devices, int maxWaitMinutes, String expected) {
            // given
            var fleet = fleet(node("n1", false, false), node("n2", true, true));
            var busy = fleet(node("n1", false, false), node("n2", false, false));
            var ask = new LeaseDecision.Ask(gpus(devices), 100, false, Duration.ofMinutes(maxWaitMinutes),
                    Duration.ofMinutes(60), null);

            // when
            var outcome = LeaseDecision.request(ask, expected.equals("Place") ? fleet : busy, Admission.Limits.NONE,
                    NOW);

            // then
            assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
            if (outcome instanceof LeaseDecision.Refuse refuse) {
                assertThat(refuse.refusal()).isEqualTo(LeaseDecision.Refusal.NO_CAPACITY);
                assertThat(refuse.reasons()).isNotEmpty();
            }
        }

        @Test
        void preemptsTheInterruptibleLeaseAnOnDemandRequestNeeds() {
            // given
            var fleet = fleet(List.of(node("n1", false, false)), List.of(
                    new Preemption.Victim("spot-old", "n1", List.of("n1-g0"), 10, NOW.minusSeconds(3600)),
                    new Preemption.Victim("spot-new", "n1", List.of("n1-g1"), 10, NOW.minusSeconds(60))));

            // when
            var outcome = LeaseDecision.request(ask(1), fleet, Admission.Limits.NONE, NOW);

            // then: the most recently started goes (least work lost)
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Preempt.class, p -> {
                assertThat(p.plan().victims()).extracting(Preemption.Victim::leaseId).containsExactly("spot-new");
                assertThat(p.plan().placement().firstDevice().deviceKey()).isEqualTo("n1-g1");
            });
        }

        @Test
        void anInterruptibleRequestNeverPreemptsAndWaits() {
            // given
            var fleet = new LeaseDecision.Fleet(() -> List.of(node("n1", false)), Optional.empty(), List.of(),
                    Duration.ofMinutes(2), PolicyChoice.BINPACK, Optional.empty(),
                    mustNotBeRead("the interruptible leases"));

            // when
            var outcome = LeaseDecision.request(interruptible(1), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOf(LeaseDecision.Queue.class);
        }

        @Test
        void neverPreemptsLeasesOfAHigherPriority() {
            // given
            var fleet = fleet(List.of(node("n1", false)),
                    List.of(new Preemption.Victim("vip-spot", "n1", List.of("n1-g0"), 500, NOW)));

            // when
            var outcome = LeaseDecision.request(ask(1), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOf(LeaseDecision.Queue.class);
        }

        @Test
        void readsNoInterruptibleLeasesWhenTheRequestFits() {
            // given
            var fleet = new LeaseDecision.Fleet(() -> List.of(node("n1", true)), Optional.empty(), List.of(),
                    Duration.ofMinutes(2), PolicyChoice.BINPACK, Optional.empty(),
                    mustNotBeRead("the interruptible leases"));

            // when
            var outcome = LeaseDecision.request(ask(1), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOf(LeaseDecision.Place.class);
        }

        @Test
        void refusesWhatWouldExceedTheMonthlyBudget() {
            // given: 10 GPU-hours, 9.5 committed by a running lease; this one needs 1
            var limits = budget("10", new Admission.Held(1, NOW.minusSeconds(1800), NOW.plusSeconds(32400), true,
                    REGION, Vendor.NVIDIA));

            // when
            var outcome = LeaseDecision.request(ask(1), fleet(node("n1", true)), limits, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
                assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.TENANT_LIMIT);
                assertThat(r.reasons()).singleElement().asString().contains("budget would be exceeded")
                        .contains("this lease needs 1.00");
            });
        }

        @Test
        void admitsWhatTheBudgetCoversExactly() {
            // when
            var outcome = LeaseDecision.request(ask(2), fleet(node("n1", true, true)), budget("2"), NOW);

            // then
            assertThat(outcome).isInstanceOf(LeaseDecision.Place.class);
        }

        @Test
        void refusesWhatWouldExceedADeviceQuota() {
            // when
            var outcome = LeaseDecision.request(ask(2), fleet(node("n1", true, true, true)), quota(3, running(2)),
                    NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
                assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.TENANT_LIMIT);
                assertThat(r.reasons()).singleElement().asString().contains("quota for " + REGION)
                        .contains("2 device(s) held of 3");
            });
        }

        @Test
        void refusesForTheTenantsLimitsBeforeCapacity() {
            // given: nothing could ever fit, and the quota is spent
            var fleet = fleet(node("n1", false));

            // when
            var outcome = LeaseDecision.request(ask(4), fleet, quota(1), NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r ->
                    assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.TENANT_LIMIT));
        }

        @Test
        void keepsUnderAPriceCeilingToTheCheapestOption() {
            // given: the H100 node packs better (fuller), but costs 20.00 an hour; the A100 10.50
            var fleet = priced(LeaseDecisionTest::price, node("h", "op-a", H100, false, true),
                    node("a", "op-b", A100, true, true));

            // when
            var outcome = LeaseDecision.request(withCeiling(1, "12"), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Place.class, p ->
                    assertThat(p.placement().firstDevice().model()).isEqualTo(A100));
        }

        @Test
        void refusesForPriceWhenNothingFitsUnderTheCeilingSayingWhatTheCheapestCostsInItsCurrency() {
            // given
            var fleet = priced(LeaseDecisionTest::price, node("h", "op-a", H100, true));

            // when
            var outcome = LeaseDecision.request(withCeiling(1, "12"), fleet, Admission.Limits.NONE, NOW);

            // then: price first, with the currency
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
                assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.PRICE_CEILING);
                assertThat(r.reasons().get(0)).isEqualTo("price: 1 fitting device(s) cost more than the ceiling of "
                        + "12 CNY per hour (the cheapest 20.00 CNY per hour)");
            });
        }

        @Test
        void refusesForPriceAtOnceWhenItMayNotWaitAndOnlyDearDevicesAreFree() {
            // given: the cheap A100 is busy, the dear H100 free
            var fleet = priced(LeaseDecisionTest::price, node("h", "op-a", H100, true),
                    node("a", "op-b", A100, false));
            var ask = new LeaseDecision.Ask(gpus(1), 100, false, Duration.ZERO, Duration.ofMinutes(60),
                    new BigDecimal("12"));

            // when
            var outcome = LeaseDecision.request(ask, fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r ->
                    assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.PRICE_CEILING));
        }

        @Test
        void refusesForCapacityNotPriceWhatCouldFitAtNoPrice() {
            // given: three devices on one node are asked for; no node has three
            var fleet = priced(LeaseDecisionTest::price, node("a", "op-b", A100, true));

            // when
            var outcome = LeaseDecision.request(withCeiling(3, "100"), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r ->
                    assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.NO_CAPACITY));
        }

        @Test
        void queuesUnderACeilingWhenOnlyTheAffordableDevicesAreBusy() {
            // given
            var fleet = priced(LeaseDecisionTest::price, node("h", "op-a", H100, true),
                    node("a", "op-b", A100, false));

            // when
            var outcome = LeaseDecision.request(withCeiling(1, "12"), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Queue.class, q ->
                    assertThat(q.reasons().get(0)).isEqualTo("price: 1 fitting device(s) cost more than the ceiling "
                            + "of 12 CNY per hour (the cheapest 20.00 CNY per hour)"));
        }

        @Test
        void saysWhichDevicesHaveNoPriceInTheMarketplaceCurrency() {
            // given: V100s have no price
            var fleet = priced(LeaseDecisionTest::price, node("v", "op-c", "V100-SXM2-32GB", true));

            // when
            var outcome = LeaseDecision.request(withCeiling(1, "12"), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
                assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.PRICE_CEILING);
                assertThat(r.reasons()).contains("price: 1 fitting device(s) have no price in CNY yet, so they cannot "
                        + "be checked against the ceiling of 12 CNY per hour");
            });
        }

        @Test
        void refusesForPriceANewRequestUnderACeilingWhileThePricesCannotBeRead() {
            // given: no price books
            var fleet = fleet(node("n1", true));

            // when
            var outcome = LeaseDecision.request(withCeiling(1, "50"), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
                assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.PRICE_CEILING);
                assertThat(r.reasons().get(0)).isEqualTo("price: no price books have arrived from billing yet, so "
                        + "nothing can be checked against the ceiling of 50 CNY per hour");
            });
        }

        @Test
        void leavesDevicesReservedByABookingThatStartsWithinTheLease() {
            // given: n1-g0 is booked from 30 minutes from now; the lease would run 60 (+2 to start)
            var booking = new Bookings.Reservation("booked", "n1", List.of("n1-g0"), NOW.plusSeconds(1800),
                    NOW.plusSeconds(7200));
            var fleet = new LeaseDecision.Fleet(() -> List.of(node("n1", true, true)), Optional.empty(),
                    List.of(booking), Duration.ofMinutes(2), PolicyChoice.BINPACK, Optional.empty(), List::of);

            // when
            var outcome = LeaseDecision.request(ask(2), fleet, Admission.Limits.NONE, NOW);
            var one = LeaseDecision.request(ask(1), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOf(LeaseDecision.Queue.class);
            assertThat(one).isInstanceOfSatisfying(LeaseDecision.Place.class, p ->
                    assertThat(p.placement().firstDevice().deviceKey()).isEqualTo("n1-g1"));
        }

        @Test
        void asksTheIndexOnlyWhereItAnswersAsThePlannerWould() {
            // given: an index that answers with a placement the list does not have
            NodeCapacity indexed = node("indexed", true);
            LeaseDecision.Index index = r -> new PlacementResult(Optional.of(new Placement(indexed,
                    indexed.devices())), List.of());
            var fleet = new LeaseDecision.Fleet(mustNotBeRead("the node list"), Optional.of(index), List.of(),
                    Duration.ofMinutes(2), PolicyChoice.BINPACK, Optional.empty(), List::of);
            var withCeilingFleet = new LeaseDecision.Fleet(() -> List.of(node("listed", true)), Optional.of(index),
                    List.of(), Duration.ofMinutes(2), PolicyChoice.BINPACK, Optional.of(LeaseDecisionTest::price),
                    List::of);

            // when
            var plain = LeaseDecision.request(ask(1), fleet, Admission.Limits.NONE, NOW);
            var capped = LeaseDecision.request(withCeiling(1, "50"), withCeilingFleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(plain).isInstanceOfSatisfying(LeaseDecision.Place.class, p ->
                    assertThat(p.placement().node().nodeId()).isEqualTo("indexed"));
            assertThat(capped).isInstanceOfSatisfying(LeaseDecision.Place.class, p ->
                    assertThat(p.placement().node().nodeId()).isEqualTo("listed"));
        }
    }

    @Nested
    class QueuedLeases {

        @Test
        void aQueuedLeaseUnderACeilingWaitsUntilPricesHaveArrived() {
            // given
            var ask = withCeiling(1, "50");

            // when
            var outcome = LeaseDecision.queued(ask, fleet(node("n1", true)), NOW, NOW.plusSeconds(60));

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Queue.class, q ->
                    assertThat(q.reasons()).anySatisfy(r -> assertThat(r).contains("no price books have arrived from billing yet")));
        }

        @Test
        void placesAQueuedLeaseOnceItFits() {
            // when
            var outcome = LeaseDecision.queued(ask(1), fleet(node("n1", true)), NOW, NOW.plusSeconds(60));

            // then
            assertThat(outcome).isInstanceOf(LeaseDecision.Place.class);
        }

        @Test
        void keepsItsDeadlineAndRefreshesTheReasonsWhileItWaits() {
            // given: even a fleet it could never fit does not refuse a queued lease: its deadline ends it
            Instant deadline = NOW.plusSeconds(600);

            // when
            var outcome = LeaseDecision.queued(ask(3), fleet(node("n1", false)), NOW, deadline);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Queue.class, q -> {
                assertThat(q.until()).isEqualTo(deadline);
                assertThat(q.reasons()).isNotEmpty();
            });
        }

        @Test
        void preemptsForAQueuedOnDemandLease() {
            // given
            var fleet = fleet(List.of(node("n1", false)),
                    List.of(new Preemption.Victim("spot", "n1", List.of("n1-g0"), 10, NOW)));

            // when
            var outcome = LeaseDecision.queued(ask(1), fleet, NOW, NOW.plusSeconds(60));

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Preempt.class, p ->
                    assertThat(p.plan().victims()).extracting(Preemption.Victim::leaseId).containsExactly("spot"));
        }
    }

    @Nested
    class AdvanceBookings {

        private final Instant start = NOW.plus(Duration.ofHours(2));
        private final Instant end = start.plus(Duration.ofHours(1));

        @Test
        void reservesADeviceWhoseLeaseEndsBeforeTheWindow() {
            // given: n1-g0 is held until an hour from now
            var holdings = List.of(new Bookings.Holding("n1", List.of("n1-g0"), NOW.plus(Duration.ofHours(1))));

            // when
            var outcome = LeaseDecision.book(ask(1), List.of(node("n1", false)), holdings, List.of(), start, end,
                    PolicyChoice.BINPACK, Optional.empty());

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Place.class, p ->
                    assertThat(p.placement().firstDevice().deviceKey()).isEqualTo("n1-g0"));
        }

        @Test
        void refusesWithTheWindowInEachReasonWhenAnotherBookingHoldsTheDevice() {
            // given
            var other = new Bookings.Reservation("other", "n1", List.of("n1-g0"), start.minusSeconds(600),
                    start.plusSeconds(600));

            // when
            var outcome = LeaseDecision.book(ask(1), List.of(node("n1", true)), List.of(), List.of(other), start,
                    end, PolicyChoice.BINPACK, Optional.empty());

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
                assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.NO_CAPACITY);
                assertThat(r.reasons()).isNotEmpty().allSatisfy(reason ->
                        assertThat(reason).startsWith("from " + start + " to " + end + ": "));
            });
        }

        @Test
        void refusesABookingForPriceWhenOnlyDearDevicesAreFreeForTheWindow() {
            // when
            var outcome = LeaseDecision.book(withCeiling(1, "12"), List.of(node("h", "op-a", H100, true)), List.of(),
                    List.of(), start, end, PolicyChoice.BINPACK, Optional.of(LeaseDecisionTest::price));

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
                assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.PRICE_CEILING);
                assertThat(r.reasons().get(0)).startsWith("from " + start + " to " + end + ": price: ")
                        .contains("CNY per hour");
            });
        }

        @Test
        void startsADueBookingOnItsReservedDevices() {
            // when
            var outcome = LeaseDecision.dueBooking(ask(1), "n1", List.of("n1-g1"), fleet(node("n1", true, true)),
                    NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Place.class, p ->
                    assertThat(p.placement().firstDevice().deviceKey()).isEqualTo("n1-g1"));
        }

        @Test
        void startsADueBookingElsewhereWhenItsDevicesWereLost() {
            // when: n1 is gone
            var outcome = LeaseDecision.dueBooking(ask(1), "n1", List.of("n1-g1"), fleet(node("n2", true)), NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Place.class, p ->
                    assertThat(p.placement().node().nodeId()).isEqualTo("n2"));
        }

        @Test
        void failsADueBookingThatFitsNowhere() {
            // when
            var outcome = LeaseDecision.dueBooking(ask(1), "n1", List.of("n1-g1"), fleet(node("n2", false)), NOW);

            // then
            assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r ->
                    assertThat(r.reasons()).containsExactly("the devices booked on n1 are no longer available and "
                            + "nothing else fits now"));
        }

        @Test
        void everyReasonOfARefusedOrLostBookingIsReadAsCodesWithTheWindowAndTheReasonWithinIt() {
            // given: refused for capacity and for price, and a due booking that fits nowhere
            var other = new Bookings.Reservation("other", "n1", List.of("n1-g0"), start.minusSeconds(600),
                    start.plusSeconds(600));
            List<String> reasons = new ArrayList<>();
            for (var outcome : List.of(LeaseDecision.book(ask(1), List.of(node("n1", true)), List.of(), List.of(other),
                            start, end, PolicyChoice.BINPACK, Optional.empty()),
                    LeaseDecision.book(withCeiling(1, "12"), List.of(node("h", "op-a", H100, true)), List.of(),
                            List.of(), start, end, PolicyChoice.BINPACK, Optional.of(LeaseDecisionTest::price)),
                    LeaseDecision.dueBooking(ask(1), "n1", List.of("n1-g1"), fleet(node("n2", false)), NOW))) {
                reasons.addAll(((LeaseDecision.Refuse) outcome).reasons());
            }

            // when
            var coded = io.computenet.contracts.api.PendingReason.of(reasons);

            // then: every window's reason has a code too, so the portal words it whole (issue 19)
            assertThat(coded).isNotEmpty().allSatisfy(r -> assertThat(r.code()).as(r.text()).isNotEqualTo("other"));
            assertThat(coded).filteredOn(r -> r.code().equals("window")).isNotEmpty().allSatisfy(r -> {
                assertThat(r.args()).startsWith(start.toString(), end.toString());
                assertThat(r.within()).singleElement().satisfies(w ->
                        assertThat(w.code()).as(w.text()).isNotEqualTo("other"));
            });
            assertThat(coded.get(coded.size() - 1).code()).isEqualTo("booking_lost");
        }
    }

    /** An endpoint's new replica avoids the nodes of its live replicas: a preference, not a rule. */
    @Nested
    class AvoidedNodes {

        private LeaseDecision.Ask avoiding(String... nodeIds) {
            return new LeaseDecision.Ask(gpus(1), 100, false, Duration.ofMinutes(60), Duration.ofMinutes(60), null, 1,
                    null, java.util.Set.of(nodeIds));
        }

        /** A fleet with an index that must not answer: it cannot leave nodes out. */
        private LeaseDecision.Fleet indexed(NodeCapacity... nodes) {
            return new LeaseDecision.Fleet(() -> List.of(nodes), Optional.of(request -> {
                throw new AssertionError("the index answered a request that avoids nodes");
            }), List.of(), Duration.ofMinutes(2), PolicyChoice.BINPACK, Optional.empty(), List::of);
        }

        private String placedOn(LeaseDecision.Outcome outcome) {
            assertThat(outcome).isInstanceOf(LeaseDecision.Place.class);
            return ((LeaseDecision.Place) outcome).placement().node().nodeId();
        }

        @Test
        void skipsAnAvoidedNodeWhenAnotherFits() {
            // given: binpack alone would fill n1's last free device
            var fleet = indexed(node("n1", false, true), node("n2", true, true));

            // when
            var plain = LeaseDecision.request(ask(1), fleet(node("n1", false, true), node("n2", true, true)),
                    Admission.Limits.NONE, NOW);
            var spread = LeaseDecision.request(avoiding("n1"), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(placedOn(plain)).isEqualTo("n1");
            assertThat(placedOn(spread)).isEqualTo("n2");
        }

        @Test
        void fallsBackToAnAvoidedNodeWhenItIsTheOnlyFit() {
            // given: n2 is full
            var fleet = indexed(node("n1", false, true), node("n2", false, false));

            // when
            var outcome = LeaseDecision.request(avoiding("n1"), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(placedOn(outcome)).isEqualTo("n1");
        }

        @Test
        void queuesWithTheReasonsOfEveryNodeWhenNothingFits() {
            // given
            var fleet = fleet(node("n1", false, false), node("n2", false, false));

            // when
            var outcome = LeaseDecision.request(avoiding("n1"), fleet, Admission.Limits.NONE, NOW);

            // then
            assertThat(outcome).isInstanceOf(LeaseDecision.Queue.class);
            assertThat(((LeaseDecision.Queue) outcome).reasons())
                    .isEqualTo(((LeaseDecision.Queue) LeaseDecision.request(ask(1), fleet, Admission.Limits.NONE,
                            NOW)).reasons());
        }

        @Test
        void aQueuedLeaseAvoidsTheNodesItWasAskedToAvoid() {
            // when
            var outcome = LeaseDecision.queued(avoiding("n1", "n2"), fleet(node("n1", false, true),
                    node("n2", true, false), node("n3", true, true)), NOW, NOW.plusSeconds(600));

            // then
            assertThat(placedOn(outcome)).isEqualTo("n3");
        }
    }
}
