package io.computenet.scheduler.lease;

import io.computenet.placement.DeviceSlot;
import io.computenet.placement.Placement;
import io.computenet.placement.Sharing;
import io.computenet.placement.gang.GangPlacement;
import io.computenet.scheduler.decision.Bookings;
import io.computenet.placement.slices.DeviceMode;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.placement.WorkloadClass;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A lease: what was asked, where it was placed, and where it is in its lifecycle. */
@Entity
@Table(name = "leases")
// a state change touches a few of the ~40 columns: only those are written (binding every column of every update was a
// visible share of the scheduler's CPU under load)
@org.hibernate.annotations.DynamicUpdate
public class LeaseEntity extends PanacheEntityBase {

    /**
     * The states of live leases as an HQL list of literals, for {@code state in} conditions. Literals, not
     * parameters: PostgreSQL matches the partial indexes on state ({@code leases_active}, {@code leases_booked},
     * ...) only when it sees the values, which a cached generic plan for a parameter does not, so each such query
     * read the whole table, every lease ever made.
     */
    public static final String LIVE_STATES = states(LeaseState.SCHEDULED, LeaseState.STARTING, LeaseState.RUNNING);

    /** The states of leases that have ended, as {@link #LIVE_STATES} has the live ones. */
    public static final String ENDED_STATES = states(LeaseState.RELEASED, LeaseState.EXPIRED, LeaseState.FAILED,
            LeaseState.PREEMPTED);

    /** An HQL list of state literals: {@code (io.computenet...LeaseState.A, ...)}. */
    public static String states(LeaseState... states) {
        return java.util.Arrays.stream(states).map(LeaseEntity::state)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** One state as an HQL literal. */
    public static String state(LeaseState state) {
        return LeaseState.class.getName() + "." + state.name();
    }

    @Id
    @Column(name = "lease_id")
    public String leaseId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Enumerated(EnumType.STRING)
    public LeaseState state;
    @Column(name = "memory_mib_per_device")
    public long memoryMiBPerDevice;
    @Column(name = "device_count")
    public int deviceCount;
    @Column(name = "requested_region")
    public String requestedRegion;
    @Enumerated(EnumType.STRING)
    @Column(name = "requested_vendor")
    public Vendor requestedVendor;
    @Enumerated(EnumType.STRING)
    @Column(name = "workload_class")
    public WorkloadClass workloadClass;
    public String image;
    public String command;
    @Column(name = "duration_seconds")
    public long durationSeconds;
    public String region;
    public String cluster;
    @Column(name = "node_id")
    public String nodeId;
    @Column(name = "operator_id")
    public String operatorId;
    @Enumerated(EnumType.STRING)
    public Vendor vendor;
    @Column(name = "device_model")
    public String deviceModel;
    @Column(name = "device_memory_mib")
    public Long deviceMemoryMiB;
    @Column(name = "device_keys")
    public String deviceKeys;
    @Column(name = "pod_namespace")
    public String podNamespace;
    @Column(name = "pod_name")
    public String podName;
    @Column(name = "pod_deleted")
    public boolean podDeleted;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "scheduled_at")
    public Instant scheduledAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    public String reason;
    /** Higher goes first in the queue. */
    public int priority;
    /** May be preempted by an on-demand lease of the same or higher priority. */
    public boolean interruptible;
    /** A queued lease that is still not placed by then fails. */
    @Column(name = "queue_deadline")
    public Instant queueDeadline;
    /** Why a queued lease waits, one reason per line. */
    @Column(name = "pending_reasons")
    public String pendingReasons;
    /** How much of a device a single-device lease accepted sharing: WHOLE, ISOLATED or SHARED. */
    @Enumerated(EnumType.STRING)
    public Sharing sharing;
    /** Compute share asked for, percent; null when not asked. */
    @Column(name = "compute_pct")
    public Integer computePct;
    @Column(name = "requested_model")
    public String requestedModel;
    /** MIG profile or vNPU template asked for by name. */
    @Column(name = "requested_profile")
    public String requestedProfile;
    /** An advance booking starts here (state BOOKED until then); null for a lease that starts when placed. */
    @Column(name = "starts_at")
    public Instant startsAt;
    /** The whole devices a booking reserves until it starts. */
    @Column(name = "reserved_node_id")
    public String reservedNodeId;
    @Column(name = "reserved_device_keys")
    public String reservedDeviceKeys;
    /**
     * A gang's booking: every node's reserved devices in rank order, one line per node ({@code node TAB keys}, keys
     * comma-separated); null for a booking on one node ({@link #reservedNodeId}, {@link #reservedDeviceKeys}).
     */
    @Column(name = "reserved_members")
    public String reservedMembers;
    /** The most the lease may cost per hour (all devices, slices at their share), CNY; null for no ceiling. */
    @Column(name = "max_price_per_hour")
    public java.math.BigDecimal maxPricePerHour;
    /** A framework or toolkit the device must run (capability table), or null. */
    @Enumerated(EnumType.STRING)
    @Column(name = "required_framework")
    public io.computenet.placement.capability.Framework requiredFramework;
    /** The slice the lease got (null for whole devices): mode, profile name, memory and compute it holds. */
    @Enumerated(EnumType.STRING)
    @Column(name = "slice_mode")
    public DeviceMode sliceMode;
    @Column(name = "slice_profile")
    public String sliceProfile;
    @Column(name = "slice_memory_mib")
    public Long sliceMemoryMiB;
    @Column(name = "slice_compute")
    public Integer sliceCompute;
    /** The Kubernetes extended resource the slice is requested with. */
    @Column(name = "slice_resource")
    public String sliceResource;
    /** The fraction of the device's compute a slice holds (null for whole devices). */
    @Column(name = "compute_fraction")
    public Double computeFraction;
    /** The fraction of each device the lease holds and is billed for; 1 for whole devices. */
    public java.math.BigDecimal share = java.math.BigDecimal.ONE;
    /**
     * The price per device-hour in force when the lease was placed, for its operator, region, model, slice kind and
     * term, and its currency; null when no price could be read then. Billing rates with the price valid at each
     * instant, so a later price change shows in the bill, not here.
     */
    @Column(name = "price_per_device_hour")
    public java.math.BigDecimal pricePerDeviceHour;
    @Column(name = "price_currency")
    public String priceCurrency;
    /**
     * The quote the lease was booked with, or null: its price per device-hour is then the quote's held price (not the
     * one in force when placed), and a queued lease stays inside the quote's option.
     */
    @Column(name = "quote_id")
    public String quoteId;
    /** Set while the lease's node drains (see {@link Drains}): the lease ends then at the latest. */
    @Column(name = "drain_deadline")
    public Instant drainDeadline;
    /** How many nodes the lease spans: above 1 a gang ({@link LeaseMemberEntity}), {@code deviceCount} in all. */
    @Column(name = "node_count")
    public int nodeCount = 1;
    /** The topology labels (rack, switch) of a gang's nodes, comma-separated in rank order; null when none. */
    public String topology;
    /** The inference endpoint this lease is a replica of ({@code ep-...}), or null for an ordinary lease. */
    @Column(name = "endpoint_id")
    public String endpointId;
    /** What a replica serves: the model id (or {@code store://} path) and its revision. */
    @Column(name = "serving_model")
    public String servingModel;
    @Column(name = "serving_revision")
    public String servingRevision;
    /** A replica whose Pod runs with its Ready condition true, and where it answers ({@code http://podIP:port}). */
    @Column(name = "replica_ready")
    public boolean replicaReady;
    @Column(name = "replica_url")
    public String replicaUrl;
    /** Host CPUs asked for on each node; null: the per-device default ({@code ClusterPolicy.hostCpuMilli}). */
    @Column(name = "cpu_count")
    public Integer cpuCount;
    /** Host memory asked for on each node, MiB (the API's {@code hostMemoryGiB}); null: none named. */
    @Column(name = "host_memory_mib")
    public Long hostMemoryMiB;
    @Version
    public long version;

