package io.computenet.scheduler.placement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.Map;

/**
 * The nodes' topology labels (rack, switch) that gangs prefer to share: the operator's where set, else the agent's.
 * Read when a gang is placed or quoted.
 */
@ApplicationScoped
public class NodeTopologies {

    @Inject
    EntityManager em;

    /** Every node's label that has one, by node id. */
    @Transactional
    public Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>();
        for (Object row : em.createNativeQuery("select node_id, coalesce(operator_topology, topology) from nodes"
                + " where operator_topology is not null or topology is not null").getResultList()) {
            Object[] r = (Object[]) row;
            labels.put((String) r[0], (String) r[1]);
        }
        return labels;
    }
}
