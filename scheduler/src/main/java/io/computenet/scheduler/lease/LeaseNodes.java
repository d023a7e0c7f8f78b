package io.computenet.scheduler.lease;

import io.computenet.scheduler.inventory.NodeEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The nodes under leases as the reconciler reads them: whether a node failed its leases (silent, revoked, a leased
 * device critical or gone; the rules are in the pure {@link NodeFailures}), when any node was last heard, and a
 * node's hostname for its Pods. Reads the inventory's and the identities' rows by query, in few reads per tick.
 */
@ApplicationScoped
public class LeaseNodes {

    @Inject
    EntityManager em;
    @Inject
    io.computenet.scheduler.placement.NodeTopologies topologies;

    /**
     * Whether the node under the lease has failed it (silent, revoked, a leased device critical or gone).
     *
     * @param nodes the node-failure view of a node by id (one read per node, or {@link #nodeStates} per tick)
     */
    public java.util.Optional<NodeFailures.Failure> nodeFailure(LeaseEntity lease, Instant now,
                                                                java.time.Duration silenceTimeout,
                                                                Instant freshestHeardAt,
                                                                java.util.function.Function<String,
                                                                        java.util.Optional<NodeFailures.NodeState>> nodes) {
        if (lease.nodeId == null) {
            return java.util.Optional.empty();
        }
        return NodeFailures.check(nodes.apply(lease.nodeId), lease.deviceKeyList(), now, silenceTimeout,
                freshestHeardAt);
    }

    /** One node as node-failure checks see it (three reads); empty when it is no longer in the inventory. */
    @Transactional
    public java.util.Optional<NodeFailures.NodeState> nodeState(String nodeId) {
        return java.util.Optional.ofNullable(nodeStates(List.of(nodeId)).get(nodeId));
    }

    /**
     * The nodes {@code nodeIds} as node-failure checks see them, in three reads per thousand nodes: what the periodic
     * reconcile reads once per tick instead of three reads per live lease (tens of thousands at 10,000 nodes).
     */
    @Transactional
    public Map<String, NodeFailures.NodeState> nodeStates(java.util.Collection<String> nodeIds) {
        List<String> ids = List.copyOf(new java.util.TreeSet<>(nodeIds));
        Map<String, NodeFailures.NodeState> states = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            Map<String, Instant> revoked = new java.util.HashMap<>();
            for (Object[] r : em.createQuery("select i.nodeId, i.revokedAt from NodeIdentityEntity i"
                    + " where i.nodeId in ?1 and i.revokedAt is not null", Object[].class).setParameter(1, chunk)
                    .getResultList()) {
                revoked.put((String) r[0], (Instant) r[1]);
            }
            Map<String, Map<String, io.computenet.contracts.inventory.DeviceHealth>> health = new java.util.HashMap<>();
            for (Object[] r : em.createQuery("select d.nodeId, d.deviceKey, d.health from DeviceEntity d"
                    + " where d.nodeId in ?1", Object[].class).setParameter(1, chunk).getResultList()) {
                health.computeIfAbsent((String) r[0], k -> new java.util.HashMap<>()).put((String) r[1],
                        (io.computenet.contracts.inventory.DeviceHealth) r[2]);
            }
            for (Object[] r : em.createQuery("select n.nodeId, n.lastSeenAt, n.lastEventAt from NodeEntity n"
                    + " where n.nodeId in ?1", Object[].class).setParameter(1, chunk).getResultList()) {
                String id = (String) r[0];
                states.put(id, new NodeFailures.NodeState(id, (Instant) r[1], (Instant) r[2], revoked.get(id),
                        health.getOrDefault(id, Map.of())));
            }
        }
        return states;
    }

    /**
     * Every node's topology label (rack, switch) that has one: the operator's where set, else the agent's. Read when a
     * gang is placed.
     */
    public Map<String, String> topologies() {
        return topologies.labels();
    }

    /** When the scheduler last heard from any node (null when none is known). */
    @Transactional
    public Instant freshestHeardAt() {
        return em.createQuery("select max(n.lastSeenAt) from NodeEntity n", Instant.class).getSingleResult();
    }
}
