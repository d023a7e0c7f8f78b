package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/** A lease as the internal API returns it. */
public record LeaseView(String leaseId, String tenantId, LeaseState state, BigDecimal memoryGiB, int deviceCount,
                        String region, String cluster, String nodeId, Vendor vendor, String deviceModel,
                        Long deviceMemoryMiB, List<String> deviceKeys, String podName, Instant requestedAt,
                        Instant startedAt, Instant endsAt, Instant endedAt, long durationMinutes, String reason,
                        int priority, boolean interruptible, Instant queuedUntil, List<String> pendingReasons) {

    public static LeaseView of(LeaseEntity l) {
        return new LeaseView(l.leaseId, l.tenantId, l.state,
                BigDecimal.valueOf(l.memoryMiBPerDevice).divide(BigDecimal.valueOf(1024), 2, RoundingMode.HALF_UP)
                        .stripTrailingZeros(),
                l.deviceCount, l.region, l.cluster, l.nodeId, l.vendor, l.deviceModel, l.deviceMemoryMiB,
                l.deviceKeyList(), l.podName, l.requestedAt, l.startedAt, l.endsAt, l.endedAt,
                l.durationSeconds / 60, l.reason, l.priority, l.interruptible,
                l.state == LeaseState.QUEUED ? l.queueDeadline : null,
                l.state == LeaseState.QUEUED ? l.pendingReasonList() : List.of());
    }
}
