package io.computenet.scheduler.kubernetes;

import io.computenet.scheduler.identity.NodeIdentityEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The Kubernetes node name a node bound at enrolment (its agent reads it from the downward API, {@code spec.nodeName}):
 * what lease Pods are pinned to. The hostname in a node's inventory reports is never used for that, so an agent cannot
 * move leases elsewhere by reporting another name.
 */
@ApplicationScoped
public class NodeNames {

    /** The bound name, or the node id for a node enrolled without one. */
    @Transactional
    public String boundTo(String nodeId) {
        NodeIdentityEntity identity = NodeIdentityEntity.findById(nodeId);
        return identity == null || identity.hostname == null || identity.hostname.isBlank() ? nodeId
                : identity.hostname;
    }
}
