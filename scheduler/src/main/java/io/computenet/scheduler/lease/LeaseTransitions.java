package io.computenet.scheduler.lease;

import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.SliceChoice;
import io.computenet.placement.slices.Fit;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.pricing.Price;
import io.computenet.pricing.PriceQuery;
import io.computenet.pricing.PriceTerm;
import io.computenet.scheduler.decision.Preemption;
import io.computenet.scheduler.outbox.Outbox;
import io.computenet.scheduler.pricing.PriceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies what was decided to a lease: placing it on its devices or slice, preempting the leases a decision names,
 * ending it. Every state change writes its lease event to the outbox in the same transaction, so PostgreSQL and Kafka
 * cannot disagree after a crash.
 */
@ApplicationScoped
public class LeaseTransitions {

    @Inject
    DeviceAllocations allocations;
    @Inject
    Outbox outbox;
    @Inject
    java.time.Clock clock;
    @Inject
    PriceCatalog prices;

    /** What a booking did to the devices of one node, to apply to a snapshot read before it. */
    record Booked(String nodeId, List<DeviceSlot> devices) {
        List<NodeCapacity> applyTo(List<NodeCapacity> snapshot) {
            return NodeCapacity.withDevices(snapshot, nodeId, devices);
        }
    }

    /** Places the lease and writes its allocation now. */
    Booked allocate(LeaseEntity lease, Placement placement, Instant now) {
        DeviceAllocations.Writes writes = allocations.writes();
        Booked booked = allocate(lease, placement, now, writes);
        writes.apply();
        return booked;
    }

    /**
     * Places the lease: its row is persisted; marking whole devices or recording its slice, and the
     * {@code lease.scheduled} event, go to {@code writes}, to be written before the transaction ends.
     */
    Booked allocate(LeaseEntity lease, Placement placement, Instant now, DeviceAllocations.Writes writes) {
        lease.state = LeaseState.SCHEDULED;
        lease.region = placement.node().region();
        lease.cluster = placement.node().cluster();
        lease.nodeId = placement.node().nodeId();
        lease.operatorId = placement.node().operatorId();
        lease.vendor = placement.firstDevice().vendor();
        lease.deviceModel = placement.firstDevice().model();
        lease.deviceMemoryMiB = placement.firstDevice().memoryMiB();
        lease.deviceKeys = placement.devices().stream().map(DeviceSlot::deviceKey).collect(Collectors.joining(","));
        lease.scheduledAt = now;
        lease.pendingReasons = null;
        lease.persist();
        if (placement.slice() != null) {
            return allocateSlice(lease, placement, now, writes);
        }
        // whole devices: conditional, so a device another transaction took is never handed out twice; devices with
        // slices on them are not free in the snapshot, which is read under the same allocation lock
        recordPrice(lease, now);
        writes.take(lease);
        writes.announce(scheduled(lease, now));
        return new Booked(lease.nodeId, placement.devices().stream().map(d -> d.withFree(false)).toList());
    }

