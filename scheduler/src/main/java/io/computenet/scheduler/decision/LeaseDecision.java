package io.computenet.scheduler.decision;

import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.PlacementResult;
import io.computenet.placement.PolicyChoice;
import io.computenet.placement.PriceFilter;
import io.computenet.placement.gang.GangPlacement;
import io.computenet.placement.gang.GangPlanner;
import io.computenet.placement.gang.GangRequest;
import io.computenet.placement.gang.GangResult;
import io.computenet.scheduler.quota.Admission;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What becomes of a lease request, purely: from the capacity, the advance bookings, the interruptible leases, the
 * prices, the tenant's limits and the request, it decides to place the lease, to preempt interruptible leases for it,
 * to queue it (with the reasons it waits) or to refuse it (with the reasons). It reads nothing and writes nothing: the
 * lease package reads its inputs and applies its outcome ({@code LeaseRequests}, {@code LeaseQueue}).
 *
 * <p>Inputs that are costly to read are {@link Supplier}s asked for only when the decision needs them (the nodes as a
 * list on the indexed path, the interruptible leases when nothing fits, what the tenant holds when it has limits);
 * they must answer as of the decision's moment and the same every time they are asked.
 *
 * <p>A request may name nodes to avoid ({@link Ask#avoidNodes}: an endpoint's new replica avoids its siblings' nodes).
 * Every placement is the indexed engine's: the live index ({@link Index}) for a plain request now, and for a
 * request that changes what it may use (nodes to avoid, a price ceiling or priced options, a quote, advance
 * bookings' windows, preemption's what-if) a {@code CapacityIndex} built over that snapshot ({@link WhatIf}): first
 * without the avoided nodes, then, when nothing else fits, with them. Gangs are placed by
 * {@link GangPlanner}, whole nodes' worth of whole devices grouped by cluster and model.
 *
 * <p><b>Why one class of about 600 lines.</b> It is the one decision for every kind of request (a lease now, a gang, an
 * advance booking, a booked quote, a queued lease's next pass), and each kind runs the same checks in the same order:
 * the tenant's limits, the price, the capacity, preemption, then the queue. Split by kind, that order would be written
 * once per kind; the pieces that stand alone already are ({@link Quotes}, {@link WhatIf}, {@code Preemption},
 * {@link Admission}).
 */
public final class LeaseDecision {

    /**
     * The marketplace currency: price ceilings and the price books are compared in it (prices in other currencies are
     * left out, as unpriced), and reasons about price name it.
     */
    public static final String CURRENCY = "CNY";

    private LeaseDecision() {
    }

    /**
     * What is asked.
     *
     * @param request         the planner's request (memory, devices, region, vendor, slices, framework)
     * @param priority        higher is placed first from the queue; preempts interruptible leases at or below it
     * @param interruptible   an interruptible lease never preempts
     * @param maxWait         how long it may wait in the queue; zero refuses what does not fit now
     * @param duration        how long it is booked for
     * @param maxPricePerHour the price ceiling for the whole lease, or null
     * @param nodes           how many nodes: above 1 a gang ({@link GangRequest}) of {@code nodes} x the request's
     *                        device count, whole devices, placed all or nothing
     * @param quote           the option a booked quote holds, or null: the lease is placed inside it or not at all
     *                        (its price is held, so no ceiling applies to it)
     * @param avoidNodes      nodes the lease should not go to when anything else fits (an endpoint's new replica
     *                        avoids the nodes of its live replicas, so one node's death takes at most one of them); a
     *                        preference, not a rule: when only they fit, the lease goes there. Empty for none
     */
    public record Ask(PlacementRequest request, int priority, boolean interruptible, Duration maxWait,
                      Duration duration, BigDecimal maxPricePerHour, int nodes, Quotes.Held quote,
                      Set<String> avoidNodes) {
        public Ask {
            Objects.requireNonNull(request, "request");
            avoidNodes = avoidNodes == null ? Set.of() : Set.copyOf(avoidNodes);
            if (quote != null) {
                request = quote.narrow(request);
                maxPricePerHour = null;
            }
            Objects.requireNonNull(maxWait, "maxWait");
            Objects.requireNonNull(duration, "duration");
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
            }
        }

        /** A lease that avoids no node. */
        public Ask(PlacementRequest request, int priority, boolean interruptible, Duration maxWait,
                   Duration duration, BigDecimal maxPricePerHour, int nodes, Quotes.Held quote) {
            this(request, priority, interruptible, maxWait, duration, maxPricePerHour, nodes, quote, Set.of());
        }

        /** A lease without a quote. */
        public Ask(PlacementRequest request, int priority, boolean interruptible, Duration maxWait,
                   Duration duration, BigDecimal maxPricePerHour, int nodes) {
            this(request, priority, interruptible, maxWait, duration, maxPricePerHour, nodes, null);
        }

        /** A lease on one node. */
        public Ask(PlacementRequest request, int priority, boolean interruptible, Duration maxWait,
                   Duration duration, BigDecimal maxPricePerHour) {
            this(request, priority, interruptible, maxWait, duration, maxPricePerHour, 1);
        }

        /** The nodes the lease may go to: all, or only those of its quote's option. */
        List<NodeCapacity> eligible(List<NodeCapacity> nodes) {
            return quote == null ? nodes : quote.within(nodes);
        }

        /** Whether this asks for a gang of several nodes. */
        public boolean isGang() {
            return nodes > 1;
        }

        /** The gang asked for: {@code nodes} x the request's devices. */
        public GangRequest gang() {
            return GangRequest.of(request, nodes, request.deviceCount());
        }
    }

    /**
     * The placement engine's answer from the live capacity model (a {@code CapacityIndex} kept up to date), under
     * the fleet's {@link Fleet#policies}: what {@link WhatIf#plan(PlacementRequest, List, PolicyChoice)} answers on
     * {@link Fleet#nodes}, without building an index per request.
     */
    @FunctionalInterface
    public interface Index {
        PlacementResult plan(PlacementRequest request);
    }

    /**
     * The fleet as the decision sees it.
     *
     * @param nodes         every node with what is free on it now (advance bookings not yet taken out)
     * @param index         the same capacity indexed, when there is one: used where it answers as the planner would
     * @param reservations  what advance bookings reserve, for their windows
     * @param startTimeout  how long a placed lease may take to start (its devices are held that much longer)
     * @param policies      each cluster's placement policy
     * @param prices        the price books, when readable (needed only under a price ceiling)
     * @param interruptible the live interruptible leases: what an on-demand request may preempt
     * @param topology      each node's topology label (rack, switch) by node id, null for none: gangs prefer to share
     *                      one
     * @param pricing       every option's price, when the price books are readable: the options then rank by
     *                      {@link Quotes#ORDER} and the lease goes to the first, as the quotes list them
     */
    public record Fleet(Supplier<List<NodeCapacity>> nodes, Optional<Index> index,
                        List<Bookings.Reservation> reservations, Duration startTimeout, PolicyChoice policies,
                        Optional<PriceFilter.Prices> prices, Supplier<List<Preemption.Victim>> interruptible,
                        Function<String, String> topology, Optional<Quotes.Pricing> pricing) {
        public Fleet {
            Objects.requireNonNull(nodes, "nodes");
            Objects.requireNonNull(index, "index");
            reservations = List.copyOf(reservations);
            Objects.requireNonNull(startTimeout, "startTimeout");
            Objects.requireNonNull(prices, "prices");
            Objects.requireNonNull(interruptible, "interruptible");
            Objects.requireNonNull(topology, "topology");
            Objects.requireNonNull(pricing, "pricing");
        }

        /** A fleet whose options are not priced (the planner's order, or cheapest fit under a price ceiling). */
        public Fleet(Supplier<List<NodeCapacity>> nodes, Optional<Index> index,
                     List<Bookings.Reservation> reservations, Duration startTimeout, PolicyChoice policies,
                     Optional<PriceFilter.Prices> prices, Supplier<List<Preemption.Victim>> interruptible,
                     Function<String, String> topology) {
            this(nodes, index, reservations, startTimeout, policies, prices, interruptible, topology,
                    Optional.empty());
        }

        /** A fleet whose nodes have no topology labels. */
        public Fleet(Supplier<List<NodeCapacity>> nodes, Optional<Index> index,
                     List<Bookings.Reservation> reservations, Duration startTimeout, PolicyChoice policies,
                     Optional<PriceFilter.Prices> prices, Supplier<List<Preemption.Victim>> interruptible) {
            this(nodes, index, reservations, startTimeout, policies, prices, interruptible, id -> null);
        }
    }

    /** Why a request is refused: each kind is its own problem type. */
    public enum Refusal {
        /** The tenant's GPU-hour budget or a device quota would be exceeded. */
        TENANT_LIMIT,
        /**
         * Something fits, but nothing within the request's price ceiling (too dear, unpriced, or the prices cannot be
         * read): the reasons say price first, with the currency.
         */
        PRICE_CEILING,
        /** Nothing fits now and it may not wait, or nothing in the enrolled fleet could ever fit it. */
        NO_CAPACITY,
        /**
         * The option a booked quote holds is not free now and the lease may not wait, or could never fit it: the
         * first reason names the quote.
         */
        QUOTE_UNAVAILABLE
    }

    /** The decision. */
    public sealed interface Outcome permits Place, PlaceGang, Preempt, Queue, Refuse {
    }

    /** Place the lease there now. */
    public record Place(Placement placement) implements Outcome {
    }

    /** Place the gang on all these nodes now. */
    public record PlaceGang(GangPlacement placement) implements Outcome {
    }

    /** End these interruptible leases as preempted and place the lease where they were. */
    public record Preempt(Preemption.Plan plan) implements Outcome {
    }

    /** Let the lease wait in the queue until {@code until}, for these reasons. */
    public record Queue(List<String> reasons, Instant until) implements Outcome {
        public Queue {
            reasons = List.copyOf(reasons);
        }
    }

    /** Refuse the request, for these reasons. */
    public record Refuse(Refusal refusal, List<String> reasons) implements Outcome {
        public Refuse {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * A new request that starts now: placed when it fits (with priced options, or under a price ceiling, in the first
     * option of {@link Quotes#ORDER}, where the first quote is; with a quote, inside the quote's option), else placed
     * by preempting interruptible leases (on-demand requests only; with a quote, inside its option), else queued when
     * it may wait and would fit the enrolled fleet were it free, else refused; a request that breaks the tenant's
     * budget or quotas is refused before anything else. Admission counts what the lease gets where it would
     * land now (a slice's share), or whole devices wherever it asked when it would wait.
     */
    public static Outcome request(Ask ask, Fleet fleet, Admission.Limits limits, Instant now) {
        if (ask.isGang()) {
            return gang(ask, fleet, Optional.of(limits), now, now.plus(ask.maxWait()));
        }
        PlacementRequest request = ask.request();
        Supplier<List<NodeCapacity>> nodes = memo(() -> ask.eligible(Bookings.withoutReserved(fleet.nodes().get(),
                fleet.reservations(), now, now.plus(fleet.startTimeout()).plus(ask.duration()))));
        Supplier<PriceFilter.Filtered> priced = memo(() -> priced(ask, nodes.get(), fleet.prices()));
        PlacementResult result = indexed(ask, fleet)
                ? fleet.index().get().plan(request)
                : plan(ask, priced.get().snapshot(), fleet);
        Optional<Preemption.Plan> preemption = result.isPlaced() || ask.interruptible() ? Optional.empty()
                : Preemption.plan(request, ask.priority(), priced.get().snapshot(), fleet.interruptible().get(),
                fleet.policies()).filter(p -> ask.quote() == null || ask.quote().holds(p.placement()));

        Optional<Placement> landing = result.placement().or(() -> preemption.map(Preemption.Plan::placement));
        Admission.Decision admitted = Admission.admit(new Admission.Ask(request.deviceCount(), ask.duration(),
                landing.map(p -> p.node().region()).orElse(request.region()),
                landing.map(p -> p.firstDevice().vendor()).orElse(request.vendor()),
                landing.map(Placement::share).orElse(BigDecimal.ONE)), now, limits);
        if (!admitted.admitted()) {
            return new Refuse(Refusal.TENANT_LIMIT, admitted.reasons());
        }
        if (result.placement().isPresent()) {
            return new Place(result.placement().get());
        }
        if (preemption.isPresent()) {
            return new Preempt(preemption.get());
        }
        List<String> reasons = reasons(ask, result, priced.get(), fleet.prices());
        boolean mayWait = !ask.maxWait().isZero();
        if (!mayWait || !everFits(ask, nodes.get(), fleet.prices())) {
            if (ask.quote() != null) {
                return new Refuse(Refusal.QUOTE_UNAVAILABLE, reasons);
            }
            // the ceiling is the cause when, without it, the request would be placed now (or, waiting, ever)
            boolean forPrice = ask.maxPricePerHour() != null && (mayWait
                    ? everFits(ask.request(), nodes.get())
                    : WhatIf.plan(request, nodes.get(), fleet.policies()).isPlaced());
            return new Refuse(forPrice ? Refusal.PRICE_CEILING : Refusal.NO_CAPACITY, reasons);
        }
        return new Queue(reasons, now.plus(ask.maxWait()));
    }

    /**
     * A queued lease (admitted when it was requested) on one pass over the queue: placed when it fits, else placed by
     * preempting (on-demand leases only), else it waits on, with the reasons now. Its deadline is the caller's.
     */
    public static Outcome queued(Ask ask, Fleet fleet, Instant now, Instant queuedUntil) {
        if (ask.isGang()) {
            return gang(ask, fleet, Optional.empty(), now, queuedUntil);
        }
        PlacementRequest request = ask.request();
        List<NodeCapacity> nodes = ask.eligible(Bookings.withoutReserved(fleet.nodes().get(), fleet.reservations(),
                now, now.plus(fleet.startTimeout()).plus(ask.duration())));
        PriceFilter.Filtered priced = priced(ask, nodes, fleet.prices());
        PlacementResult result = plan(ask, priced.snapshot(), fleet);
        if (result.placement().isPresent()) {
            return new Place(result.placement().get());
        }
        Optional<Preemption.Plan> preemption = ask.interruptible() ? Optional.empty()
                : Preemption.plan(request, ask.priority(), priced.snapshot(), fleet.interruptible().get(),
                fleet.policies()).filter(p -> ask.quote() == null || ask.quote().holds(p.placement()));
        if (preemption.isPresent()) {
            return new Preempt(preemption.get());
        }
        return new Queue(reasons(ask, result, priced, fleet.prices()), queuedUntil);
    }

    /**
     * An advance booking for {@code [start, end)}: whole devices free for the whole window (held now only by leases
     * that end before it, reserved by no overlapping booking), under the price ceiling; placed means reserved.
     * Refused with the reasons, each naming the window, when nothing is free for it.
     */
    public static Outcome book(Ask ask, List<NodeCapacity> nodes, List<Bookings.Holding> holdings,
                               List<Bookings.Reservation> reservations, Instant start, Instant end,
                               PolicyChoice policies, Optional<PriceFilter.Prices> prices) {
        return book(ask, nodes, holdings, reservations, start, end, policies, prices, id -> null);
    }

    /**
     * As {@link #book(Ask, List, List, List, Instant, Instant, PolicyChoice, Optional)}; a gang is booked all or
     * nothing: every one of its nodes has its devices free for the whole window ({@link GangPlanner} on the window,
     * topology preferred, the ceiling for all N x M devices) and all are reserved, or none is and the reasons say,
     * for the window, how many nodes fit.
     */
    public static Outcome book(Ask ask, List<NodeCapacity> nodes, List<Bookings.Holding> holdings,
                               List<Bookings.Reservation> reservations, Instant start, Instant end,
                               PolicyChoice policies, Optional<PriceFilter.Prices> prices,
                               Function<String, String> topology) {
        List<NodeCapacity> window = Bookings.forWindow(nodes, holdings, reservations, start, end);
        if (ask.isGang()) {
            return bookGang(ask, window, start, end, prices, topology);
        }
        PriceFilter.Filtered priced = priced(ask, window, prices);
        PlacementResult result = WhatIf.plan(ask.request(), priced.snapshot(), policies);
        if (result.placement().isPresent()) {
            return new Place(result.placement().get());
        }
        boolean forPrice = ask.maxPricePerHour() != null && WhatIf.plan(ask.request(), window, policies).isPlaced();
        return new Refuse(forPrice ? Refusal.PRICE_CEILING : Refusal.NO_CAPACITY, reasons(ask, result, priced, prices)
                .stream()
                .map(reason -> "from " + start + " to " + end + ": " + reason).toList());
    }

    /**
     * A booking that is due: on the devices it reserved when they are still free on a schedulable node, else wherever
     * it fits now (other bookings' reservations kept), else refused (it fails, uncharged).
     */
    public static Outcome dueBooking(Ask ask, String reservedNodeId, List<String> reservedDeviceKeys, Fleet fleet,
                                     Instant now) {
        List<NodeCapacity> nodes = fleet.nodes().get();
        Optional<Placement> reserved = reserved(nodes, reservedNodeId, reservedDeviceKeys,
                ask.request().deviceCount());
        if (reserved.isPresent()) {
            return new Place(reserved.get());
        }
        Optional<Placement> elsewhere = WhatIf.plan(ask.request(), Bookings.withoutReserved(nodes,
                fleet.reservations(), now, now.plus(fleet.startTimeout()).plus(ask.duration())),
                fleet.policies()).placement();
        return elsewhere.<Outcome>map(Place::new).orElseGet(() -> new Refuse(Refusal.NO_CAPACITY, List.of(
                "the devices booked on " + reservedNodeId + " are no longer available and nothing else fits now")));
    }

    private static Outcome bookGang(Ask ask, List<NodeCapacity> window, Instant start, Instant end,
                                    Optional<PriceFilter.Prices> prices, Function<String, String> topology) {
        GangRequest gang = ask.gang();
        PriceFilter.Filtered priced = gangPriced(ask, gang, window, prices);
        GangResult result = GangPlanner.plan(gang, priced.snapshot(), topology);
        if (result.placement().isPresent()) {
            return new PlaceGang(result.placement().get());
        }
        boolean forPrice = ask.maxPricePerHour() != null && GangPlanner.plan(gang, window, topology).isPlaced();
        return new Refuse(forPrice ? Refusal.PRICE_CEILING : Refusal.NO_CAPACITY,
                reasons(ask, false, result.reasons(), priced, prices).stream()
                        .map(reason -> "from " + start + " to " + end + ": " + reason).toList());
    }

    /**
     * A gang's booking that is due, all or nothing: on the devices it reserved on every node when all of them are
     * still free on schedulable nodes; else (a node failed, was drained or lost a device) wherever the whole gang fits
     * now ({@link GangPlanner}, other bookings' reservations kept); else refused (it fails, uncharged). Never some
     * nodes on the reservation and others elsewhere unless the planner chooses so.
     *
     * @param reserved the booking's reservations, one per node in rank order
     */
    public static Outcome dueGangBooking(Ask ask, List<Bookings.Reservation> reserved, Fleet fleet, Instant now) {
        List<NodeCapacity> nodes = fleet.nodes().get();
        List<Placement> members = new ArrayList<>(reserved.size());
        for (Bookings.Reservation r : reserved) {
            reserved(nodes, r.nodeId(), r.deviceKeys(), ask.request().deviceCount()).ifPresent(members::add);
        }
        if (members.size() == ask.nodes() && members.size() == reserved.size()) {
            return new PlaceGang(new GangPlacement(members,
                    members.stream().map(p -> fleet.topology().apply(p.node().nodeId())).toList()));
        }
        GangResult elsewhere = GangPlanner.plan(ask.gang(), Bookings.withoutReserved(nodes, fleet.reservations(), now,
                now.plus(fleet.startTimeout()).plus(ask.duration())), fleet.topology());
        if (elsewhere.placement().isPresent()) {
            return new PlaceGang(elsewhere.placement().get());
        }
        List<String> lost = reserved.stream().map(Bookings.Reservation::nodeId)
                .filter(id -> members.stream().noneMatch(p -> p.node().nodeId().equals(id))).toList();
        List<String> reasons = new ArrayList<>(List.of("the devices booked on " + String.join(", ", lost)
                + " are no longer available and the whole gang fits nowhere else now"));
        reasons.addAll(elsewhere.reasons());
        return new Refuse(Refusal.NO_CAPACITY, reasons);
    }

    /**
     * A gang, new ({@code limits} present: admitted first, counting all its N x M devices) or queued: placed on every
     * node at once when it fits ({@link GangPlanner}), else it waits holding nothing, with the reasons saying how many
     * nodes fit and what is missing; a new gang that may not wait or could never fit is refused. A gang never
     * preempts: it would take several nodes' interruptible leases for one request, so it waits instead. Its price
     * ceiling is for all its devices.
     */
    private static Outcome gang(Ask ask, Fleet fleet, Optional<Admission.Limits> limits, Instant now,
                                Instant queuedUntil) {
        GangRequest gang = ask.gang();
        List<NodeCapacity> nodes = ask.eligible(Bookings.withoutReserved(fleet.nodes().get(), fleet.reservations(),
                now, now.plus(fleet.startTimeout()).plus(ask.duration())));
        PriceFilter.Filtered priced = gangPriced(ask, gang, nodes, fleet.prices());
        GangResult result = GangPlanner.plan(gang, priced.snapshot(), fleet.topology());
        if (limits.isPresent()) {
            Optional<GangPlacement> landing = result.placement();
            Admission.Decision admitted = Admission.admit(new Admission.Ask(gang.totalDevices(), ask.duration(),
                    landing.map(p -> p.masterNode().region()).orElse(ask.request().region()),
                    landing.map(p -> p.firstDevice().vendor()).orElse(ask.request().vendor()), BigDecimal.ONE), now,
                    limits.get());
            if (!admitted.admitted()) {
                return new Refuse(Refusal.TENANT_LIMIT, admitted.reasons());
            }
        }
        if (result.placement().isPresent()) {
            return new PlaceGang(result.placement().get());
        }
        List<String> reasons = reasons(ask, false, result.reasons(), priced, fleet.prices());
        if (limits.isPresent()) {
            boolean mayWait = !ask.maxWait().isZero();
            List<NodeCapacity> empty = nodes.stream().map(NodeCapacity::allFree).toList();
            boolean everFits = GangPlanner.plan(gang, gangPriced(ask, gang, empty, fleet.prices()).snapshot(),
                    fleet.topology()).isPlaced();
            if (!mayWait || !everFits) {
                if (ask.quote() != null) {
                    return new Refuse(Refusal.QUOTE_UNAVAILABLE, reasons);
                }
                boolean forPrice = ask.maxPricePerHour() != null
                        && GangPlanner.plan(gang, mayWait ? empty : nodes, fleet.topology()).isPlaced();
                return new Refuse(forPrice ? Refusal.PRICE_CEILING : Refusal.NO_CAPACITY, reasons);
            }
        }
        return new Queue(reasons, queuedUntil);
    }

    /**
     * The nodes with only the devices a gang's price ceiling allows: the ceiling is for all N x M devices, so each
     * node's M devices may cost at most its N-th part (rounded down: never more than the ceiling in total).
     */
    private static PriceFilter.Filtered gangPriced(Ask ask, GangRequest gang, List<NodeCapacity> nodes,
                                                   Optional<PriceFilter.Prices> prices) {
        BigDecimal perNode = ask.maxPricePerHour() == null ? null
                : ask.maxPricePerHour().divide(BigDecimal.valueOf(gang.nodes()), 10, RoundingMode.DOWN);
        return PriceFilter.apply(gang.perNode(), nodes, prices.orElse((o, r, m) -> Optional.empty()), perNode);
    }

    private static Optional<Placement> reserved(List<NodeCapacity> nodes, String nodeId, List<String> deviceKeys,
                                                int deviceCount) {
        for (NodeCapacity node : nodes) {
            if (!node.nodeId().equals(nodeId) || !node.schedulable()) {
                continue;
            }
            List<DeviceSlot> devices = node.devices().stream()
                    .filter(d -> deviceKeys.contains(d.deviceKey()) && d.free()).toList();
            if (devices.size() == deviceCount) {
                return Optional.of(new Placement(node, devices));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the live index holds what the request may use (under every cluster's policy): no price ceiling (prices
     * filter the nodes), no advance bookings (they take devices out for their windows), no nodes to avoid, no quote
     * and no priced options; any of these is planned on an index built over the snapshot it leaves ({@link WhatIf}).
     */
    private static boolean indexed(Ask ask, Fleet fleet) {
        return fleet.index().isPresent() && ask.maxPricePerHour() == null && fleet.reservations().isEmpty()
                && ask.quote() == null && fleet.pricing().isEmpty() && ask.avoidNodes().isEmpty();
    }

    /**
     * Where the lease goes: with priced options ({@link Fleet#pricing}, or under a price ceiling the whole-device
     * prices) the first option in {@link Quotes#ORDER}, the cluster's policy choosing the node and device inside it,
     * so the lease goes where the first quote says; without prices the planner's choice under each cluster's policy.
     * A lease booked with a quote is planned inside the quote's option (the nodes were narrowed to it) and placed only
     * when the planner cuts there what the quote holds. Nodes the request avoids are left out while anything else
     * fits; only when nothing else does is it planned on every node (the reasons are then those of every node).
     */
    private static PlacementResult plan(Ask ask, List<NodeCapacity> nodes, Fleet fleet) {
        if (!ask.avoidNodes().isEmpty()) {
            List<NodeCapacity> others = nodes.stream().filter(n -> !ask.avoidNodes().contains(n.nodeId())).toList();
            if (others.size() < nodes.size()) {
                PlacementResult elsewhere = planOn(ask, others, fleet);
                if (elsewhere.isPlaced()) {
                    return elsewhere;
                }
            }
        }
        return planOn(ask, nodes, fleet);
    }

    /** {@link #plan} on these nodes, avoiding none. */
    private static PlacementResult planOn(Ask ask, List<NodeCapacity> nodes, Fleet fleet) {
        Optional<Quotes.Pricing> pricing = fleet.pricing().or(() -> ask.maxPricePerHour() == null ? Optional.empty()
                : fleet.prices().map(Quotes.Pricing::wholeDevices));
        if (ask.quote() == null && pricing.isPresent()) {
            // an option that takes the request means the whole snapshot takes it (an option is a part of the
            // snapshot's nodes and devices), so the snapshot is planned only for the reasons when no option does
            Optional<Placement> first = Quotes.first(ask.request(), nodes, fleet.policies(), pricing.get(),
                    ask.interruptible());
            return first.isPresent() ? new PlacementResult(first, List.of())
                    : WhatIf.plan(ask.request(), nodes, fleet.policies());
        }
        PlacementResult result = WhatIf.plan(ask.request(), nodes, fleet.policies());
        if (ask.quote() != null) {
            return result.placement().filter(ask.quote()::holds).isPresent() ? result
                    : new PlacementResult(Optional.empty(), quoteReasons(ask.quote(), result));
        }
        return result;
    }

    /** Why a quote's option does not take the lease now: the quote named first, then the planner's reasons. */
    private static List<String> quoteReasons(Quotes.Held quote, PlacementResult result) {
        List<String> reasons = new ArrayList<>();
        reasons.add(quote.describe() + ": the quoted option is not free now"
                + (result.isPlaced() ? " (only another kind of slice fits there)" : ""));
        reasons.addAll(result.reasons());
        return reasons;
    }

    /** Whether it could ever fit: feasibility is the same under every policy, so binpack answers it. */
    private static boolean everFits(Ask ask, List<NodeCapacity> nodes, Optional<PriceFilter.Prices> prices) {
        return WhatIf.plan(ask.request(), priced(ask, nodes.stream().map(NodeCapacity::allFree).toList(), prices)
                .snapshot()).isPlaced();
    }

    /** Whether it could ever fit at any price. */
    private static boolean everFits(PlacementRequest request, List<NodeCapacity> nodes) {
        return WhatIf.plan(request, nodes.stream().map(NodeCapacity::allFree).toList()).isPlaced();
    }

    /**
     * The nodes with only what a price ceiling allows; without prices (unreadable) nothing is allowed, so such a
     * lease waits rather than risk a price it did not accept.
     */
    private static PriceFilter.Filtered priced(Ask ask, List<NodeCapacity> nodes,
                                               Optional<PriceFilter.Prices> prices) {
        return PriceFilter.apply(ask.request(), nodes, prices.orElse((o, r, m) -> Optional.empty()),
                ask.maxPricePerHour());
    }

    /**
     * Why the request is not placed: under a price ceiling what price left out first (with the currency), then the
     * planner's reasons.
     */
    private static List<String> reasons(Ask ask, PlacementResult result, PriceFilter.Filtered priced,
                                        Optional<PriceFilter.Prices> prices) {
        return reasons(ask, result.isPlaced(), result.reasons(), priced, prices);
    }

    private static List<String> reasons(Ask ask, boolean placed, List<String> planned, PriceFilter.Filtered priced,
                                        Optional<PriceFilter.Prices> prices) {
        BigDecimal maxPricePerHour = ask.maxPricePerHour();
        if (placed || maxPricePerHour == null) {
            return planned;
        }
        String ceiling = maxPricePerHour.toPlainString() + " " + CURRENCY + " per hour";
        List<String> reasons = new ArrayList<>();
        if (prices.isEmpty()) {
            reasons.add("price: no price books have arrived from billing yet, so nothing can be checked "
                    + "against the ceiling of " + ceiling);
        } else {
            if (priced.tooDear() > 0) {
                reasons.add("price: " + priced.tooDear() + " fitting device(s) cost more than the ceiling of "
                        + ceiling + " (the cheapest " + priced.cheapestLeftOut().toPlainString() + " " + CURRENCY
                        + " per hour)");
            }
            if (priced.unpriced() > 0) {
                reasons.add("price: " + priced.unpriced() + " fitting device(s) have no price in " + CURRENCY
                        + " yet, so they cannot be checked against the ceiling of " + ceiling);
            }
        }
        reasons.addAll(planned);
        return reasons;
    }

    /** Computes once, on first use. */
    private static <T> Supplier<T> memo(Supplier<T> compute) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = compute.get();
                }
                return value;
            }
        };
    }
}
