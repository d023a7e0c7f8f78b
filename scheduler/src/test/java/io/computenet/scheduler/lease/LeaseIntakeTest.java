package io.computenet.scheduler.lease;

import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How the intake batches requests and hands each caller its own answer (the lease service faked). */
class LeaseIntakeTest {

    /** Answers by tenant id: "refuse" is refused, "boom" fails any batch it is in and fails alone too. */
    static final class FakeLeases extends LeaseRequests {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<String> alone = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);
        final CountDownLatch firstBatchStarted = new CountDownLatch(1);
        volatile boolean holdFirst;

        /** As the real locks: a batch for any region covers every request, one for a region that region's. */
        @Override
        public List<Outcome> requestAll(Source source) {
            java.util.Set<String> regions = source.candidates().stream()
                    .map(r -> r.region() == null ? LeaseIntake.ANY_REGION : r.region())
                    .collect(java.util.stream.Collectors.toSet());
            List<LeaseRequest> requests = source.take(r -> regions.contains(LeaseIntake.ANY_REGION)
                    || regions.contains(r.region())).stream().map(Waiting::request).toList();
            if (requests.isEmpty()) {
                return List.of();
            }
            batches.add(requests.stream().map(LeaseRequest::tenantId).toList());
            if (holdFirst && batches.size() == 1) {
                firstBatchStarted.countDown();
                try {
                    firstBatchMayFinish.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (requests.stream().anyMatch(r -> r.tenantId().equals("boom"))) {
                throw new IllegalStateException("database gone");
            }
            return requests.stream().map(r -> r.tenantId().equals("refuse")
                    ? new Outcome(null, new InsufficientCapacityException(List.of("nothing fits " + r.tenantId())))
                    : new Outcome(view(r.tenantId()), null)).toList();
        }

        @Override
        public LeaseView request(LeaseRequest r) {
            alone.add(r.tenantId());
            if (r.tenantId().equals("boom")) {
                throw new IllegalStateException("boom alone");
            }
            return view(r.tenantId());
        }
    }

    static LeaseView view(String tenant) {
        return new LeaseView("ls-" + tenant, tenant, LeaseState.SCHEDULED, BigDecimal.ONE, 1, null, null, null, null,
                null, null, List.of(), null, null, null, null, null, 30, null, 100, false, null, List.of(), null,
                null, null, null, null, null, null, null, null, null, null, null, null, 1, 1, null, List.of(), null);
    }

    static LeaseRequest request(String tenant) {
        return new LeaseRequest(tenant, BigDecimal.ONE, 1, null, null, null, 30, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    private final FakeLeases leases = new FakeLeases();
    private final LeaseIntake intake = new LeaseIntake();
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    LeaseIntakeTest() {
        intake.leases = leases;
        intake.registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        intake.stop();
    }

    @Test
    void requestsArrivingWhileABatchRunsGoTogetherInTheNextAndEachCallerGetsItsOwnAnswer() throws Exception {
        leases.holdFirst = true;
        Future<LeaseView> first = callers.submit(() -> intake.request(request("t0")));
        assertThat(leases.firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<LeaseView>> later = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String tenant = "t" + i;
            later.add(callers.submit(() -> intake.request(request(tenant))));
        }
        Future<LeaseView> refused = callers.submit(() -> intake.request(request("refuse")));
        // all six wait behind the first batch
        await().atMost(Duration.ofSeconds(10)).until(() -> waitingCount() == 6);
        leases.firstBatchMayFinish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("t0");
        for (int i = 0; i < later.size(); i++) {
            assertThat(later.get(i).get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("t" + (i + 1));
        }
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                InsufficientCapacityException.class);
        assertThat(leases.batches).hasSize(2);
        assertThat(leases.batches.get(0)).containsExactly("t0");
        assertThat(leases.batches.get(1)).hasSize(6).contains("t1", "t2", "t3", "t4", "t5", "refuse");
        assertThat(leases.alone).isEmpty();
        assertThat(intake.registry.get("computenet.scheduler.lease.batch.size").summary().count()).isEqualTo(2);
    }

    @Test
    void aRequestForAnotherRegionIsNotHeldBehindTheBatchOfABusyLane() throws Exception {
        // given: a batch of requests for one region is held
        leases.holdFirst = true;
        Future<LeaseView> first = callers.submit(() -> intake.request(region("east", "cn-east-yrd")));
        assertThat(leases.firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // when: a request for another region comes in meanwhile
        Future<LeaseView> other = callers.submit(() -> intake.request(region("west", "cn-west-nm")));

        // then: its own lane creates it while the first batch still runs
        assertThat(other.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("west");
        assertThat(first.isDone()).isFalse();
        leases.firstBatchMayFinish.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("east");
        assertThat(leases.batches).containsExactly(List.of("east"), List.of("west"));
    }

    @Test
    void aRegionsLaneStartsNoTransactionWhileABatchForAnyRegionRunsForThatBatchLocksEveryRegion() throws Exception {
        // given: a batch of requests that name no region is held (in PostgreSQL it holds every region's lock)
        leases.holdFirst = true;
        Future<LeaseView> first = callers.submit(() -> intake.request(request("t0")));
        assertThat(leases.firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // when: a request for a region comes in meanwhile
        Future<LeaseView> west = callers.submit(() -> intake.request(region("west", "cn-west-nm")));

        // then: it waits for that batch instead of queueing for the region's lock, and is created after it
        Thread.sleep(300);
        assertThat(west.isDone()).isFalse();
        assertThat(leases.batches).containsExactly(List.of("t0"));
        leases.firstBatchMayFinish.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("t0");
        assertThat(west.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("west");
        assertThat(leases.batches).containsExactly(List.of("t0"), List.of("west"));
    }

    @Test
    void aRequestWaitingInARegionsLaneJoinsABatchWhoseLocksCoverIt() throws Exception {
        // given: a batch for one region is held, and another request for that region waits behind it
        leases.holdFirst = true;
        Future<LeaseView> first = callers.submit(() -> intake.request(region("w0", "cn-west-nm")));
        assertThat(leases.firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<LeaseView> waiting = callers.submit(() -> intake.request(region("w1", "cn-west-nm")));
        await().atMost(Duration.ofSeconds(10)).until(() -> waitingCount() == 1);

        // when: a request for any region comes in (its batch locks every region)
        Future<LeaseView> any = callers.submit(() -> intake.request(request("a1")));

        // then: its batch takes the waiting one too, in one transaction, while the first still runs
        assertThat(any.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("a1");
        assertThat(waiting.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("w1");
        assertThat(first.isDone()).isFalse();
        leases.firstBatchMayFinish.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("w0");
        assertThat(leases.batches).containsExactly(List.of("w0"), List.of("w1", "a1"));
        assertThat(waitingCount()).isZero();
    }

    @Test
    void aRegionsRequestWaitingForABusyAnyRegionLaneIsPlacedInTheNextBatch() throws Exception {
        // given: a batch for any region is held, more than a batch's worth of such requests and one for a region wait
        leases.holdFirst = true;
        Future<LeaseView> first = callers.submit(() -> intake.request(request("t0")));
        assertThat(leases.firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        ExecutorService many = Executors.newFixedThreadPool(LeaseIntake.MAX_BATCH + 8);
        try {
            List<Future<LeaseView>> busy = new ArrayList<>();
            for (int i = 0; i < LeaseIntake.MAX_BATCH + 6; i++) {
                String tenant = "a" + i;
                busy.add(many.submit(() -> intake.request(request(tenant))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingCount() == LeaseIntake.MAX_BATCH + 6);
            Future<LeaseView> west = callers.submit(() -> intake.request(region("west", "cn-west-nm")));
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingCount() == LeaseIntake.MAX_BATCH + 7);

            // when: the held batch ends
            leases.firstBatchMayFinish.countDown();

            // then: the region's request is in the next batch, first, and every request is answered
            assertThat(west.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("west");
            assertThat(first.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("t0");
            for (Future<LeaseView> f : busy) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isNotNull();
            }
            // and: it is next, not behind a batch's worth of the others, whichever lane's thread starts first once the
            // held batch ends: its own lane's batch, or first in the any-region lane's next batch
            assertThat(leases.batches.get(1).get(0)).isEqualTo("west");
            assertThat(leases.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(LeaseIntake.MAX_BATCH));
        } finally {
            many.shutdownNow();
        }
    }

    static LeaseRequest region(String tenant, String region) {
        return new LeaseRequest(tenant, BigDecimal.ONE, 1, region, null, null, 30, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    @Test
    void aBatchThatFailsAsAWholeIsTriedOneByOneSoOnlyTheBadRequestFails() throws Exception {
        leases.holdFirst = true;
        Future<LeaseView> first = callers.submit(() -> intake.request(request("t0")));
        assertThat(leases.firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<LeaseView> good = callers.submit(() -> intake.request(request("good")));
        Future<LeaseView> bad = callers.submit(() -> intake.request(request("boom")));
        await().atMost(Duration.ofSeconds(10)).until(() -> waitingCount() == 2);
        leases.firstBatchMayFinish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("t0");
        assertThat(good.get(10, TimeUnit.SECONDS).tenantId()).isEqualTo("good");
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("boom alone");
        assertThat(leases.alone).containsExactlyInAnyOrder("good", "boom");
    }

    @Test
    void anAdvanceBookingGoesStraightToTheServiceAndARefusalIsThrownAsItIs() {
        LeaseRequest booking = new LeaseRequest("later", BigDecimal.ONE, 1, null, null, null, 30, null, null, null,
                null, null, null, null, null, null, null, null, Instant.now().plusSeconds(3600));
        assertThat(intake.request(booking).tenantId()).isEqualTo("later");
        assertThat(leases.alone).containsExactly("later");
        assertThat(leases.batches).isEmpty();

        assertThatThrownBy(() -> intake.request(request("refuse"))).isInstanceOf(InsufficientCapacityException.class)
                .hasMessageContaining("no capacity");
    }

    @Test
    void afterStopARequestIsAnsweredUnavailable() {
        intake.request(request("t0"));
        intake.stop();
        assertThatThrownBy(() -> intake.request(request("t1"))).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.status()).isEqualTo(503));
    }

    private int waitingCount() {
        return intake.waitingCount();
    }
}
