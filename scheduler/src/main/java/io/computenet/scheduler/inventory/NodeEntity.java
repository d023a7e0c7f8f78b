package io.computenet.scheduler.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A node as last reported by its agent. */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "nodes")
public class NodeEntity extends PanacheEntityBase {

    @Id
    @Column(name = "node_id")
    public String nodeId;
    @Column(name = "operator_id")
    public String operatorId;
    public String region;
    public String cluster;
    public String hostname;
    public boolean schedulable;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "last_event_at")
    public Instant lastEventAt;
    /** The topology label (rack, switch) its agent reports; an operator's label ({@code operator_topology}) wins. */
    public String topology;
    /** The host's logical CPUs as its agent reports them; null when it reports none. */
    @Column(name = "host_cpu_count")
    public Integer hostCpuCount;
    /** The host's total memory as its agent reports it; null when it reports none. */
    @Column(name = "host_memory_mib")
    public Long hostMemoryMiB;
}
