package io.computenet.e2e;

import io.computenet.devstack.DevStack;
import io.computenet.devstack.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite of issue 18 on the running stack under a bounded lease load: PostgreSQL restarted, the scheduler and
 * billing each killed with SIGKILL and started again, the broker restarted, and the node agent partitioned from Kafka,
 * one after another. After each fault the services must be ready again, a new lease placed and billing caught up
 * without a hand on them (each time is recorded and printed); no device or slice is ever held by two leases; at the
 * end every accepted lease is still there and ended, and every lease that ran is billed exactly its lifetime, none
 * lost and none doubled (also issue 17's "billing killed mid-stream loses and doubles nothing").
 *
 * <p>{@code -Dcomputenet.faults.partition-seconds=N} sets how long the partition lasts (the full minute by
 * default, longer than the scheduler's 30 s node failure timeout, so the partitioned nodes' leases fail and their bills stop at the
 * scheduler's observed failure time); the recovery table for {@code docs/performance.md} is printed with
 * {@code [fault-suite]} in front of each line.
 */
@ExtendWith(StackExtension.class)
class FaultSuiteEndToEndTest {

    private static final String TENANTS = "t-faults";
    private static final int TENANT_COUNT = 3;
    private static final Duration LOAD_PERIOD = Duration.ofMillis(700);
    private static final Duration PARTITION = Duration.ofSeconds(Long.getLong("computenet.faults.partition-seconds",
            60));
    /**
     * A service not back by then needed a hand. Longer than any start seen: a service's JVM alone took 190 s to start
     * on the 2-core machine at a load average of 60 (other builds beside it); about 15 s on a quiet one.
     */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(Long.getLong(
            "computenet.faults.recovery-limit-seconds", 360));
    /** Billing counts as caught up once it holds what the scheduler had this long ago ({@link #awaitBillingWithin}). */
    private static final Duration BILLING_LAG = Duration.ofSeconds(2);
    private static final Set<String> TERMINAL = Set.of("RELEASED", "EXPIRED", "FAILED", "PREEMPTED");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** How long one fault took to apply, and from its start (a partition: its healing) until each sign of recovery. */
    record Recovery(String fault, Duration applied, Duration ready, Duration leasePlaced, Duration billingCaughtUp) {
        String row() {
            return String.format("| %s | %.1f | %.1f | %.1f | %.1f |", fault, seconds(applied), seconds(ready),
                    seconds(leasePlaced), seconds(billingCaughtUp));
        }

        private static double seconds(Duration d) {
            return d.toMillis() / 1000.0;
        }
    }

    private final DevStack stack = StackExtension.stack();
    private final StackInvariants invariants = new StackInvariants(stack);

    @Test
    void survivesRestartsKillsAndAPartitionUnderLoadLosingAndDoublingNothing() throws Exception {
        List<Recovery> recoveries = new ArrayList<>();
        Map<String, Integer> failedCalls;
        List<LeaseLoad.Accepted> accepted;
        try (LeaseLoad load = LeaseLoad.start(stack, TENANTS, TENANT_COUNT, LOAD_PERIOD)) {
            // given: the load runs, leases are placed and billed
            Instant warm = Instant.now();
            await().atMost(Duration.ofSeconds(90)).until(() -> load.accepted().size() >= TENANT_COUNT * 2);
            awaitBillingWithin(BILLING_LAG);
            log("load warm after " + Duration.between(warm, Instant.now()).toMillis() + " ms");

            // when: the faults, one after another, each recovered from before the next
            recoveries.add(recover(load, "PostgreSQL restarted", () -> {
                stack.faults().restartPostgres();
                return Instant.now();
            }));
            recoveries.add(recover(load, "scheduler killed (SIGKILL) and restarted", () -> {
                stack.faults().killService("scheduler");
                stack.faults().restartService("scheduler");
                return Instant.now();
            }));
            recoveries.add(recover(load, "billing killed (SIGKILL) and restarted", () -> {
                stack.faults().killService("billing");
                stack.faults().restartService("billing");
                return Instant.now();
            }));
            recoveries.add(recover(load, "Kafka broker restarted", () -> {
                stack.faults().restartKafka();
                return Instant.now();
            }));
            recoveries.add(recover(load, "node agent partitioned from Kafka for " + PARTITION.toSeconds() + " s",
                    () -> partitionNodeAgent(PARTITION)));
            failedCalls = load.failures();
            accepted = load.accepted();

            // and: the load stops; what it still holds is released
            load.stop();
            releaseEveryLiveLease(load);
        }
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> invariants.billingCaughtUp(TENANTS));

        // then: the recovery times, for docs/performance.md
        log("| fault | applied (s) | services ready (s) | first new lease placed (s) | billing caught up (s) |");
        log("|---|---|---|---|---|");
        recoveries.forEach(r -> log(r.row()));
        log("leases accepted: " + accepted.size() + "; calls that failed during the faults: " + failedCalls);

        // and: every accepted lease still exists and has ended
        Map<String, StackInvariants.SchedulerLease> leases = invariants.schedulerLeases(TENANTS);
        assertThat(accepted).as("accepted leases").hasSizeGreaterThan(TENANT_COUNT * 2 * recoveries.size());
        assertThat(accepted).allSatisfy(a -> {
            assertThat(leases).as("accepted lease " + a.leaseId() + " lost").containsKey(a.leaseId());
            assertThat(leases.get(a.leaseId()).state()).as(a.leaseId()).isIn(TERMINAL);
        });
        // and: no device or slice held twice, none held by an ended lease
        assertThat(invariants.doubleOrStaleHolds()).isEmpty();
        // and: every lease that ran is billed exactly its lifetime: none lost, none doubled
        assertThat(invariants.billingMismatches(TENANTS)).isEmpty();
        assertThat(leases.values().stream().filter(l -> l.startedAt() != null)).hasSizeGreaterThan(accepted.size() / 2);
    }

    /**
     * Applies a fault and measures the recovery from the instant {@code fault} returns: all services ready, a lease
     * requested after that placed, billing caught up with the scheduler; checks no device or slice is held twice.
     */
    private Recovery recover(LeaseLoad load, String name, Callable<Instant> fault) throws Exception {
        log("fault: " + name);
        Instant start = Instant.now();
        Instant from = fault.call();
        Duration applied = Duration.between(start, from);
        await().atMost(RECOVERY_LIMIT).pollInterval(Duration.ofMillis(200)).until(this::allReady);
        Duration ready = Duration.between(from, Instant.now());
        LeaseLoad.Accepted first = await().atMost(RECOVERY_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> load.firstAcceptedSentAfter(from), java.util.Optional::isPresent).orElseThrow();
        Duration placed = Duration.between(from, first.acceptedAt());
        awaitBillingWithin(BILLING_LAG);
        Duration billed = Duration.between(from, Instant.now());
        assertThat(invariants.doubleOrStaleHolds()).as("holds after " + name).isEmpty();
        Recovery r = new Recovery(name, applied, ready, placed, billed);
        log(r.row());
        return r;
    }

    /**
     * Waits until billing holds every lease start and end that the scheduler's database had {@code lag} earlier: under
     * a steady load a lease starts every fraction of a second, so billing never matches the scheduler's present, but
     * it covers its recent past once its backlog after a fault is worked off.
     */
    private void awaitBillingWithin(Duration lag) {
        java.util.Deque<Map.Entry<Instant, Map<String, StackInvariants.SchedulerLease>>> snapshots =
                new java.util.ArrayDeque<>();
        await().atMost(RECOVERY_LIMIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            Instant now = Instant.now();
            snapshots.addLast(Map.entry(now, invariants.schedulerLeases(TENANTS)));
            Map<String, StackInvariants.SchedulerLease> due = null;
            while (!snapshots.isEmpty() && !snapshots.peekFirst().getKey().isAfter(now.minus(lag))) {
                due = snapshots.removeFirst().getValue();
            }
            return due != null && invariants.billingCovers(TENANTS, due);
        });
    }

    /**
     * Cuts the node agent's path to Kafka for {@code length}, checking meanwhile that nothing is held twice; returns
     * when the partition is healed.
     */
    private Instant partitionNodeAgent(Duration length) {
        Instant cut = Instant.now();
        stack.faults().partitionNodeAgent();
        try {
            await().atMost(length.plusSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                assertThat(invariants.doubleOrStaleHolds()).as("holds during the partition").isEmpty();
                return Duration.between(cut, Instant.now()).compareTo(length) >= 0;
            });
        } finally {
            stack.faults().healNodeAgentPartition();
        }
        return Instant.now();
    }

    private boolean allReady() {
        List<String> urls = new ArrayList<>();
        for (String module : List.of("scheduler", "billing", "portal-api")) {
            ServiceProcess service = stack.service(module);
            urls.add(service.url());
        }
        urls.add("http://127.0.0.1:" + stack.options().agentPort());
        return urls.stream().allMatch(FaultSuiteEndToEndTest::ready);
    }

    private static boolean ready(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(3))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Releases every lease of the load's tenants that has not ended, as its tenant, until none is left. */
    private void releaseEveryLiveLease(LeaseLoad load) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            List<StackInvariants.SchedulerLease> live = invariants.schedulerLeases(TENANTS).values().stream()
                    .filter(l -> !TERMINAL.contains(l.state())).toList();
            live.forEach(l -> load.release(l.tenantId(), l.leaseId()));
            return live.isEmpty();
        });
    }

    private static void log(String line) {
        System.out.println("[fault-suite] " + line);
        System.out.flush();
    }
}
