package io.computenet.nodeagent.usage;

import io.computenet.contracts.lease.LeaseEvent;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running leases, built from the lease events (the agent samples those on its own nodes): {@code lease.started} adds a lease,
 * {@code lease.ended} removes it. Replaying the topic from the start rebuilds it after a restart; applying an event
 * twice changes nothing.
 */
public final class ActiveLeases {

    /** A running lease on one of this agent's nodes. */
    public record ActiveLease(String leaseId, String nodeId, List<String> deviceKeys, long memoryMiBPerDevice) {
    }

    private final Map<String, ActiveLease> active = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    public void apply(LeaseEvent event) {
        switch (event.type()) {
            case LeaseEvent.TYPE_STARTED -> {
                if (!ended.contains(event.leaseId())) {
                    active.put(event.leaseId(), new ActiveLease(event.leaseId(), event.nodeId(), event.deviceKeys(),
                            event.memoryMiBPerDevice()));
                }
            }
            case LeaseEvent.TYPE_ENDED -> {
                ended.add(event.leaseId());
                active.remove(event.leaseId());
            }
            default -> {
                // scheduled leases do not run yet
            }
        }
    }

    public List<ActiveLease> all() {
        return List.copyOf(active.values());
    }
}
