package io.computenet.scheduler.lease;

import io.computenet.scheduler.identity.EnrollmentProblem;
import io.computenet.scheduler.identity.NodeIdentityEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Operators' topology labels (rack, switch) on their nodes: gang leases prefer nodes that share one. The operator's
 * label wins over the one the node's agent reports ({@code nodes.topology}) until the operator clears it.
 */
@ApplicationScoped
public class NodeTopologies {

    private static final Logger LOG = Logger.getLogger(NodeTopologies.class);

    /** A node's label as the operator set it, and the one gangs go by. */
    public record View(String nodeId, String operatorTopology, String topology) {
    }

    @Inject
    EntityManager em;

    /** Sets the organisation's node's label, or clears it with null. */
    @Transactional
    public View set(String nodeId, String organisation, String by, String label) {
        NodeIdentityEntity identity = NodeIdentityEntity.findById(nodeId);
        if (identity == null || !identity.organisation.equals(organisation)) {
            throw EnrollmentProblem.nodeNotFound(nodeId);
        }
        em.createNativeQuery("update nodes set operator_topology = ?1 where node_id = ?2")
                .setParameter(1, label).setParameter(2, nodeId).executeUpdate();
        Object reported = em.createNativeQuery("select topology from nodes where node_id = ?1")
                .setParameter(1, nodeId).getResultList().stream().findFirst().orElse(null);
        LOG.infof("node %s: topology label set to %s by %s", nodeId, label, by);
        return new View(nodeId, label, label != null ? label : (String) reported);
    }
}