    /**
     * Places a gang on all its nodes at once: the lease row names rank 0's node and devices (the rendezvous master),
     * one member row per node records the rest, every node's devices are marked in the same batch (all or nothing:
     * the batch fails as a whole when one device was taken meanwhile), and each member announces its own
     * {@code lease.scheduled}.
     */
    List<Booked> allocateGang(LeaseEntity lease, io.computenet.placement.gang.GangPlacement gang, Instant now,
                              DeviceAllocations.Writes writes) {
        Placement master = gang.master();
        lease.state = LeaseState.SCHEDULED;
        lease.region = master.node().region();
        lease.cluster = master.node().cluster();
        lease.nodeId = master.node().nodeId();
        lease.operatorId = master.node().operatorId();
        lease.vendor = master.firstDevice().vendor();
        lease.deviceModel = master.firstDevice().model();
        lease.deviceMemoryMiB = master.firstDevice().memoryMiB();
        lease.deviceKeys = keys(master);
        lease.topology = gang.topologies().isEmpty() ? null : String.join(",", gang.topologies());
        lease.podName = LeaseMemberEntity.podName(lease.leaseId, 0);
        lease.scheduledAt = now;
        lease.pendingReasons = null;
        lease.persist();
        List<Booked> booked = new java.util.ArrayList<>();
        List<LeaseMemberEntity> members = new java.util.ArrayList<>();
        for (int rank = 0; rank < gang.members().size(); rank++) {
            Placement p = gang.members().get(rank);
            LeaseMemberEntity m = new LeaseMemberEntity();
            m.leaseId = lease.leaseId;
            m.nodeRank = rank;
            m.memberLeaseId = LeaseMemberEntity.memberLeaseId(lease.leaseId, rank);
            m.nodeId = p.node().nodeId();
            m.operatorId = p.node().operatorId();
            m.deviceKeys = keys(p);
            m.topology = gang.memberTopologies().get(rank);
            m.podName = LeaseMemberEntity.podName(lease.leaseId, rank);
            m.persist();
            members.add(m);
            writes.take(lease.leaseId, m.nodeId, m.deviceKeyList());
            booked.add(new Booked(m.nodeId, p.devices().stream().map(d -> d.withFree(false)).toList()));
        }
        members.forEach(m -> writes.announce(memberEvent(LeaseEvent.TYPE_SCHEDULED, lease, m, now)));
        // one price for the gang when one operator sells all its nodes (the same model in one region); across
        // operators the lease shows none rather than one operator's price for all (each member is billed at its own)
        if (members.stream().allMatch(m -> java.util.Objects.equals(m.operatorId, lease.operatorId))) {
            recordPrice(lease, now);
        }
        return booked;
    }

    private static String keys(Placement placement) {
        return placement.devices().stream().map(DeviceSlot::deviceKey).collect(Collectors.joining(","));
    }

    /** Cuts the planned slice with the lease's id from the device's current state and records it. */
    private Booked allocateSlice(LeaseEntity lease, Placement placement, Instant now,
                                 DeviceAllocations.Writes writes) {
        SliceChoice choice = placement.slice();
        DeviceSlot device = placement.firstDevice();
        Fit fit = SliceArithmetic.fit(device.slices(), choice.request(), lease.leaseId);
        if (!(fit instanceof Fit.Placed placed)) {
            throw new IllegalStateException("slice " + choice.request() + " no longer fits " + device.deviceKey()
                    + " on " + lease.nodeId + ": " + ((Fit.Rejected) fit).reason());
        }
        if (writes.takes(lease.nodeId, device.deviceKey())) {
            throw new IllegalStateException("device " + device.deviceKey() + " on " + lease.nodeId
                    + " is taken whole by an earlier lease of this batch");
        }
        writes.cut(lease.nodeId, device.deviceKey(), placed.allocation()); // checked against the rows when written
        lease.sliceMode = placed.allocation().mode();
        lease.sliceProfile = placed.allocation().profile();
        lease.sliceMemoryMiB = placed.allocation().memoryMiB();
        lease.sliceCompute = placed.allocation().compute();
        lease.sliceResource = choice.profile() == null ? null : choice.profile().resourceName();
        lease.share = choice.share();
        lease.computeFraction = choice.computeFraction();
        recordPrice(lease, now);
        writes.announce(scheduled(lease, now));
        return new Booked(lease.nodeId, List.of(DeviceSlot.sliceable(device.deviceKey(),
                placed.state())));
    }

    /**
     * Records the price in force now for what the lease holds (a lease booked with a quote keeps the quote's price) (its operator, region, model, slice kind and profile,
     * on demand or interruptible), the one billing rates it with from now on; none when no price can be read.
     */
    private void recordPrice(LeaseEntity lease, Instant now) {
        if (lease.quoteId != null) {
            return; // booked with a quote: its held price was recorded when the quote was booked
        }
        Optional<Price> price = lease.operatorId == null ? Optional.empty() : prices.book().flatMap(book ->
                book.priceAt(new PriceQuery(lease.operatorId, lease.region, lease.deviceModel,
                        lease.sliceMode == null ? null : lease.sliceMode.sliceKind(), lease.sliceProfile,
                        lease.interruptible ? PriceTerm.INTERRUPTIBLE : PriceTerm.ON_DEMAND), now));
        lease.pricePerDeviceHour = price.map(Price::pricePerDeviceHour).orElse(null);
        lease.priceCurrency = price.map(p -> p.currency().getCurrencyCode()).orElse(null);
    }

