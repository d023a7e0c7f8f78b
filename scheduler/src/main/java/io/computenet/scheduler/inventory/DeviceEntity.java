package io.computenet.scheduler.inventory;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.Vendor;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A device of a node; {@code leaseId} is set while a lease holds it whole (slices are in slice_allocations). */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "devices")
public class DeviceEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "node_id")
    public String nodeId;
    @Column(name = "device_key")
    public String deviceKey;
    @Enumerated(EnumType.STRING)
    public Vendor vendor;
    public String model;
    @Column(name = "device_index")
    public int deviceIndex;
    @Column(name = "bus_id")
    public String busId;
    @Column(name = "memory_mib")
    public long memoryMiB;
    @Column(name = "memory_used_mib")
    public Long memoryUsedMiB;
    @Column(name = "utilization_pct")
    public Double utilizationPct;
    @Enumerated(EnumType.STRING)
    public DeviceHealth health;
    @Column(name = "lease_id")
    public String leaseId;
    /** The slice profiles the node agent reported (JSON array of SliceProfile); null before any was reported. */
    @Column(name = "slice_profiles")
    public String sliceProfiles;
    /** Ascend: the device's own RoCE address as its node reported it (for the HCCL rank table); else null. */
    @Column(name = "device_ip")
    public String deviceIp;
}
