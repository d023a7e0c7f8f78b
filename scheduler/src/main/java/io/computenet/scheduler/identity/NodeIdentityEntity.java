package io.computenet.scheduler.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A node identity created by exchanging an enrolment token. Updates write only the columns that changed, so a
 * revocation and a drain of the same node cannot overwrite each other's columns.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "node_identities")
public class NodeIdentityEntity extends PanacheEntityBase {

    @Id
    @Column(name = "node_id")
    public String nodeId;
    @Column(name = "enrollment_id")
    public String enrollmentId;
    public String organisation;
    public String region;
    public String cluster;
    public String hostname;
    @Column(name = "enrolled_at")
    public Instant enrolledAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_by")
    public String revokedBy;
    /** Set while the operator drains the node: it takes no new leases, and its leases end here at the latest. */
    @Column(name = "drain_deadline")
    public Instant drainDeadline;
    @Column(name = "drain_requested_at")
    public Instant drainRequestedAt;
    @Column(name = "drained_by")
    public String drainedBy;
}
