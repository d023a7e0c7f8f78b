package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.RegionTier;
import io.computenet.placement.Sharing;
import io.computenet.placement.WorkloadClass;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.scheduler.quota.Admission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quotes and the lease decision share one order of options: the first quote is where a lease without a quote
 * goes, and a lease with a quote goes inside the quote's option or waits / is refused naming it.
 */
class QuoteOrderTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String[] REGIONS = {"cn-east-yrd", "cn-north-bj", "cn-west-nm"};
    private static final String[] OPERATORS = {"op-a", "op-b"};
    /** vendor, model, memory MiB, sliceable (H100 MIG and soft shares). */
    private static final Object[][] MODELS = {
            {Vendor.NVIDIA, "H100 80GB HBM3", 81559L, true},
            {Vendor.NVIDIA, "A100-SXM4-80GB", 81920L, false},
            {Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536L, false},
            {Vendor.CAMBRICON, "MLU370-X8", 23374L, false}};

    /** A random fleet: 2-12 nodes, each one model, some devices taken, prices per operator, region and model. */
    private record World(List<NodeCapacity> nodes, Map<String, BigDecimal> prices) {
        Quotes.Pricing pricing() {
            return (o, interruptible) -> Optional.ofNullable(prices.get(o.operatorId() + "/" + o.region() + "/"
                    + o.model())).map(p -> o.sliceKind() == null ? p : p.add(BigDecimal.ONE));
        }
    }

    private static World world(Random random) {
        List<NodeCapacity> nodes = new ArrayList<>();
        Map<String, BigDecimal> prices = new java.util.HashMap<>();
        int count = 2 + random.nextInt(11);
        for (int n = 0; n < count; n++) {
            String region = REGIONS[random.nextInt(REGIONS.length)];
            String operator = OPERATORS[random.nextInt(OPERATORS.length)];
            Object[] m = MODELS[random.nextInt(MODELS.length)];
            Vendor vendor = (Vendor) m[0];
            String model = (String) m[1];
            long memory = (Long) m[2];
            List<DeviceSlot> devices = new ArrayList<>();
            int size = 1 + random.nextInt(8);
            for (int d = 0; d < size; d++) {
                boolean free = random.nextInt(3) > 0;
                devices.add((Boolean) m[3] && free
                        ? DeviceSlot.sliceable("n" + n + "-d" + d, DeviceState.empty(DeviceShape.of(vendor, model,
                        memory, DeviceShape.PERCENT, SliceProfiles.h100())))
                        : new DeviceSlot("n" + n + "-d" + d, vendor, model, memory, free));
            }
            nodes.add(new NodeCapacity("n" + n, operator, region, region + "-c", region.equals("cn-west-nm")
                    ? RegionTier.WEST : RegionTier.EAST, true, devices));
            if (random.nextInt(6) > 0) { // some options have no price
                prices.putIfAbsent(operator + "/" + region + "/" + model,
                        BigDecimal.valueOf(2 + random.nextInt(30)).setScale(2));
            }
        }
        return new World(nodes, prices);
    }

    private static PlacementRequest request(Random random) {
        int devices = random.nextInt(3) == 0 ? 1 + random.nextInt(4) : 1;
        Sharing[] sharing = Sharing.values();
        return new PlacementRequest((8 + random.nextInt(70)) * 1024L, devices, null, null,
                WorkloadClass.values()[random.nextInt(WorkloadClass.values().length)], null, null, null,
                sharing[random.nextInt(sharing.length)]);
    }

    private static LeaseDecision.Fleet fleet(World w) {
        return new LeaseDecision.Fleet(w::nodes, Optional.empty(), List.of(), Duration.ofMinutes(2),
                PolicyChoice.BINPACK, Optional.empty(), List::of, id -> null, Optional.of(w.pricing()));
    }

    private static LeaseDecision.Ask ask(PlacementRequest request, Quotes.Held quote, int maxWaitMinutes) {
        return new LeaseDecision.Ask(request, 100, false, Duration.ofMinutes(maxWaitMinutes), Duration.ofMinutes(60),
                null, 1, quote);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theFirstQuoteIsWhereTheLeaseIsPlaced(long seed) {
        Random random = new Random(seed);
        int compared = 0;
        for (int trial = 0; trial < 250; trial++) {
            // given
            World world = world(random);
            PlacementRequest request = request(random);

            // when
            List<Quotes.Ranked> quotes = Quotes.ranked(request, world.nodes(), PolicyChoice.BINPACK, world.pricing(),
                    false);
            LeaseDecision.Outcome outcome = LeaseDecision.request(ask(request, null, 60), fleet(world),
                    Admission.Limits.NONE, NOW);

            // then
            if (quotes.isEmpty()) {
                assertThat(outcome).isNotInstanceOf(LeaseDecision.Place.class);
                continue;
            }
            assertThat(outcome).isInstanceOf(LeaseDecision.Place.class);
            Placement placed = ((LeaseDecision.Place) outcome).placement();
            Quotes.Option first = quotes.get(0).option();
            assertThat(List.of(placed.node().region(), placed.node().operatorId(), placed.firstDevice().model(),
                    String.valueOf(kind(placed)), String.valueOf(profile(placed))))
                    .as("trial %d: %s for %s", trial, quotes, request)
                    .containsExactly(first.region(), first.operatorId(), first.model(),
                            String.valueOf(first.sliceKind()), String.valueOf(first.sliceProfile()));
            compared++;
        }
        assertThat(compared).as("fleets where something fits").isGreaterThan(50);
    }

    @Test
    void optionsRankByTierThenPricePerHourThenMemoryPaidFor() {
        // given: east A100 at 10.00, east 910B3 at 7.00, west A100 at 3.00
        List<NodeCapacity> nodes = List.of(
                node("e-a100", "op-a", "cn-east-yrd", RegionTier.EAST, Vendor.NVIDIA, "A100-SXM4-80GB", 81920),
                node("e-910", "op-b", "cn-east-yrd", RegionTier.EAST, Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536),
                node("w-a100", "op-a", "cn-west-nm", RegionTier.WEST, Vendor.NVIDIA, "A100-SXM4-80GB", 81920));
        Map<String, BigDecimal> prices = Map.of("e-a100", new BigDecimal("10.00"), "e-910", new BigDecimal("7.00"),
                "w-a100", new BigDecimal("3.00"));
        Quotes.Pricing pricing = (o, i) -> Optional.of(prices.get(o.region().startsWith("cn-west") ? "w-a100"
                : o.model().startsWith("A100") ? "e-a100" : "e-910"));

        // when
        List<Quotes.Ranked> ranked = Quotes.ranked(new PlacementRequest(40 * 1024, 1, null, null,
                WorkloadClass.INFERENCE), nodes, PolicyChoice.BINPACK, pricing, false);

        // then: the preferred (east) tier first, cheapest first within it; the cheaper west last
        assertThat(ranked).extracting(r -> r.placement().node().nodeId()).containsExactly("e-910", "e-a100",
                "w-a100");
    }

    @Test
    void aBookedQuoteIsPlacedInsideItsOptionEvenWhenAnotherRanksFirst() {
        // given: the quote holds the dearer A100 option; the 910B3 would rank first
        List<NodeCapacity> nodes = List.of(
                node("e-a100", "op-a", "cn-east-yrd", RegionTier.EAST, Vendor.NVIDIA, "A100-SXM4-80GB", 81920),
                node("e-910", "op-b", "cn-east-yrd", RegionTier.EAST, Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536));
        World world = new World(nodes, Map.of("op-a/cn-east-yrd/A100-SXM4-80GB", new BigDecimal("10.00"),
                "op-b/cn-east-yrd/Ascend910B3", new BigDecimal("7.00")));
        Quotes.Held quote = new Quotes.Held("qt-1", "cn-east-yrd", "op-a", Vendor.NVIDIA, "A100-SXM4-80GB", null,
                null);

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.request(ask(new PlacementRequest(40 * 1024, 1, null, null,
                WorkloadClass.INFERENCE), quote, 0), fleet(world), Admission.Limits.NONE, NOW);

        // then
        assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Place.class,
                p -> assertThat(p.placement().node().nodeId()).isEqualTo("e-a100"));
    }

    @Test
    void aQuoteWhoseOptionIsTakenWaitsOrIsRefusedNamingTheQuote() {
        // given: the quoted A100 is taken; a 910B3 is free
        NodeCapacity takenA100 = new NodeCapacity("e-a100", "op-a", "cn-east-yrd", "c", RegionTier.EAST, true,
                List.of(new DeviceSlot("g0", Vendor.NVIDIA, "A100-SXM4-80GB", 81920, false)));
        World world = new World(List.of(takenA100, node("e-910", "op-b", "cn-east-yrd", RegionTier.EAST,
                Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536)), Map.of());
        Quotes.Held quote = new Quotes.Held("qt-2", "cn-east-yrd", "op-a", Vendor.NVIDIA, "A100-SXM4-80GB", null,
                null);
        PlacementRequest request = new PlacementRequest(40 * 1024, 1, null, null, WorkloadClass.INFERENCE);

        // when
        LeaseDecision.Outcome waits = LeaseDecision.request(ask(request, quote, 30), fleet(world),
                Admission.Limits.NONE, NOW);
        LeaseDecision.Outcome refused = LeaseDecision.request(ask(request, quote, 0), fleet(world),
                Admission.Limits.NONE, NOW);

        // then: never placed on the 910B3; the reasons name the quote first
        assertThat(waits).isInstanceOfSatisfying(LeaseDecision.Queue.class, q -> assertThat(q.reasons().get(0))
                .startsWith("quote qt-2 (whole A100-SXM4-80GB in cn-east-yrd from op-a)"));
        assertThat(refused).isInstanceOfSatisfying(LeaseDecision.Refuse.class, r -> {
            assertThat(r.refusal()).isEqualTo(LeaseDecision.Refusal.QUOTE_UNAVAILABLE);
            assertThat(r.reasons().get(0)).contains("qt-2").contains("not free now");
        });
    }

    @Test
    void aQuotedSliceIsNotSwappedForAnotherKindOfSlice() {
        // given: a quote for a MIG 3g.40gb of an H100 whose only device is now held whole
        NodeCapacity h100 = new NodeCapacity("e-h100", "op-a", "cn-east-yrd", "c", RegionTier.EAST, true,
                List.of(new DeviceSlot("g0", Vendor.NVIDIA, "H100 80GB HBM3", 81559, false)));
        Quotes.Held quote = new Quotes.Held("qt-3", "cn-east-yrd", "op-a", Vendor.NVIDIA, "H100 80GB HBM3", "MIG",
                "3g.40gb");

        // when
        LeaseDecision.Outcome outcome = LeaseDecision.request(ask(new PlacementRequest(30 * 1024, 1, null, null,
                        WorkloadClass.INFERENCE, null, null, null, Sharing.SHARED), quote, 0),
                fleet(new World(List.of(h100), Map.of())), Admission.Limits.NONE, NOW);

        // then
        assertThat(outcome).isInstanceOfSatisfying(LeaseDecision.Refuse.class,
                r -> assertThat(r.reasons().get(0)).contains("MIG 3g.40gb of H100 80GB HBM3"));
    }

    private static NodeCapacity node(String id, String operator, String region, RegionTier tier, Vendor vendor,
                                     String model, long memoryMiB) {
        return new NodeCapacity(id, operator, region, region + "-c", tier, true,
                List.of(new DeviceSlot(id + "-g0", vendor, model, memoryMiB, true)));
    }

    private static String kind(Placement p) {
        return p.slice() == null ? null : p.slice().mode().sliceKind().name();
    }

    private static String profile(Placement p) {
        return p.slice() == null ? null : p.slice().allocation().profile();
    }
}
