package io.computenet.scheduler.lease;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.inventory.SliceAllocationEntity;
import io.computenet.scheduler.TenantLeases;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Single-device leases get slices of devices (MIG, soft shares), booked, dispatched and freed like whole devices. */
@QuarkusTest
class SliceLeaseTest {

    private static final String REGION = "cn-east-yrd";
    /** A model name only this test's devices carry, so other tests' leases never land on them. */
    private static final String MODEL = "H100 80GB HBM3 (slice test)";
    private static final String TENANT = "t-slices";

    private final TenantLeases leases = new TenantLeases(TENANT, Map.of("memoryGiB", 10, "deviceCount", 1,
            "region", REGION, "model", MODEL, "durationMinutes", 60, "maxWaitMinutes", 0));

    @BeforeAll
    static void fleet() {
        List<DeviceInfo> devices = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            devices.add(new DeviceInfo(Vendor.NVIDIA, MODEL, "GPU-slice-" + i, null, i, null,
                    String.format("0000:%02X:00.0", 0x40 + i), 81559, 0L, 0.0, 35.0, 60.0, DeviceHealth.OK, "550.1",
                    null, "CUDA", "12.4", io.computenet.scheduler.decision.SliceProfiles.h100()));
        }
        TestInventory.publish(TestInventory.inventory("slice-node", REGION, devices));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId = ?1 and sliceProfiles is not null", "slice-node")) == 2);
    }

    @AfterEach
    void release() {
        leases.releaseAll();
    }

    private io.restassured.response.ValidatableResponse lease(Map<String, Object> extra) {
        return leases.request(extra);
    }

    @Test
    void isolatedRequestsGetMigInstancesPackedOnOneGpuAndTheirPodsAskForTheProfile() {
        // when: 10 GiB isolated, then a named 3g.40gb
        String first = lease(Map.of("sharing", "ISOLATED")).statusCode(201)
                .body("slice.kind", equalTo("MIG")).body("slice.profile", equalTo("1g.20gb"))
                .body("slice.resource", equalTo("nvidia.com/mig-1g.20gb"))
                .body("share", equalTo(0.2464f))
                .extract().path("leaseId");
        String second = lease(Map.of("sliceProfile", "3g.40gb")).statusCode(201)
                .body("slice.profile", equalTo("3g.40gb")).extract().path("leaseId");

        // then: both on the same GPU (packing), each Pod asks for one instance of its profile
        List<String> firstKeys = given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + first).then()
                .extract().path("deviceKeys");
        List<String> secondKeys = given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + second).then()
                .extract().path("deviceKeys");
        assertThat(secondKeys).isEqualTo(firstKeys);
        var east = RealInfraResource.cluster(REGION);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                east.client().pods().inNamespace("computenet-leases").withName("lease-" + second).get() != null);
        Pod pod = east.client().pods().inNamespace("computenet-leases").withName("lease-" + second).get();
        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
                .containsOnlyKeys("nvidia.com/mig-3g.40gb");

        // and: 30 GiB no longer fit the MIG GPU (2 memory slots left); on the empty GPU a soft share of exactly
        // 30 GiB and 20 % wastes less than a 3g.40gb instance
        String soft = lease(Map.of("memoryGiB", 30, "computePct", 20)).statusCode(201)
                .body("slice.kind", equalTo("SOFT")).body("slice.compute", equalTo(20))
                .body("slice.memoryGiB", equalTo(30))
                .body("share", equalTo(0.3767f)).extract().path("leaseId");
        List<String> softKeys = given().queryParam("tenantId", TENANT).get("/internal/v1/leases/" + soft).then()
                .extract().path("deviceKeys");
        assertThat(softKeys).doesNotContainAnyElementsOf(firstKeys);

        // and: the scheduled event carries the slice and its share for billing
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            var records = kafka.readUntil(Topics.LEASE_EVENTS, r -> soft.equals(r.key()), Duration.ofSeconds(30));
            LeaseEvent scheduled = records.stream().filter(r -> soft.equals(r.key()))
                    .map(r -> EventCodec.decode(r.value(), LeaseEvent.class)).findFirst().orElseThrow();
            assertThat(scheduled.sliceKind()).isEqualTo("SOFT");
            assertThat(scheduled.share()).isEqualByComparingTo("0.3767");
        }
    }

    @Test
    void releasingTheLastSliceMakesTheGpuWholeAgain() {
        // given: both GPUs carry a slice
        lease(Map.of("sliceProfile", "7g.80gb")).statusCode(201);
        lease(Map.of("memoryGiB", 70, "computePct", 100)).statusCode(201).body("slice", nullValue());

        // when: every slice is released
        release();

        // then: nothing is left cut, and a whole two-GPU lease fits again
        assertThat(QuarkusTransaction.requiringNew().call(() -> SliceAllocationEntity.count("nodeId", "slice-node")))
                .isZero();
        lease(Map.of("deviceCount", 2, "memoryGiB", 79)).statusCode(201).body("slice", nullValue())
                .body("share", equalTo(1));
    }

    @Test
    void anOnDemandSlicePreemptsAnInterruptibleSliceAndTheOtherSlicesStay() {
        // given: both GPUs full of interruptible 3g.40gb instances (two per GPU)
        List<String> interruptible = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            interruptible.add(lease(Map.of("sliceProfile", "3g.40gb", "interruptible", true)).statusCode(201)
                    .body("slice.profile", equalTo("3g.40gb")).extract().path("leaseId"));
        }
        lease(Map.of("sliceProfile", "3g.40gb", "interruptible", true)).statusCode(409);

        // when: an on-demand lease asks for the same profile
        String onDemand = lease(Map.of("sliceProfile", "3g.40gb")).statusCode(201)
                .body("state", equalTo("SCHEDULED")).body("slice.profile", equalTo("3g.40gb"))
                .extract().path("leaseId");

        // then: exactly one interruptible slice was preempted, for it, and the other three still run
        Map<String, String> states = new java.util.HashMap<>();
        interruptible.forEach(id -> states.put(id, given().queryParam("tenantId", TENANT)
                .get("/internal/v1/leases/" + id).then().extract().path("state")));
        assertThat(states.values().stream().filter("PREEMPTED"::equals).count()).isEqualTo(1);
        assertThat(states.values().stream().filter(st -> !st.equals("PREEMPTED"))).hasSize(3)
                .allSatisfy(st -> assertThat(st).isIn("SCHEDULED", "STARTING", "RUNNING"));
        // and: four slices are cut, one of them the on-demand lease's
        assertThat(QuarkusTransaction.requiringNew().call(() -> SliceAllocationEntity.count("nodeId", "slice-node")))
                .isEqualTo(4);
        assertThat(QuarkusTransaction.requiringNew().call(() -> SliceAllocationEntity.count("leaseId", onDemand)))
                .isEqualTo(1);
    }

    @Test
    void aSliceIsAdmittedAgainstTheBudgetForItsShareNotTheWholeDevice() {
        TenantLeases budgeted = new TenantLeases("t-slice-budget", Map.of("memoryGiB", 10, "deviceCount", 1,
                "region", REGION, "model", MODEL, "durationMinutes", 60, "maxWaitMinutes", 0));
        given().contentType(io.restassured.http.ContentType.JSON).queryParam("by", "admin1")
                .body(Map.of("monthlyGpuHours", 0.5)).put("/internal/v1/tenants/t-slice-budget/limits/budget")
                .then().statusCode(200);
        try {
            // a soft share of 10 GiB (13 %) for an hour needs 0.13 GPU-hours: within 0.5
            budgeted.request(Map.of()).statusCode(201).body("share", equalTo(0.13f));
            // the whole device for an hour needs 1: refused, with the figures
            budgeted.request(Map.of("sharing", "WHOLE")).statusCode(409)
                    .body("type", equalTo("https://computenet.io/problems/tenant-limit-exceeded"))
                    .body("reasons[0]", containsString("this lease needs 1.00"));
        } finally {
            budgeted.releaseAll();
        }
    }

    @Test
    void aFullGpuRefusesAnotherSliceWithTheReason() {
        // given: both GPUs full (7g.80gb is the whole GPU in MIG mode)
        lease(Map.of("sliceProfile", "7g.80gb")).statusCode(201);
        lease(Map.of("sliceProfile", "7g.80gb")).statusCode(201);

        // when / then
        lease(Map.of("sliceProfile", "1g.10gb")).statusCode(409)
                .body("reasons[0]", containsString("a free 1g.10gb slot"));
    }

    @Test
    void badSliceRequestsAreRefusedWithTheField() {
        lease(Map.of("deviceCount", 2, "sliceProfile", "1g.10gb")).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("single-device"));
        lease(Map.of("computePct", 0)).statusCode(400).body("errors[0].field", equalTo("computePct"));
        lease(Map.of("sharing", "exclusive")).statusCode(400).body("detail", containsString("ISOLATED"));
        lease(Map.of("sliceProfile", "3g 40gb")).statusCode(400).body("errors[0].field", equalTo("sliceProfile"));
        lease(Map.of("framework", "tensorflow-9")).statusCode(400).body("detail", containsString("vLLM"));
    }

    @Test
    void aFrameworkKeepsTheLeaseToDevicesThatRunIt() {
        // NVIDIA devices run vLLM but not CANN
        lease(Map.of("framework", "vllm", "sharing", "ISOLATED")).statusCode(201).body("framework", equalTo("vLLM"))
                // (no billing in this test: no price could be read when it was placed, and none is made up)
                .body("pricePerHour", org.hamcrest.Matchers.nullValue())
                .body("estimatedCost", org.hamcrest.Matchers.nullValue());
        lease(Map.of("framework", "CANN")).statusCode(409)
                .body("reasons[0]", containsString("CANN-capable"));
    }

    /** Billing's prices as the catalog would return them: 20.00 per device-hour for this test's model. */
    static class FixedPrices extends io.computenet.scheduler.pricing.PriceCatalog {
        private final boolean reachable;

        FixedPrices(boolean reachable) {
            this.reachable = reachable;
        }

        @Override
        public java.util.Optional<io.computenet.pricing.PriceBook> book() {
            return reachable ? java.util.Optional.of(io.computenet.pricing.PriceBook.of(List.of(
                    new io.computenet.pricing.PriceEntry(null, REGION, MODEL, null, null,
                            io.computenet.pricing.PriceTerm.ON_DEMAND, new java.math.BigDecimal("20.00"),
                            io.computenet.pricing.PriceEntry.DEFAULT_CURRENCY, java.time.Instant.EPOCH))))
                    : java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<io.computenet.placement.PriceFilter.Prices> current() {
            // (a mock is not injected, so it has no clock: the same prices, now)
            return book().map(b -> wholeDevicesOnDemand(b, java.time.Instant.now()));
        }
    }

    @Test
    void aPriceCeilingIsMetByASmallEnoughSliceAndRefusesWhatCostsMore() {
        io.quarkus.test.junit.QuarkusMock.installMockForType(new FixedPrices(true),
                io.computenet.scheduler.pricing.PriceCatalog.class);

        // a 10 GiB soft share (13 %) of a 20.00 GPU costs 2.60 an hour; the lease shows it, and its hour's cost
        lease(Map.of("maxPricePerHour", 3.00)).statusCode(201).body("slice.kind", equalTo("SOFT"))
                .body("maxPricePerHour", equalTo(3.0f)).body("pricePerHour", equalTo(2.6f))
                .body("currency", equalTo("CNY")).body("estimatedCost", equalTo(2.6f));

        // a whole GPU costs 20.00 (the other GPU now holds the share, so one whole GPU fits)
        lease(Map.of("sharing", "WHOLE", "maxPricePerHour", 3.00)).statusCode(409)
                .body("type", equalTo("https://computenet.io/problems/price-ceiling"))
                .body("detail", equalTo("nothing that fits this request costs at most 3.0 CNY per hour now"))
                .body("reasons[0]", equalTo("price: 1 fitting device(s) cost more than the ceiling of 3.0 CNY per "
                        + "hour (the cheapest 20.00 CNY per hour)"));
    }

    @Test
    void aPriceCeilingWithoutPricesIsRefusedForPriceWithTheReason() {
        io.quarkus.test.junit.QuarkusMock.installMockForType(new FixedPrices(false),
                io.computenet.scheduler.pricing.PriceCatalog.class);

        lease(Map.of("maxPricePerHour", 3.00)).statusCode(409)
                .body("type", equalTo("https://computenet.io/problems/price-ceiling"))
                .body("reasons[0]", containsString("no price books have arrived from billing yet"))
                .body("reasons[0]", containsString("3.0 CNY per hour"));
        lease(Map.of("maxPricePerHour", 0)).statusCode(400).body("errors[0].field", equalTo("maxPricePerHour"));
    }
}
