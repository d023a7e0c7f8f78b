package io.computenet.scheduler.lease;

import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.Sharing;
import io.computenet.problem.ProblemException;
import io.computenet.scheduler.TestInventory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lease requests created together in one transaction ({@link LeaseRequests#requestAll}, what {@link LeaseIntake} does
 * with concurrent requests) get what each would get alone: every device to one lease only, each refusal its own.
 */
@QuarkusTest
class LeaseBatchTest {

    private static final String TENANT = "t-batch";
    private static final String NODE = "batch-node";
    private static final String MODEL = BatchTestNode.MODEL;

    @Inject
    LeaseService leases;
    @Inject
    LeaseRequests requests;
    @Inject
    io.computenet.scheduler.quota.TenantLimits limits;
    @Inject
    jakarta.persistence.EntityManager em;

    @BeforeAll
    static void fourA40sInTheEast() {
        // the only A40s in this test application
        BatchTestNode.publish(NODE, TestInventory.devices(Vendor.NVIDIA, MODEL, 46_068, NODE, 4));
    }

    @AfterAll
    static void takeTheA40sAway() {
        BatchTestNode.remove(NODE);
    }

    @AfterEach
    void releaseAll() {
        BatchTestNode.releaseAll(leases, TENANT, NODE);
    }

    private static LeaseRequest wholeA40(String sliceProfile) {
        return BatchTestNode.a40(TENANT, 40, Sharing.WHOLE, sliceProfile, null);
    }

    private static Map<String, String> holders() {
        return BatchTestNode.holders(NODE);
    }

    @Test
    void eachRequestOfABatchIsPlacedOnWhatTheOnesBeforeItLeftAndRefusalsStayTheirOwn() {
        List<LeaseRequest> batch = List.of(wholeA40(null), wholeA40(null), wholeA40("1g.5gb"), wholeA40(null),
                wholeA40(null), wholeA40(null));

        List<LeaseRequests.Outcome> outcomes = requests.requestAll(batch);

        assertThat(outcomes).hasSize(6);
        // the third asks for a MIG profile on a whole-device lease: invalid, refused alone
        assertThat(outcomes.get(2).lease()).isNull();
        assertThat(outcomes.get(2).refused()).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) outcomes.get(2).refused()).status()).isEqualTo(400);
        // four devices: the first four valid requests get one each, the fifth finds none and will not wait
        List<LeaseView> placed = new ArrayList<>();
        for (int i : new int[] {0, 1, 3, 4}) {
            assertThat(outcomes.get(i).refused()).as("request %d", i).isNull();
            assertThat(outcomes.get(i).lease().state()).isEqualTo(LeaseState.SCHEDULED);
            placed.add(outcomes.get(i).lease());
        }
        assertThat(outcomes.get(5).lease()).isNull();
        assertThat(outcomes.get(5).refused()).isInstanceOf(InsufficientCapacityException.class);
        // committed: every device held by exactly one of the four leases
        Map<String, String> holders = holders();
        assertThat(holders.values()).doesNotContainNull()
                .containsExactlyInAnyOrderElementsOf(placed.stream().map(LeaseView::leaseId).toList());
    }

    @Test
    void concurrentRequestsThroughTheApiNeverShareADevice() throws Exception {
        int clients = 12;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                calls.add(() -> given().contentType(ContentType.JSON).body(Map.of("tenantId", TENANT,
                        "memoryGiB", 40, "deviceCount", 1, "region", "cn-east-yrd", "vendor", "NVIDIA",
                        "model", MODEL, "sharing", "WHOLE", "maxWaitMinutes", 0, "durationMinutes", 30))
                        .post("/internal/v1/leases").then().extract().response());
            }
            List<String> created = new ArrayList<>();
            int refused = 0;
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                if (r.statusCode() == 201) {
                    created.add(r.jsonPath().getString("leaseId"));
                } else {
                    assertThat(r.statusCode()).as(r.asString()).isEqualTo(409);
                    assertThat(r.jsonPath().getString("type")).endsWith("insufficient-capacity");
                    refused++;
                }
            }
            assertThat(created).hasSize(4).doesNotHaveDuplicates();
            assertThat(refused).isEqualTo(clients - 4);
            assertThat(holders().values()).containsExactlyInAnyOrderElementsOf(created);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestOfABatchMayPreemptALeaseTheBatchCreatedAndItsEventsStayInOrder() {
        // given: four interruptible leases, then an on-demand one at a higher priority, all in one batch
        LeaseRequest cheap = new LeaseRequest(TENANT, BigDecimal.valueOf(40), 1, BatchTestNode.REGION, Vendor.NVIDIA,
                null, 30, null, null, 10, 0, true, null, MODEL, null, Sharing.WHOLE, null, null, null);
        LeaseRequest urgent = new LeaseRequest(TENANT, BigDecimal.valueOf(40), 1, BatchTestNode.REGION,
                Vendor.NVIDIA, null, 30, null, null, 500, 0, false, null, MODEL, null, Sharing.WHOLE, null, null, null);

        // when
        List<LeaseRequests.Outcome> outcomes = requests.requestAll(List.of(cheap, cheap, cheap, cheap, urgent));

        // then: every request placed; the on-demand lease holds the device of the one lease it preempted
        assertThat(outcomes).allSatisfy(o -> assertThat(o.refused()).isNull());
        String urgentId = outcomes.get(4).lease().leaseId();
        Map<String, String> holders = holders();
        assertThat(holders.values()).doesNotContainNull().contains(urgentId).doesNotHaveDuplicates();
        List<String> preempted = outcomes.subList(0, 4).stream().map(o -> o.lease().leaseId())
                .filter(id -> !holders.containsValue(id)).toList();
        assertThat(preempted).hasSize(1);
        assertThat(leases.get(preempted.get(0), TENANT).state()).isEqualTo(LeaseState.PREEMPTED);
        // its notice follows its scheduling in the outbox, as the relay will send them
        List<String> events = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("select payload from outbox where record_key = ?1 order by id", String.class)
                .setParameter(1, preempted.get(0)).getResultList());
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("lease.scheduled");
        assertThat(events.get(1)).contains("lease.ended").contains("PREEMPTED");
    }

    @Test
    void admissionInABatchCountsWhatTheRequestsBeforeItWereGranted() {
        String tenant = "t-batch-budget";
        limits.setBudget(tenant, new BigDecimal("1.0"), "test"); // GPU-hours a month: two 30-minute leases
        LeaseRequest halfHour = BatchTestNode.a40(tenant, 40, Sharing.WHOLE, null, null);
        List<LeaseRequests.Outcome> outcomes = requests.requestAll(List.of(halfHour, halfHour, halfHour));
        try {
            assertThat(outcomes.get(0).refused()).isNull();
            assertThat(outcomes.get(1).refused()).isNull();
            assertThat(outcomes.get(2).refused()).isInstanceOfSatisfying(ProblemException.class,
                    p -> assertThat(p.toProblem().type()).endsWith("tenant-limit-exceeded"));
        } finally {
            outcomes.stream().filter(o -> o.lease() != null).forEach(o -> leases.release(o.lease().leaseId(), tenant));
            limits.setBudget(tenant, null, "test");
        }
    }
}