    /** Ends the victims as preempted (their lease.ended events are the notice) and places the lease there. */
    Booked preemptFor(LeaseEntity lease, Preemption.Plan plan, Instant now, DeviceAllocations.Writes writes) {
        for (Preemption.Victim v : plan.victims()) {
            LeaseEntity victim = LeaseEntity.findById(v.leaseId(), LockModeType.PESSIMISTIC_WRITE);
            if (victim != null && !victim.state.isTerminal()) {
                end(victim, LeaseState.PREEMPTED, now, "preempted by on-demand lease " + lease.leaseId
                        + " at priority " + lease.priority);
            }
        }
        return allocate(lease, plan.placement(), now, writes);
    }

    /** Ends the lease in a terminal state at an exact instant (billing stops there) and frees what it held. */
    void end(LeaseEntity lease, LeaseState state, Instant at, String reason) {
        lease.state = state;
        // a lease that never ran is not charged: it keeps a null start
        lease.endedAt = lease.startedAt != null && at.isBefore(lease.startedAt) ? lease.startedAt : at;
        lease.reason = reason;
        if (lease.nodeId == null) {
            // never placed: no Pod, no devices, and nothing announced (lease events describe placed leases)
            lease.podDeleted = true;
            return;
        }
        allocations.free(lease.leaseId);
        publish(LeaseEvent.TYPE_ENDED, lease, clock.instant());
    }

    /** Announces the lease's change: for a gang one event per node, all with the same instants. */
    void publish(String type, LeaseEntity l, Instant at) {
        if (l.isGang()) {
            outbox.addLeaseEvents(LeaseMemberEntity.of(l.leaseId).stream().map(m -> memberEvent(type, l, m, at))
                    .toList());
            return;
        }
        outbox.addLeaseEvents(List.of(event(type, l, at)));
    }

    /** One node of a gang as billing meters it: the member's id, node, operator and devices, the gang's state. */
    private static LeaseEvent memberEvent(String type, LeaseEntity l, LeaseMemberEntity m, Instant at) {
        return LeaseEvent.of(type, at, m.memberLeaseId, l.tenantId, l.state, l.region, l.cluster, m.nodeId,
                m.operatorId, l.vendor, l.deviceModel, m.deviceKeyList().size(), l.memoryMiBPerDevice,
                m.deviceKeyList(), l.startedAt, l.endedAt, l.reason, null, null, null, l.interruptible, l.leaseId)
                .withHeldPrice(heldPrice(l), heldCurrency(l));
    }

    /** The price a lease that booked a quote holds: billing rates it at this price (null without a quote). */
    private static java.math.BigDecimal heldPrice(LeaseEntity l) {
        return l.quoteId == null || l.priceCurrency == null ? null : l.pricePerDeviceHour;
    }

    private static String heldCurrency(LeaseEntity l) {
        return heldPrice(l) == null ? null : l.priceCurrency;
    }

    private static LeaseEvent scheduled(LeaseEntity l, Instant at) {
        return event(LeaseEvent.TYPE_SCHEDULED, l, at);
    }

    private static LeaseEvent event(String type, LeaseEntity l, Instant at) {
        return LeaseEvent.of(type, at, l.leaseId, l.tenantId, l.state, l.region, l.cluster,
                l.nodeId, l.operatorId, l.vendor, l.deviceModel, l.deviceCount, l.memoryMiBPerDevice,
                l.deviceKeyList(), l.startedAt, l.endedAt, l.reason,
                l.sliceMode == null ? null : l.sliceMode.sliceKind().name(), l.sliceProfile, l.share,
                l.interruptible).withHeldPrice(heldPrice(l), heldCurrency(l));
    }
}
