package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.pricing.rating.LeaseCost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * A lease as the internal API returns it. {@code slice} is null for whole devices; {@code share} is the fraction of
 * each device the lease holds and is billed for; {@code relativeCompute} is the compute it holds in A100s (see
 * docs/capabilities.md), null where the model has no published figure. {@code drainDeadline} is the notice of a live
 * lease whose node its operator drains: the lease ends then at the latest (null otherwise). {@code pricePerHour} is
 * what everything the lease holds costs an hour at the price in force when it was placed, in {@code currency}, and
 * {@code estimatedCost} what its requested duration costs at that price (all three null before placement or when no
 * price could be read then; the bill rates each instant at the price valid then). A gang ({@code nodes} above 1)
 * holds {@code devicesPerNode} devices on each of its nodes, {@code deviceCount} in all; {@code members} lists
 * its nodes in rank order with their devices and Pods ({@code nodeId}, {@code deviceKeys} and {@code podName} are rank
 * 0's), {@code topology} the topology labels they share or span. A lease on one node has one member. {@code quoteId}
 * is the quote the lease was booked with: its price is then the quote's, held from when it was quoted.
 */
public record LeaseView(String leaseId, String tenantId, LeaseState state, BigDecimal memoryGiB, int deviceCount,
                        String region, String cluster, String nodeId, Vendor vendor, String deviceModel,
                        Long deviceMemoryMiB, List<String> deviceKeys, String podName, Instant requestedAt,
                        Instant startedAt, Instant endsAt, Instant endedAt, long durationMinutes, String reason,
                        int priority, boolean interruptible, Instant queuedUntil, List<String> pendingReasons,
                        io.computenet.placement.Sharing sharing, Integer computePct, SliceView slice,
                        BigDecimal share, String framework, Double relativeCompute, BigDecimal maxPricePerHour,
                        Instant startsAt, String reservedNodeId, Instant drainDeadline, BigDecimal pricePerHour,
                        String currency, BigDecimal estimatedCost, int nodes, int devicesPerNode, String topology,
                        List<NodeView> members, String quoteId) {

    /**
     * One node of a lease.
     *
     * @param rank       0 for the rendezvous master of a gang
     * @param memberId   the id its lease events carry (a gang's member id, or the lease id)
     * @param topology   the node's topology label when it had one
     */
    public record NodeView(int rank, String memberId, String nodeId, List<String> deviceKeys, String topology,
                           String podName) {
    }

    /**
     * The slice a lease holds.
     *
     * @param kind      MIG, VNPU, SMLU or SOFT
     * @param profile   MIG profile or vNPU template name; null for shares
     * @param memoryMiB memory it holds
     * @param compute   compute it holds: MIG compute slices of 7, vNPU AI cores, or percent for shares
     * @param resource  the Kubernetes extended resource it is requested with
     */
    public record SliceView(String kind, String profile, long memoryMiB, int compute, String resource) {
    }

    public static LeaseView of(LeaseEntity l) {
        Optional<LeaseCost> cost = cost(l);
        return new LeaseView(l.leaseId, l.tenantId, l.state,
                // plain: 40, not 4E+1 (which is what a stripped 40.00 serialises as)
                new BigDecimal(BigDecimal.valueOf(l.memoryMiBPerDevice).divide(BigDecimal.valueOf(1024), 2,
                        RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()),
                l.deviceCount, l.region, l.cluster, l.nodeId, l.vendor, l.deviceModel, l.deviceMemoryMiB,
                l.deviceKeyList(), l.podName, l.requestedAt, l.startedAt, l.endsAt, l.endedAt,
                l.durationSeconds / 60, l.reason, l.priority, l.interruptible,
                l.state == LeaseState.QUEUED ? l.queueDeadline : null,
                l.state == LeaseState.QUEUED ? l.pendingReasonList() : List.of(), l.sharing, l.computePct,
                l.sliceMode == null ? null : new SliceView(l.sliceMode.sliceKind().name(), l.sliceProfile,
                        l.sliceMemoryMiB, l.sliceCompute, l.sliceResource), l.share,
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
