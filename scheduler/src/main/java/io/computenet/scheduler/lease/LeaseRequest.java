package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.PlacementRequest;
import io.computenet.placement.Sharing;
import io.computenet.placement.WorkloadClass;
import io.computenet.problem.FieldProblem;

import java.math.BigDecimal;
import java.util.List;

/**
 * A vendor-neutral lease request as the lease path works with it: the API's
 * {@link io.computenet.contracts.api.LeaseRequest} (its field rules are there) with the placement's enums. A request
 * that does not fit now but would fit the enrolled fleet waits in the queue up to {@code maxWaitMinutes} (default 60; 0 refuses at once).
 * A single-device request may be served by a slice: {@code sharing} (whole, isolated, shared; default shared),
 * {@code computePct}, {@code model} and {@code sliceProfile} narrow what it accepts. {@code framework} (e.g.
 * {@code vLLM}, {@code TensorRT-LLM}, {@code CANN}) limits the devices to those the capability table says run it.
 * {@code maxPricePerHour} (CNY, all devices, a slice at its share of the device price) keeps to what costs no more.
 * {@code startAt} books the lease in advance (1 minute to 30 days ahead): whole devices are reserved until then.
 * {@code nodes} (default 1) above 1 asks for a gang: {@code devicesPerNode} whole devices of one model on each of that
 * many nodes of one cluster, held all together or not at all ({@code deviceCount}, when given, is then the total).
 * {@code quoteId} books a quote of the tenant: the lease is placed inside the quote's option at its held price, and
 * takes the quote's memory, devices, duration, workload, compute and framework where the request leaves them out
 * ({@link #withQuote}); without a quote {@code memoryGiB} and {@code durationMinutes} are required.
 * {@code avoidNodes} is the lease path's own, never the API's: nodes the lease should not go to while anything else
 * fits (an endpoint's new replica avoids the nodes of its live replicas, {@link #avoiding}); empty for none.
 * {@code cpuCount}: host CPUs the lease needs on each node, or null for the per-device default
 * ({@link io.computenet.placement.ClusterPolicy#hostCpuMilli}); weighed by the CPU-aware placement only.
 * {@code hostMemoryGiB}: host memory the lease needs on each node, or null for none named; the placement takes it in
 * MiB ({@link #hostMemoryMiB}), and the FGD policies leave out a node with less host memory left.
 */