    /** Whether the lease is a gang of several nodes. */
    public boolean isGang() {
        return nodeCount > 1;
    }

    /** The devices the lease holds on each of its nodes. */
    public int devicesPerNode() {
        return deviceCount / nodeCount;
    }

    /** The planner's request for this lease (for a gang: what each node gives). */
    public io.computenet.placement.PlacementRequest placementRequest() {
        return new io.computenet.placement.PlacementRequest(memoryMiBPerDevice, devicesPerNode(), requestedRegion,
                requestedVendor, workloadClass, computePct, requestedModel, requestedProfile,
                sharing == null ? Sharing.WHOLE : sharing, requiredFramework, cpuCount, hostMemoryMiB);
    }

    public List<String> pendingReasonList() {
        return pendingReasons == null || pendingReasons.isEmpty() ? List.of() : Arrays.asList(pendingReasons.split("\n"));
    }

    public List<String> reservedDeviceKeyList() {
        return reservedDeviceKeys == null || reservedDeviceKeys.isEmpty() ? List.of()
                : Arrays.asList(reservedDeviceKeys.split(","));
    }

    /**
     * What this lease reserves as an advance booking, one reservation per node (a gang's in rank order) for its
     * window; empty for a lease that was never booked ahead. Only a lease still BOOKED holds its reservations.
     */
    public List<Bookings.Reservation> reservations() {
        if (startsAt == null || reservedNodeId == null) {
            return List.of();
        }
        Instant end = startsAt.plusSeconds(durationSeconds);
        if (reservedMembers == null) {
            return List.of(new Bookings.Reservation(leaseId, reservedNodeId, reservedDeviceKeyList(), startsAt, end));
        }
        return Arrays.stream(reservedMembers.split("\n")).map(line -> line.split("\t", 2))
                .map(cols -> new Bookings.Reservation(leaseId, cols[0], Arrays.asList(cols[1].split(",")), startsAt,
                        end)).toList();
    }

    /** Reserves a gang's devices: rank 0 also as {@link #reservedNodeId}, every rank in {@link #reservedMembers}. */
    public void reserveGang(GangPlacement gang) {
        reservedNodeId = gang.masterNode().nodeId();
        reservedDeviceKeys = keys(gang.master());
        reservedMembers = gang.members().stream().map(p -> p.node().nodeId() + "\t" + keys(p))
                .collect(Collectors.joining("\n"));
    }

    private static String keys(Placement p) {
        return p.devices().stream().map(DeviceSlot::deviceKey).collect(Collectors.joining(","));
    }

    public List<String> deviceKeyList() {
        return deviceKeyList(deviceKeys);
    }

    /** The {@code device_keys} column as a list. */
    public static List<String> deviceKeyList(String deviceKeys) {
        return deviceKeys == null || deviceKeys.isEmpty() ? List.of() : Arrays.asList(deviceKeys.split(","));
    }
}
