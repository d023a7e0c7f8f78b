package io.computenet.contracts.api;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A lease as the API answers it (the scheduler builds it; the portal passes it on, typed). {@code memoryGiB} is the
 * memory asked for on each device, {@code deviceMemoryGiB} each placed device's memory (rounded down; null before
 * placement). {@code slice} is null for whole devices; {@code share} is the fraction of each device the lease holds and
 * is billed for; {@code relativeCompute} is the compute it holds in A100s (see docs/capabilities.md), null where the
 * model has no published figure. {@code drainDeadline} is the notice of a live lease whose node its operator drains:
 * the lease ends then at the latest (null otherwise). {@code pricePerHour} is what everything the lease holds costs an
 * hour at the price in force when it was placed, in {@code currency}, and {@code estimatedCost} what its requested
 * duration costs at that price (all three null before placement or when no price could be read then; the bill rates
 * each instant at the price valid then). A gang ({@code nodes} above 1) holds {@code devicesPerNode} devices on each of
 * its nodes, {@code deviceCount} in all; {@code members} lists its nodes in rank order with their devices and Pods
 * ({@code nodeId}, {@code deviceKeys} and {@code podName} are rank 0's), {@code topology} the topology labels they share
 * or span. A lease on one node has one member. {@code quoteId} is the quote the lease was booked with: its price is
 * then the quote's, held from when it was quoted. {@code queuedUntil} and {@code pendingReasons} are set while it is
 * QUEUED, {@code reservedNodeId} while it is BOOKED; {@code pendingReasonCodes} are the pending reasons as codes with
 * arguments ({@link PendingReason}), for a reader that words them in its own language.
 */
public record LeaseView(String leaseId, String tenantId, LeaseState state, BigDecimal memoryGiB, int deviceCount,
                        String region, String cluster, String nodeId, Vendor vendor, String deviceModel,
                        BigDecimal deviceMemoryGiB, List<String> deviceKeys, String podName, Instant requestedAt,
                        Instant startedAt, Instant endsAt, Instant endedAt, long durationMinutes, String reason,
                        int priority, boolean interruptible, Instant queuedUntil, List<String> pendingReasons,
                        Sharing sharing, Integer computePct, SliceView slice, BigDecimal share, String framework,
                        Double relativeCompute, BigDecimal maxPricePerHour, Instant startsAt, String reservedNodeId,
                        Instant drainDeadline, BigDecimal pricePerHour, String currency, BigDecimal estimatedCost,
                        int nodes, int devicesPerNode, String topology, List<NodeView> members, String quoteId) {

    /** {@code pendingReasons} as codes with arguments, derived from them (never sent back: read-only). */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "pendingReasonCodes",
            access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public List<PendingReason> pendingReasonCodes() {
        return PendingReason.of(pendingReasons);
    }

    /**
     * An ended lease's {@code reason} as codes with arguments (its sentences joined by {@code "; "}, each read as
     * {@link PendingReason#ofJoined} does), derived from it (never sent back: read-only); empty without a reason.
     */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "reasonCodes",
            access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public List<PendingReason> reasonCodes() {
        return PendingReason.ofJoined(reason);
    }

    /**
     * One node of a lease.
     *
     * @param rank     0 for the rendezvous master of a gang
     * @param memberId the id its lease events carry (a gang's member id, or the lease id)
     * @param topology the node's topology label when it had one
     */
    public record NodeView(int rank, String memberId, String nodeId, List<String> deviceKeys, String topology,
                           String podName) {
    }

    /**
     * The slice a lease holds.
     *
     * @param kind      MIG, VNPU, SMLU or SOFT
     * @param profile   MIG profile or vNPU template name; null for shares
     * @param memoryGiB memory it holds
     * @param compute   compute it holds: MIG compute slices of 7, vNPU AI cores, or percent for shares
     * @param resource  the Kubernetes extended resource it is requested with
     */
    public record SliceView(String kind, String profile, BigDecimal memoryGiB, int compute, String resource) {
    }
}
