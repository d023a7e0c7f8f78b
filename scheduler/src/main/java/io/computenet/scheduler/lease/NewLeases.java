package io.computenet.scheduler.lease;

import io.computenet.placement.PlacementRequest;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.kubernetes.PodFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.UUID;

/** A new lease row for a request, with its id and its Pod's name; not yet persisted, not yet placed. */
@ApplicationScoped
public class NewLeases {

    @Inject
    SchedulerConfig config;

    LeaseEntity of(LeaseRequest r, PlacementRequest placementRequest, int priority, boolean interruptible,
                   Instant now) {
        return of(r, null, placementRequest, priority, interruptible, now);
    }

    /** As {@link #of(LeaseRequest, PlacementRequest, int, boolean, Instant)}, for a replica of an endpoint. */
    LeaseEntity of(LeaseRequest r, io.computenet.scheduler.kubernetes.WorkloadSpec.Serving serving,
                   PlacementRequest placementRequest, int priority, boolean interruptible, Instant now) {
        LeaseEntity lease = new LeaseEntity();
        lease.leaseId = newLeaseId();
        lease.tenantId = r.tenantId();
        lease.memoryMiBPerDevice = placementRequest.memoryMiBPerDevice();
        lease.deviceCount = r.totalDevices();
        lease.nodeCount = r.nodeCount();
        lease.requestedRegion = r.region();
        lease.requestedVendor = r.vendor();
        lease.workloadClass = placementRequest.workloadClass();
        lease.sharing = placementRequest.sharing();
        lease.computePct = placementRequest.computePct();
        lease.requestedModel = placementRequest.model();
        lease.requestedProfile = placementRequest.sliceProfile();
        lease.requiredFramework = placementRequest.framework();
        lease.cpuCount = placementRequest.cpuCount();
        lease.hostMemoryMiB = placementRequest.hostMemoryMiB();
        lease.maxPricePerHour = r.maxPricePerHour();
        lease.image = r.image() == null || r.image().isBlank() ? config.defaultImage() : r.image();
        lease.command = r.command() == null || r.command().isEmpty() ? null : String.join("\u001f", r.command());
        lease.durationSeconds = r.durationMinutes() * 60L;
        lease.priority = priority;
        lease.interruptible = interruptible;
        lease.podNamespace = config.namespace();
        lease.podName = PodFactory.podName(lease.leaseId);
        lease.requestedAt = now;
        if (serving != null) {
            lease.endpointId = serving.endpointId();
            lease.servingModel = serving.model();
            lease.servingRevision = serving.revision();
        }
        return lease;
    }

    /** Lower case (Pod labels keep it as it is), 23 characters. */
    static String newLeaseId() {
        return "ls-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
