package io.computenet.scheduler.lease;

import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.api.LeaseView.NodeView;
import io.computenet.contracts.api.LeaseView.SliceView;
import io.computenet.contracts.api.Memory;
import io.computenet.contracts.api.Sharing;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.pricing.rating.LeaseCost;

import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Builds the API's {@link LeaseView} (declared once, in contracts) from a lease row: its memory in GiB, its price and
 * estimated cost at the price it was placed at, its nodes, and the compute it holds relative to an A100.
 */
public final class LeaseViews {

    private LeaseViews() {
    }

    public static LeaseView of(LeaseEntity l) {
        Optional<LeaseCost> cost = cost(l);
        return new LeaseView(l.leaseId, l.tenantId, l.state,
                Memory.gib(l.memoryMiBPerDevice), l.deviceCount, l.region, l.cluster, l.nodeId, l.vendor,
                l.deviceModel, l.deviceMemoryMiB == null ? null : Memory.deviceGiB(l.deviceMemoryMiB),
                l.deviceKeyList(), l.podName, l.requestedAt, l.startedAt, l.endsAt, l.endedAt,
                l.durationSeconds / 60, l.reason, l.priority, l.interruptible,
                l.state == LeaseState.QUEUED ? l.queueDeadline : null,
                l.state == LeaseState.QUEUED ? l.pendingReasonList() : List.of(),
                l.sharing == null ? null : Sharing.valueOf(l.sharing.name()), l.computePct,
                l.sliceMode == null ? null : new SliceView(l.sliceMode.sliceKind().name(), l.sliceProfile,
                        Memory.gib(l.sliceMemoryMiB), l.sliceCompute, l.sliceResource), l.share,
                l.requiredFramework == null ? null : l.requiredFramework.displayName(), relativeCompute(l),
                l.maxPricePerHour, l.startsAt, l.state == LeaseState.BOOKED ? l.reservedNodeId : null,
                l.state.isTerminal() ? null : l.drainDeadline, cost.map(LeaseCost::pricePerHour).orElse(null),
                l.priceCurrency, cost.map(LeaseCost::estimatedCost).orElse(null), l.nodeCount, l.devicesPerNode(),
                l.topology, members(l), l.quoteId);
    }

    /** What the lease costs at the price it was placed at, if it has one. */
    static Optional<LeaseCost> cost(LeaseEntity l) {
        if (l.pricePerDeviceHour == null || l.priceCurrency == null) {
            return Optional.empty();
        }
        return Optional.of(LeaseCost.of(l.pricePerDeviceHour, Currency.getInstance(l.priceCurrency), l.deviceCount,
                l.share, l.durationSeconds));
    }

    /** The lease's nodes: a gang's member rows, or its one node once placed. */
    static List<NodeView> members(LeaseEntity l) {
        if (l.isGang()) {
            return l.nodeId == null ? List.of() : LeaseMemberEntity.of(l.leaseId).stream()
                    .map(m -> new NodeView(m.nodeRank, m.memberLeaseId, m.nodeId, m.deviceKeyList(), m.topology,
                            m.podName)).toList();
        }
        return l.nodeId == null ? List.of() : List.of(new NodeView(0, l.leaseId, l.nodeId, l.deviceKeyList(),
                null, l.podName));
    }

    /**
     * The compute the lease holds relative to one A100 (capability table x the share of compute it holds), or null
     * before placement or for a model without a published figure.
     */
    static Double relativeCompute(LeaseEntity l) {
        if (l.vendor == null || l.deviceModel == null) {
            return null;
        }
        var compute = io.computenet.placement.capability.Capabilities.of(l.vendor, l.deviceModel).relativeCompute();
        if (compute.isEmpty()) {
            return null;
        }
        double fraction = l.computeFraction == null ? 1.0 : l.computeFraction;
        return Math.round(compute.getAsDouble() * fraction * l.deviceCount * 100) / 100.0; // every node's devices
    }
}
