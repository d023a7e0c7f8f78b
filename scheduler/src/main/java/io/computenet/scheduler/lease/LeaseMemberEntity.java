package io.computenet.scheduler.lease;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Locale;

/**
 * One node of a gang lease: its rank, its node and devices, its topology label and its Pod. Rank 0 hosts the
 * rendezvous. Each member has its own id ({@code <leaseId>-r<rank>}) for the lease events, so billing meters and
 * itemises the gang per node while every member starts and ends at the gang's instants.
 */
@Entity
@Table(name = "lease_members")
public class LeaseMemberEntity extends PanacheEntityBase {

    /** Unique, derived from the lease id and the rank (the table's key is the pair). */
    @Id
    @Column(name = "member_lease_id")
    public String memberLeaseId;
    @Column(name = "lease_id")
    public String leaseId;
    @Column(name = "node_rank")
    public int nodeRank;
    @Column(name = "node_id")
    public String nodeId;
    @Column(name = "operator_id")
    public String operatorId;
    public String hostname;
    @Column(name = "device_keys")
    public String deviceKeys;
    public String topology;
    @Column(name = "pod_name")
    public String podName;

    public List<String> deviceKeyList() {
        return LeaseEntity.deviceKeyList(deviceKeys);
    }

    /** The members of a lease, rank order. */
    public static List<LeaseMemberEntity> of(String leaseId) {
        return list("leaseId = ?1 order by nodeRank", leaseId);
    }

    /** The id of one member of a gang in lease events. */
    public static String memberLeaseId(String leaseId, int rank) {
        return leaseId + "-r" + rank;
    }

    /** The Pod of one member of a gang. */
    public static String podName(String leaseId, int rank) {
        return "lease-" + leaseId.toLowerCase(Locale.ROOT) + "-" + rank;
    }
}
