package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.WorkloadClass;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nodes a queue pass's waiting replicas avoid are read once per pass for all their endpoints: each endpoint's
 * live replicas' nodes and its lately failed replicas' nodes, nothing of other endpoints or of leases long ended.
 */
@QuarkusTest
class ReplicaNodesTest {

    @Inject
    LeaseRepository repository;

    private static LeaseEntity lease(String endpointId, LeaseState state, String nodeId, Instant endedAt) {
        LeaseEntity lease = new LeaseEntity();
        lease.leaseId = NewLeases.newLeaseId();
        lease.tenantId = "t-replica-nodes";
        lease.state = state;
        lease.memoryMiBPerDevice = 16_384;
        lease.deviceCount = 1;
        lease.workloadClass = WorkloadClass.INFERENCE;
        lease.image = "vllm/vllm-openai:v0.11.0";
        lease.durationSeconds = 3600;
        lease.requestedAt = Instant.parse("2026-12-07T08:00:00Z");
        lease.endpointId = endpointId;
        lease.nodeId = nodeId;
        lease.endedAt = endedAt;
        return lease;
    }

    @Test
    void anEndpointsWaitingReplicaAvoidsItsLiveAndLatelyFailedReplicasNodesOnly() {
        // given: replicas of endpoint ep-rn-a on four nodes, in different states, and one of ep-rn-b
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        LeaseEntity waiting = lease("ep-rn-a", LeaseState.QUEUED, null, null);
        LeaseEntity unrelated = lease(null, LeaseState.QUEUED, null, null);
        List<LeaseEntity> rows = List.of(waiting, unrelated,
                lease("ep-rn-a", LeaseState.RUNNING, "rn-node-1", null),
                lease("ep-rn-a", LeaseState.FAILED, "rn-node-2", now.minus(Duration.ofMinutes(5))),
                lease("ep-rn-a", LeaseState.FAILED, "rn-node-3", now.minus(Duration.ofMinutes(20))),
                lease("ep-rn-a", LeaseState.RELEASED, "rn-node-4", now.minus(Duration.ofMinutes(1))),
                lease("ep-rn-b", LeaseState.RUNNING, "rn-node-5", null));
        QuarkusTransaction.requiringNew().run(() -> rows.forEach(l -> l.persist()));

        // when
        Map<String, Set<String>> avoided = QuarkusTransaction.requiringNew()
                .call(() -> repository.replicaNodes(List.of(waiting, unrelated), now.minus(Duration.ofMinutes(10))));

        // then
        assertThat(avoided).containsOnlyKeys("ep-rn-a");
        assertThat(avoided.get("ep-rn-a")).containsExactlyInAnyOrder("rn-node-1", "rn-node-2");
    }

    @Test
    void leasesOfNoEndpointNeedNoQuery() {
        // given
        LeaseEntity plain = lease(null, LeaseState.QUEUED, null, null);

        // when / then
        assertThat(repository.replicaNodes(List.of(plain), Instant.parse("2026-12-07T10:00:00Z"))).isEmpty();
    }
}
