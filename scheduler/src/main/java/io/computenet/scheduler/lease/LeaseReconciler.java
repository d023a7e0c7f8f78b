package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseState;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.kubernetes.PodFactory;
import io.computenet.scheduler.kubernetes.PodGateway;
import io.computenet.scheduler.kubernetes.PodPhase;
import io.computenet.scheduler.kubernetes.WorkloadSpec;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Drives leases towards their desired state, level-triggered: creates the Pods of scheduled leases in their region's
 * cluster, starts metering when a Pod runs, fails leases whose Pod never starts within the timeout (not charged),
 * fails the leases of failed nodes (silent past the node failure timeout, revoked, or a leased device critical or
 * gone) at the last time the node was known to serve them, expires leases at their end time, and deletes the Pods of ended leases. Every step is idempotent, so a crash or a
 * second scheduler instance repeating it does no harm.
 */
@ApplicationScoped
public class LeaseReconciler {

    private static final Logger LOG = Logger.getLogger(LeaseReconciler.class);

    @Inject
    LeaseService leases;
    @Inject
    PodGateway pods;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;

    @Scheduled(every = "0.5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "1s")
    void tick() {
        try {
            int placed = leases.placeQueued();
            if (placed > 0) {
                LOG.infof("placed %d queued lease(s)", placed);
            }
        } catch (RuntimeException e) {
            LOG.warnf("queue pass will retry: %s", e.getMessage());
        }
        List<LeaseEntity> pending = leases.needingReconcile();
        // one read per tick, not per lease: whether the inventory pipeline is alive is the same for all of them
        Instant freshest = pending.isEmpty() ? null : leases.freshestHeardAt();
        for (LeaseEntity lease : pending) {
            try {
                reconcile(lease, freshest);
            } catch (RuntimeException e) {
                LOG.warnf("lease %s: reconcile will retry: %s", lease.leaseId, e.getMessage());
            }
        }
    }

    /** Ends the lease when its node failed it, at the time the failure was last known not to have happened. */
    private boolean failedByNode(LeaseEntity lease, Instant now, Instant freshestHeardAt) {
        var failure = leases.nodeFailure(lease, now, config.nodeFailureTimeout(), freshestHeardAt);
        failure.ifPresent(f -> {
            LOG.warnf("lease %s fails with its node: %s", lease.leaseId, f.reason());
            leases.endLease(lease.leaseId, LeaseState.FAILED, f.at(), f.reason());
        });
        return failure.isPresent();
    }

    void reconcile(LeaseEntity lease, Instant freshestHeardAt) {
        Instant now = clock.instant();
        switch (lease.state) {
            case SCHEDULED -> {
                pods.apply(lease.region, PodFactory.desired(new WorkloadSpec(lease.leaseId, lease.tenantId,
                        lease.podNamespace, leases.hostnameOf(lease.nodeId), lease.vendor, lease.deviceModel,
                        lease.deviceCount, lease.memoryMiBPerDevice, lease.deviceKeyList(), lease.image,
                        lease.command == null ? List.of() : Arrays.asList(lease.command.split("\u001f")),
                        lease.sliceMode == null ? null : new WorkloadSpec.Slice(lease.sliceMode, lease.sliceProfile,
                                lease.sliceMemoryMiB, lease.sliceCompute, lease.sliceResource))));
                leases.markStarting(lease.leaseId);
            }
            case STARTING -> {
                if (failedByNode(lease, now, freshestHeardAt)) {
                    return;
                }
                PodPhase phase = pods.phase(lease.region, lease.podNamespace, lease.podName);
                switch (phase.phase()) {
                    case RUNNING -> leases.markRunning(lease.leaseId, now);
                    case SUCCEEDED, FAILED, MISSING -> leases.endLease(lease.leaseId, LeaseState.FAILED, now,
                            "workload did not start: " + phase.phase().name().toLowerCase() + " " + phase.detail());
                    default -> {
                        if (lease.scheduledAt.plus(config.podStartTimeout()).isBefore(now)) {
                            leases.endLease(lease.leaseId, LeaseState.FAILED, now, "workload did not start within "
                                    + config.podStartTimeout().toSeconds() + " s" + (phase.detail().isEmpty() ? ""
                                    : " (" + phase.detail() + ")"));
                        }
                    }
                }
            }
            case RUNNING -> {
                if (!lease.endsAt.isAfter(now)) {
                    leases.endLease(lease.leaseId, LeaseState.EXPIRED, lease.endsAt, "lease time is up");
                    return;
                }
                if (failedByNode(lease, now, freshestHeardAt)) {
                    return;
                }
                PodPhase phase = pods.phase(lease.region, lease.podNamespace, lease.podName);
                switch (phase.phase()) {
                    case SUCCEEDED -> leases.endLease(lease.leaseId, LeaseState.RELEASED, now, "workload completed");
                    case FAILED, MISSING -> leases.endLease(lease.leaseId, LeaseState.FAILED, now,
                            "workload " + phase.phase().name().toLowerCase() + " " + phase.detail());
                    default -> {
                    }
                }
            }
            default -> {
                if (!lease.podDeleted) {
                    pods.delete(lease.region, lease.podNamespace, lease.podName);
                    leases.markPodDeleted(lease.leaseId);
                }
            }
        }
    }
}
