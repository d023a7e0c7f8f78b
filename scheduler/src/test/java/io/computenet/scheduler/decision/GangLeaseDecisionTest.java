package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.RegionTier;
import io.computenet.placement.WorkloadClass;
import io.computenet.placement.gang.GangPlacement;
import io.computenet.scheduler.quota.Admission;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Gang leases (N nodes x M devices, all or nothing) through the pure lease decision. */
class GangLeaseDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String REGION = "cn-east-yrd";
    private static final String H100 = "H100 80GB HBM3";

    private static NodeCapacity node(String id, int free) {
        List<DeviceSlot> devices = new ArrayList<>();
        IntStream.range(0, 8).forEach(i -> devices.add(new DeviceSlot(id + "-g" + i, Vendor.NVIDIA, H100, 81559,
                i < free)));
        return new NodeCapacity(id, "op", REGION, "wuhu-1", RegionTier.EAST, true, devices);
    }

    private static LeaseDecision.Ask gang(int nodes, int devicesPerNode, int priority, BigDecimal maxPricePerHour) {
        return new LeaseDecision.Ask(new PlacementRequest(40 * 1024, devicesPerNode, REGION, null,
                WorkloadClass.TRAINING), priority, false, Duration.ofMinutes(60), Duration.ofMinutes(60),
                maxPricePerHour, nodes);
    }

    private static LeaseDecision.Ask gang(int nodes, int devicesPerNode) {
        return gang(nodes, devicesPerNode, 100, null);
    }

    private static LeaseDecision.Fleet fleet(List<NodeCapacity> nodes, Function<String, String> topology) {
        return new LeaseDecision.Fleet(() -> nodes, Optional.empty(), List.of(), Duration.ofMinutes(2),
                PolicyChoice.BINPACK, Optional.of((o, r, m) -> Optional.of(new BigDecimal("20.00"))), List::of,
                topology);
    }

    private static LeaseDecision.Fleet fleet(List<NodeCapacity> nodes) {
        return fleet(nodes, id -> null);
    }

    /** The snapshot with every device of the gang held. */
    private static List<NodeCapacity> holding(List<NodeCapacity> nodes, GangPlacement gang) {
        List<NodeCapacity> after = nodes;
        for (Placement member : gang.members()) {
            after = NodeCapacity.withFree(after, member.node().nodeId(),
                    member.devices().stream().map(DeviceSlot::deviceKey).toList(), false);
        }
        return after;
    }

    private static List<String> nodeIds(LeaseDecision.Outcome outcome) {
        return ((LeaseDecision.PlaceGang) outcome).placement().members().stream().map(p -> p.node().nodeId())
                .toList();
    }

    @Test
    void placesAGangOnEveryNodeAtOnce() {
        // given
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8), node("n3", 2));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.request(gang(2, 8), fleet(nodes), Admission.Limits.NONE, NOW);

        // then
        assertThat(outcome).isInstanceOf(LeaseDecision.PlaceGang.class);
        assertThat(nodeIds(outcome)).containsExactly("n1", "n2");
    }

    @Test
    void queuesAGangThatDoesNotFitNowWithHowManyNodesFit() {
        // given: one of the two nodes is half held
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 4));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.request(gang(2, 8), fleet(nodes), Admission.Limits.NONE, NOW);

        // then
        assertThat(outcome).isInstanceOf(LeaseDecision.Queue.class);
        assertThat(((LeaseDecision.Queue) outcome).reasons()).first().asString()
                .contains("at most 1 node(s) in one cluster", "1 more node(s) missing");
        assertThat(((LeaseDecision.Queue) outcome).until()).isEqualTo(NOW.plus(Duration.ofMinutes(60)));
    }

    @Test
    void refusesAGangTheFleetCouldNeverHold() {
        // given
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.request(gang(3, 8), fleet(nodes), Admission.Limits.NONE, NOW);

        // then
        assertThat(outcome).isInstanceOf(LeaseDecision.Refuse.class);
        assertThat(((LeaseDecision.Refuse) outcome).refusal()).isEqualTo(LeaseDecision.Refusal.NO_CAPACITY);
    }

    @Test
    void prefersNodesOnOneRack() {
        // given: n1 and n4 share rack-a
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8), node("n3", 8), node("n4", 8));
        Map<String, String> racks = Map.of("n1", "rack-a", "n2", "rack-b", "n3", "rack-c", "n4", "rack-a");

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.request(gang(2, 8), fleet(nodes, racks::get),
                Admission.Limits.NONE, NOW);

        // then
        assertThat(nodeIds(outcome)).containsExactly("n1", "n4");
        assertThat(((LeaseDecision.PlaceGang) outcome).placement().topologies()).containsExactly("rack-a");
    }

    @Test
    void twoCompetingGangsNeverHoldPartsOfTheFleetTheOtherNeeds() {
        // given: three free nodes, two gangs of two
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8), node("n3", 8));
        LeaseDecision.Outcome first = LeaseDecision.request(gang(2, 8), fleet(nodes), Admission.Limits.NONE, NOW);
        List<NodeCapacity> afterFirst = holding(nodes, ((LeaseDecision.PlaceGang) first).placement());

        // when: the second gang asks while the first runs
        LeaseDecision.Outcome second = LeaseDecision.request(gang(2, 8), fleet(afterFirst), Admission.Limits.NONE,
                NOW);

        // then: it waits holding nothing: the third node is still free for anyone else
        assertThat(second).isInstanceOf(LeaseDecision.Queue.class);
        LeaseDecision.Outcome single = LeaseDecision.request(new LeaseDecision.Ask(new PlacementRequest(40 * 1024,
                8, REGION, null, WorkloadClass.TRAINING), 100, false, Duration.ZERO, Duration.ofMinutes(60), null),
                fleet(afterFirst), Admission.Limits.NONE, NOW);
        assertThat(single).isInstanceOf(LeaseDecision.Place.class);

        // and once the first gang ends, the second is placed whole from the queue
        LeaseDecision.Outcome again = LeaseDecision.queued(gang(2, 8), fleet(nodes), NOW.plusSeconds(60),
                NOW.plus(Duration.ofMinutes(60)));
        assertThat(again).isInstanceOf(LeaseDecision.PlaceGang.class);
    }

    @Test
    void aQueuePassPlacesGangsInQueueOrderAndTheLaterOneWaits() {
        // given: room for one gang of two; the high-priority gang was asked later
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8), node("n3", 4));
        Map<String, LeaseDecision.Ask> asks = Map.of("low", gang(2, 8, 100, null), "high", gang(2, 8, 500, null));
        List<FairShare.Queued> queue = List.of(
                new FairShare.Queued("low", "t1", 100, NOW.minusSeconds(60), BigDecimal.valueOf(16)),
                new FairShare.Queued("high", "t2", 500, NOW, BigDecimal.valueOf(16)));
        Map<String, LeaseDecision.Outcome> outcomes = new HashMap<>();
        List<NodeCapacity>[] snapshot = new List[] {nodes};

        // when: one pass, as the lease queue makes it
        FairShare.offer(queue, Map.of(), q -> {
            LeaseDecision.Outcome outcome = LeaseDecision.queued(asks.get(q.leaseId()), fleet(snapshot[0]), NOW,
                    NOW.plusSeconds(3600));
            outcomes.put(q.leaseId(), outcome);
            if (outcome instanceof LeaseDecision.PlaceGang place) {
                snapshot[0] = holding(snapshot[0], place.placement());
                return true;
            }
            return false;
        });

        // then
        assertThat(outcomes.get("high")).isInstanceOf(LeaseDecision.PlaceGang.class);
        assertThat(outcomes.get("low")).isInstanceOf(LeaseDecision.Queue.class);
    }

    @Test
    void quotasCountEveryDeviceOfTheGang() {
        // given: a quota of 12 devices in the region, a gang of 2 x 8
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8));
        Admission.Limits limits = new Admission.Limits(Optional.empty(),
                List.of(new Admission.Quota(REGION, null, 12)), List.of());

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.request(gang(2, 8), fleet(nodes), limits, NOW);

        // then
        assertThat(outcome).isInstanceOf(LeaseDecision.Refuse.class);
        assertThat(((LeaseDecision.Refuse) outcome).refusal()).isEqualTo(LeaseDecision.Refusal.TENANT_LIMIT);
    }

    @Test
    void theGpuHourBudgetCountsEveryDeviceOfTheGang() {
        // given: 10 GPU-hours left this month; an hour of 2 x 8 is 16 of them, an hour of 2 x 4 is 8
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8));
        Admission.Limits limits = new Admission.Limits(Optional.of(new Admission.Budget(new BigDecimal("10"))),
                List.of(), List.of());

        // when
        LeaseDecision.Outcome big = LeaseDecision.request(gang(2, 8), fleet(nodes), limits, NOW);
        LeaseDecision.Outcome small = LeaseDecision.request(gang(2, 4), fleet(nodes), limits, NOW);

        // then
        assertThat(big).isInstanceOfSatisfying(LeaseDecision.Refuse.class,
                r -> assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.TENANT_LIMIT));
        assertThat(small).isInstanceOf(LeaseDecision.PlaceGang.class);
    }

    @Test
    void aGangNeverPreemptsInterruptibleLeasesItWaitsForThem() {
        // given: both nodes full of interruptible leases of lower priority
        List<NodeCapacity> nodes = List.of(node("n1", 0), node("n2", 0));
        List<Preemption.Victim> victims = nodes.stream().map(n -> new Preemption.Victim("spot-" + n.nodeId(),
                n.nodeId(), n.devices().stream().map(DeviceSlot::deviceKey).toList(), 0, NOW.minusSeconds(60)))
                .toList();
        LeaseDecision.Fleet fleet = new LeaseDecision.Fleet(() -> nodes, Optional.empty(), List.of(),
                Duration.ofMinutes(2), PolicyChoice.BINPACK, Optional.empty(), () -> victims, id -> null);

        // when: an on-demand gang of high priority, and the same on one node (which may preempt)
        LeaseDecision.Outcome gang = LeaseDecision.request(gang(2, 8, 500, null), fleet, Admission.Limits.NONE, NOW);
        LeaseDecision.Outcome single = LeaseDecision.request(gang(1, 8, 500, null), fleet, Admission.Limits.NONE,
                NOW);

        // then: the gang waits holding nothing; one node's lease would have preempted
        assertThat(gang).isInstanceOf(LeaseDecision.Queue.class);
        assertThat(single).isInstanceOf(LeaseDecision.Preempt.class);
    }

    @Test
    void thePriceCeilingIsForAllTheGangsDevices() {
        // given: H100s at 20.00 per device-hour: 2 x 4 devices cost 160.00 per hour
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8));

        // when
        LeaseDecision.Outcome enough = LeaseDecision.request(gang(2, 4, 100, new BigDecimal("160.00")),
                fleet(nodes), Admission.Limits.NONE, NOW);
        LeaseDecision.Outcome tooLow = LeaseDecision.request(new LeaseDecision.Ask(new PlacementRequest(40 * 1024,
                4, REGION, null, WorkloadClass.TRAINING), 100, false, Duration.ZERO, Duration.ofMinutes(60),
                new BigDecimal("159.99"), 2), fleet(nodes), Admission.Limits.NONE, NOW);

        // then
        assertThat(enough).isInstanceOf(LeaseDecision.PlaceGang.class);
        assertThat(tooLow).isInstanceOf(LeaseDecision.Refuse.class);
        assertThat(((LeaseDecision.Refuse) tooLow).refusal()).isEqualTo(LeaseDecision.Refusal.PRICE_CEILING);
        assertThat(((LeaseDecision.Refuse) tooLow).reasons()).first().asString().startsWith("price:")
                .contains("CNY");
    }

    private static NodeCapacity node(String id, String operator, String cluster, int free) {
        NodeCapacity n = node(id, free);
        return new NodeCapacity(id, operator, REGION, cluster, RegionTier.EAST, true, n.devices());
    }

    @Test
    void quotesAGangAsOneOptionPerOperatorPricedForEveryDeviceCheapestFirst() {
        // given: two operators, each with a cluster of two free 8-GPU nodes; op-b is cheaper; op-c has one node only
        List<NodeCapacity> nodes = List.of(node("a1", "op-a", "a-1", 8), node("a2", "op-a", "a-1", 8),
                node("b1", "op-b", "b-1", 8), node("b2", "op-b", "b-1", 8), node("c1", "op-c", "c-1", 8));
        Map<String, BigDecimal> price = Map.of("op-a", new BigDecimal("20.00"), "op-b", new BigDecimal("15.00"),
                "op-c", new BigDecimal("1.00"));
        Quotes.Pricing pricing = (o, interruptible) -> Optional.of(price.get(o.operatorId()));

        // when
        List<Quotes.Ranked> options = Quotes.rankedGangs(gang(2, 8).gang(), nodes, id -> null, pricing);

        // then: op-c cannot hold the gang; the gang's options are whole devices, cheapest first
        assertThat(options).extracting(r -> r.option().operatorId()).containsExactly("op-b", "op-a");
        assertThat(options).allSatisfy(r -> {
            assertThat(r.option().sliceKind()).isNull();
            assertThat(r.option().share()).isEqualByComparingTo("1");
        });
        assertThat(options.get(0).placement().node().nodeId()).isIn("b1", "b2");
    }

    @Test
    void aGangBookedWithAQuoteIsPlacedInsideItsOptionOrRefusedWhenItMayNotWait() {
        // given: op-a's cluster would be chosen first (a whole rack), the quote holds op-b's
        List<NodeCapacity> nodes = List.of(node("a1", "op-a", "a-1", 8), node("a2", "op-a", "a-1", 8),
                node("b1", "op-b", "b-1", 8), node("b2", "op-b", "b-1", 8));
        Function<String, String> racks = id -> id.startsWith("a") ? "rack-a" : null;
        Quotes.Held held = new Quotes.Held("qt-1", REGION, "op-b", Vendor.NVIDIA, H100, null, null);
        LeaseDecision.Ask plain = gang(2, 8);
        LeaseDecision.Ask quoted = new LeaseDecision.Ask(plain.request(), 100, false, Duration.ofMinutes(60),
                Duration.ofMinutes(60), null, 2, held);
        LeaseDecision.Ask quotedNoWait = new LeaseDecision.Ask(plain.request(), 100, false, Duration.ZERO,
                Duration.ofMinutes(60), null, 2, held);

        // when
        LeaseDecision.Outcome unquoted = LeaseDecision.request(plain, fleet(nodes, racks), Admission.Limits.NONE, NOW);
        LeaseDecision.Outcome booked = LeaseDecision.request(quoted, fleet(nodes, racks), Admission.Limits.NONE, NOW);
        List<NodeCapacity> opBTaken = NodeCapacity.withFree(nodes, "b2",
                nodes.get(3).devices().stream().map(DeviceSlot::deviceKey).toList(), false);
        LeaseDecision.Outcome unavailable = LeaseDecision.request(quotedNoWait, fleet(opBTaken, racks),
                Admission.Limits.NONE, NOW);
        LeaseDecision.Outcome waits = LeaseDecision.request(quoted, fleet(opBTaken, racks), Admission.Limits.NONE,
                NOW);

        // then
        assertThat(nodeIds(unquoted)).containsExactlyInAnyOrder("a1", "a2");
        assertThat(nodeIds(booked)).containsExactlyInAnyOrder("b1", "b2");
        assertThat(unavailable).isInstanceOfSatisfying(LeaseDecision.Refuse.class,
                r -> assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.QUOTE_UNAVAILABLE));
        assertThat(waits).isInstanceOf(LeaseDecision.Queue.class);
    }

    /** Reservations of a gang booked for {@code [start, end)}: one per node, as the booking's row keeps them. */
    private static List<Bookings.Reservation> reservations(String leaseId, GangPlacement gang, Instant start,
                                                           Instant end) {
        return gang.members().stream().map(p -> new Bookings.Reservation(leaseId, p.node().nodeId(),
                p.devices().stream().map(DeviceSlot::deviceKey).toList(), start, end)).toList();
    }

    @Test
    void booksAGangAheadOnEveryNodeFreeForItsWindowCountingLeasesThatEndBeforeIt() {
        // given: n2 is wholly held by a lease that ends an hour before the window, n3 by one that ends inside it
        Instant start = NOW.plus(Duration.ofHours(2));
        Instant end = start.plus(Duration.ofHours(1));
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 0), node("n3", 0));
        List<Bookings.Holding> holdings = List.of(
                new Bookings.Holding("n2", node("n2", 8).devices().stream().map(DeviceSlot::deviceKey).toList(),
                        NOW.plus(Duration.ofHours(1))),
                new Bookings.Holding("n3", node("n3", 8).devices().stream().map(DeviceSlot::deviceKey).toList(),
                        start.plusSeconds(60)));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.book(gang(2, 8), nodes, holdings, List.of(), start, end,
                PolicyChoice.BINPACK, Optional.empty(), id -> null);

        // then: both nodes of the gang are reserved, n3 is not counted on
        assertThat(nodeIds(outcome)).containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void refusesAGangBookingWholeWhenOnlySomeOfItsNodesAreFreeForTheWindowNamingTheWindow() {
        // given: another booking reserves n2's devices for an overlapping window
        Instant start = NOW.plus(Duration.ofHours(2));
        Instant end = start.plus(Duration.ofHours(1));
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8));
        List<Bookings.Reservation> other = List.of(new Bookings.Reservation("other", "n2",
                node("n2", 8).devices().stream().map(DeviceSlot::deviceKey).toList(), start.minusSeconds(600),
                start.plusSeconds(600)));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.book(gang(2, 8), nodes, List.of(), other, start, end,
                PolicyChoice.BINPACK, Optional.empty(), id -> null);

        // then: nothing is booked, and the reasons say how many nodes fit for the window
        assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
            assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.NO_CAPACITY);
            assertThat(r.reasons()).allSatisfy(reason -> assertThat(reason)
                    .startsWith("from " + start + " to " + end + ": "));
            assertThat(r.reasons().get(0)).contains("at most 1 node(s) in one cluster", "1 more node(s) missing");
        });
    }

    @Test
    void refusesAGangBookingForPriceWhenItsCeilingIsBelowAllItsDevices() {
        // given: 2 x 4 H100s at 20.00 per device-hour cost 160.00 per hour
        Instant start = NOW.plus(Duration.ofHours(2));
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.book(gang(2, 4, 100, new BigDecimal("159.99")), nodes,
                List.of(), List.of(), start, start.plus(Duration.ofHours(1)), PolicyChoice.BINPACK,
                Optional.of((o, r, m) -> Optional.of(new BigDecimal("20.00"))), id -> null);

        // then
        assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class,
                r -> assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.PRICE_CEILING));
    }

    @Test
    void startsADueGangBookingOnTheDevicesItReservedOnEveryNode() {
        // given: the gang booked n2 and n3 (the binpack choice now would be n1 and n2)
        List<NodeCapacity> nodes = List.of(node("n1", 8), node("n2", 8), node("n3", 8));
        GangPlacement booked = new GangPlacement(List.of(new Placement(nodes.get(1), nodes.get(1).devices()),
                new Placement(nodes.get(2), nodes.get(2).devices())), java.util.Arrays.asList(null, null));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.dueGangBooking(gang(2, 8),
                reservations("gang", booked, NOW, NOW.plus(Duration.ofHours(1))), fleet(nodes), NOW);

        // then: in rank order, on the reserved nodes
        assertThat(nodeIds(outcome)).containsExactly("n2", "n3");
    }

    @Test
    void startsADueGangBookingWholeElsewhereWhenOneReservedNodeWasLost() {
        // given: the gang booked n1 and n2; n2 has gone (failed or drained), n3 and n4 are free
        List<NodeCapacity> before = List.of(node("n1", 8), node("n2", 8));
        GangPlacement booked = new GangPlacement(List.of(new Placement(before.get(0), before.get(0).devices()),
                new Placement(before.get(1), before.get(1).devices())), java.util.Arrays.asList(null, null));
        List<NodeCapacity> now = List.of(node("n1", 8), node("n3", 8), node("n4", 8));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.dueGangBooking(gang(2, 8),
                reservations("gang", booked, NOW, NOW.plus(Duration.ofHours(1))), fleet(now), NOW);

        // then: the whole gang is placed by the planner now
        assertThat(outcome).isInstanceOf(LeaseDecision.PlaceGang.class);
        assertThat(nodeIds(outcome)).hasSize(2).doesNotContain("n2");
    }

    @Test
    void failsADueGangBookingWholeWhenItFitsNowhereNamingTheLostNodes() {
        // given: the gang booked n1 and n2; n2 is half taken now and nothing else is free
        List<NodeCapacity> before = List.of(node("n1", 8), node("n2", 8));
        GangPlacement booked = new GangPlacement(List.of(new Placement(before.get(0), before.get(0).devices()),
                new Placement(before.get(1), before.get(1).devices())), java.util.Arrays.asList(null, null));
        List<NodeCapacity> now = List.of(node("n1", 8), node("n2", 4));

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.dueGangBooking(gang(2, 8),
                reservations("gang", booked, NOW, NOW.plus(Duration.ofHours(1))), fleet(now), NOW);

        // then
        assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
            assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.NO_CAPACITY);
            assertThat(r.reasons().get(0)).isEqualTo("the devices booked on n2 are no longer available and the "
                    + "whole gang fits nowhere else now");
        });
    }
}