public record LeaseRequest(
        String tenantId,
        BigDecimal memoryGiB,
        Integer deviceCount,
        String region,
        Vendor vendor,
        WorkloadClass workloadClass,
        Integer durationMinutes,
        String image,
        List<String> command,
        Integer priority,
        Integer maxWaitMinutes,
        Boolean interruptible,
        Integer computePct,
        String model,
        String sliceProfile,
        Sharing sharing,
        String framework,
        BigDecimal maxPricePerHour,
        java.time.Instant startAt,
        Integer nodes,
        Integer devicesPerNode,
        String quoteId,
        java.util.Set<String> avoidNodes,
        Integer cpuCount,
        BigDecimal hostMemoryGiB) {

    public LeaseRequest {
        avoidNodes = avoidNodes == null ? java.util.Set.of() : java.util.Set.copyOf(avoidNodes);
    }

    /** A request that names no host memory. */
    public LeaseRequest(String tenantId, BigDecimal memoryGiB, Integer deviceCount, String region, Vendor vendor,
                        WorkloadClass workloadClass, Integer durationMinutes, String image, List<String> command,
                        Integer priority, Integer maxWaitMinutes, Boolean interruptible, Integer computePct,
                        String model, String sliceProfile, Sharing sharing, String framework,
                        BigDecimal maxPricePerHour, java.time.Instant startAt, Integer nodes, Integer devicesPerNode,
                        String quoteId, java.util.Set<String> avoidNodes, Integer cpuCount) {
        this(tenantId, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes, image, command, priority,
                maxWaitMinutes, interruptible, computePct, model, sliceProfile, sharing, framework, maxPricePerHour,
                startAt, nodes, devicesPerNode, quoteId, avoidNodes, cpuCount, null);
    }

    /** A request with the default host CPUs. */
    public LeaseRequest(String tenantId, BigDecimal memoryGiB, Integer deviceCount, String region, Vendor vendor,
                        WorkloadClass workloadClass, Integer durationMinutes, String image, List<String> command,
                        Integer priority, Integer maxWaitMinutes, Boolean interruptible, Integer computePct,
                        String model, String sliceProfile, Sharing sharing, String framework,
                        BigDecimal maxPricePerHour, java.time.Instant startAt, Integer nodes, Integer devicesPerNode,
                        String quoteId, java.util.Set<String> avoidNodes) {
        this(tenantId, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes, image, command, priority,
                maxWaitMinutes, interruptible, computePct, model, sliceProfile, sharing, framework, maxPricePerHour,
                startAt, nodes, devicesPerNode, quoteId, avoidNodes, null);
    }

    /** A request that avoids no node. */
    public LeaseRequest(String tenantId, BigDecimal memoryGiB, Integer deviceCount, String region, Vendor vendor,
                        WorkloadClass workloadClass, Integer durationMinutes, String image, List<String> command,
                        Integer priority, Integer maxWaitMinutes, Boolean interruptible, Integer computePct,
                        String model, String sliceProfile, Sharing sharing, String framework,
                        BigDecimal maxPricePerHour, java.time.Instant startAt, Integer nodes, Integer devicesPerNode,
                        String quoteId) {
        this(tenantId, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes, image, command, priority,
                maxWaitMinutes, interruptible, computePct, model, sliceProfile, sharing, framework, maxPricePerHour,
                startAt, nodes, devicesPerNode, quoteId, null);
    }

    /** This request, avoiding these nodes while anything else fits (a preference, not a rule). */
    public LeaseRequest avoiding(java.util.Set<String> nodeIds) {
        return new LeaseRequest(tenantId, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes,
                image, command, priority, maxWaitMinutes, interruptible, computePct, model, sliceProfile, sharing,
                framework, maxPricePerHour, startAt, nodes, devicesPerNode, quoteId, nodeIds, cpuCount,
                hostMemoryGiB);
    }

    /**
     * The API's request (declared once in contracts, with its field rules, checked where it was read) as the lease
     * path works with it: its enums as the placement's.
     */
    public static LeaseRequest of(io.computenet.contracts.api.LeaseRequest r) {
        return new LeaseRequest(r.tenantId(), r.memoryGiB(), r.deviceCount(), r.region(), r.vendor(),
                r.workloadClass() == null ? null : WorkloadClass.valueOf(r.workloadClass().name()),
                r.durationMinutes(), r.image(), r.command(), r.priority(), r.maxWaitMinutes(), r.interruptible(),
                r.computePct(), r.model(), r.sliceProfile(),
                r.sharing() == null ? null : Sharing.valueOf(r.sharing().name()), r.framework(),
                r.maxPricePerHour(), r.startAt(), r.nodes(), r.devicesPerNode(), r.quoteId(), null, r.cpuCount(),
                r.hostMemoryGiB());
    }

    /** A request without a quote. */
    public LeaseRequest(String tenantId, BigDecimal memoryGiB, Integer deviceCount, String region, Vendor vendor,
                        WorkloadClass workloadClass, Integer durationMinutes, String image, List<String> command,
                        Integer priority, Integer maxWaitMinutes, Boolean interruptible, Integer computePct,
                        String model, String sliceProfile, Sharing sharing, String framework,
                        BigDecimal maxPricePerHour, java.time.Instant startAt, Integer nodes, Integer devicesPerNode) {
        this(tenantId, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes, image, command, priority,
                maxWaitMinutes, interruptible, computePct, model, sliceProfile, sharing, framework, maxPricePerHour,
                startAt, nodes, devicesPerNode, null);
    }

    /** A request for one node. */
    public LeaseRequest(String tenantId, BigDecimal memoryGiB, Integer deviceCount, String region, Vendor vendor,
                        WorkloadClass workloadClass, Integer durationMinutes, String image, List<String> command,
                        Integer priority, Integer maxWaitMinutes, Boolean interruptible, Integer computePct,
                        String model, String sliceProfile, Sharing sharing, String framework,
                        BigDecimal maxPricePerHour, java.time.Instant startAt) {
        this(tenantId, memoryGiB, deviceCount, region, vendor, workloadClass, durationMinutes, image, command, priority,
                maxWaitMinutes, interruptible, computePct, model, sliceProfile, sharing, framework, maxPricePerHour,
                startAt, null, null);
    }

    /** Higher priorities are placed first from the queue. */
    public static final int DEFAULT_PRIORITY = 100;
    /** How long a lease that does not fit now waits in the queue by default; 0 means do not queue. */
    public static final int DEFAULT_MAX_WAIT_MINUTES = 60;

    /** Most devices of a lease on one node. */
    static final int MAX_DEVICES_PER_NODE = 16;

    /** How many nodes: 1 unless a gang is asked for. */
    public int nodeCount() {
        return nodes == null ? 1 : nodes;
    }

    /** The devices on each node, after {@link #checkShape}. */
    public int perNode() {
        return devicesPerNode != null ? devicesPerNode : deviceCount;
    }

    /** Every device of the lease, on all its nodes. */
    public int totalDevices() {
        return nodeCount() * perNode();
    }

    /**
     * Checks the rules between the count fields and, for a gang, what a gang cannot have; each failure is a 400 naming
     * its field. A gang takes whole devices (no sharing, slice or compute share) and is not interruptible; it may be
     * booked ahead ({@code startAt}) like a lease on one node, all or nothing. A request booking a quote is checked
     * once the quote's terms are in.
     */
    public void checkShape() {
        if (quoteId != null && (memoryGiB == null || durationMinutes == null || deviceCount == null)) {
            return; // checked once the quote's terms are in (withQuote)
        }
        if (memoryGiB == null || durationMinutes == null) {
            throw new FieldProblem(memoryGiB == null ? "memoryGiB" : "durationMinutes",
                    "must not be null (without a quoteId)");
        }
        if (devicesPerNode == null && deviceCount == null) {
            throw new FieldProblem(nodeCount() > 1 ? "devicesPerNode" : "deviceCount", "must not be null");
        }
        if (devicesPerNode == null && deviceCount > MAX_DEVICES_PER_NODE) {
            throw new FieldProblem("deviceCount", "must be less than or equal to " + MAX_DEVICES_PER_NODE
                    + " on one node (a gang gives nodes and devicesPerNode)");
        }
        if (nodeCount() > 1 && devicesPerNode == null) {
            throw new FieldProblem("devicesPerNode", "must not be null when nodes is above 1");
        }
        if (devicesPerNode != null && deviceCount != null && deviceCount != nodeCount() * devicesPerNode) {
            throw new FieldProblem("deviceCount", "must equal nodes x devicesPerNode ("
                    + nodeCount() * devicesPerNode + ") when both are given, was " + deviceCount);
        }
        if (nodeCount() == 1) {
            return;
        }
        if (sharing != null && sharing != Sharing.WHOLE) {
            throw new FieldProblem("sharing", "a gang takes whole devices: leave it out or use WHOLE");
        }
        if (sliceProfile != null || computePct != null) {
            throw new FieldProblem(sliceProfile != null ? "sliceProfile" : "computePct",
                    "a gang takes whole devices on every node");
        }
        if (Boolean.TRUE.equals(interruptible)) {
            throw new FieldProblem("interruptible", "a gang is not interruptible");
        }
    }

    /**
     * This request booking the quote: the fields it leaves out are the quote's; a field it gives must be the quote's
     * (its option's region, vendor and model; its memory, devices, duration, workload, compute share, slice profile
     * and framework; a gang's nodes and devices per node), else a 400 naming the field. A quote is booked now.
     */
    public LeaseRequest withQuote(QuoteTerms q) {
        same("nodes", nodes, q.nodes());
        same("devicesPerNode", devicesPerNode, q.deviceCount() / q.nodes());
        if (startAt != null) {
            throw new FieldProblem("startAt", "a quote is booked now; advance bookings take no quote");
        }
        BigDecimal quotedGiB = BigDecimal.valueOf(q.memoryMiBPerDevice()).divide(BigDecimal.valueOf(1024), 10,
                java.math.RoundingMode.UNNECESSARY).stripTrailingZeros();
        if (memoryGiB != null && memoryMiB() != q.memoryMiBPerDevice()) {
            throw quoted("memoryGiB", quotedGiB.toPlainString());
        }
        same("deviceCount", deviceCount, q.deviceCount());
        same("durationMinutes", durationMinutes, q.durationMinutes());
        same("workloadClass", workloadClass, q.workloadClass());
        same("computePct", computePct, q.computePct());
        same("region", region, q.region());
        same("vendor", vendor, q.vendor());
        if (model != null && !model.equalsIgnoreCase(q.model())) {
            throw quoted("model", q.model());
        }
        if (sliceProfile != null && !sliceProfile.equals(q.sliceProfile())) {
            throw quoted("sliceProfile", q.sliceProfile());
        }
        if (framework != null && parseFramework(framework) != parseFramework(q.framework())) {
            throw quoted("framework", q.framework());
        }
        boolean gang = q.nodes() > 1;
        return new LeaseRequest(tenantId, quotedGiB, q.deviceCount(), q.region(), q.vendor(), q.workloadClass(),
                q.durationMinutes(), image, command, priority, maxWaitMinutes, interruptible, q.computePct(),
                q.model(), sliceProfile, sharing != null ? sharing : q.sharing(), q.framework(), maxPricePerHour,
                null, gang ? q.nodes() : null, gang ? q.deviceCount() / q.nodes() : null, quoteId, avoidNodes,
                cpuCount, hostMemoryGiB);
    }

    /**
     * What a quote fixes of the request it answers.
     *
     * @param deviceCount every device (a gang's N x M)
     * @param nodes       1, or a gang's node count
     */
    public record QuoteTerms(long memoryMiBPerDevice, int deviceCount, int durationMinutes,
                             WorkloadClass workloadClass, Integer computePct, String region, Vendor vendor,
                             String model, String sliceProfile, Sharing sharing, String framework, int nodes) {
    }

    private static void same(String field, Object given, Object quoted) {
        if (given != null && !given.equals(quoted)) {
            throw quoted(field, quoted);
        }
    }

    private static FieldProblem quoted(String field, Object quoted) {
        return new FieldProblem(field, "the quote was for " + quoted + ": leave it out or give the same");
    }

    /** Memory per device in MiB, rounded up. */
    public long memoryMiB() {
        return memoryGiB.multiply(BigDecimal.valueOf(1024)).setScale(0, java.math.RoundingMode.CEILING).longValue();
    }

    /** The workload class, {@code inference} when not given. */
    public WorkloadClass workload() {
        return workloadClass == null ? WorkloadClass.INFERENCE : workloadClass;
    }

    /**
     * The planner's request. A single-device lease shares by default ({@link Sharing#SHARED}); a named slice
     * profile on a multi-device lease is refused with a 400.
     */
    public PlacementRequest placementRequest(long memoryMiB, WorkloadClass workload) {
        checkShape();
        int deviceCount = perNode();
        if (sliceProfile != null && !sliceProfile.isBlank() && (deviceCount > 1 || sharing == Sharing.WHOLE)) {
            throw new io.computenet.problem.ProblemException(400, "invalid-request", "Invalid request",
                    "sliceProfile is for a single-device lease that accepts slices (MIG instances and vNPUs take no"
                            + " part in multi-device collectives)", List.of());
        }
        return new PlacementRequest(memoryMiB, deviceCount, region, vendor, workload, computePct, model,
                sliceProfile, nodeCount() > 1 ? Sharing.WHOLE : sharing == null ? Sharing.SHARED : sharing,
                parseFramework(framework), cpuCount, hostMemoryMiB());
    }

    /** Host memory per node in MiB (the placement's unit), rounded up; null when none is named. */
    public Long hostMemoryMiB() {
        return hostMemoryGiB == null ? null : io.computenet.contracts.api.Memory.mib(hostMemoryGiB);
    }

    /** The framework named by the caller, or null; an unknown name is a 400 that lists the known ones. */
    public static io.computenet.placement.capability.Framework parseFramework(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return io.computenet.placement.capability.Framework.parse(name);
        } catch (IllegalArgumentException e) {
            throw new io.computenet.problem.ProblemException(400, "invalid-request", "Invalid request",
                    "framework: " + e.getMessage(), List.of());
        }
    }
}
