package io.computenet.scheduler.inventory;

import io.computenet.placement.slices.Allocation;
import io.computenet.placement.slices.DeviceMode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A slice of a device held by a lease (MIG instance, vNPU, sMLU or soft share), exactly as the arithmetic made it. */
@Entity
@Table(name = "slice_allocations")
public class SliceAllocationEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "lease_id")
    public String leaseId;
    @Column(name = "node_id")
    public String nodeId;
    @Column(name = "device_key")
    public String deviceKey;
    @Enumerated(EnumType.STRING)
    public DeviceMode mode;
    public String profile;
    @Column(name = "memory_mib")
    public long memoryMiB;
    public int compute;
    @Column(name = "first_slot")
    public int firstSlot;
    @Column(name = "slot_count")
    public int slotCount;

    public static SliceAllocationEntity of(String nodeId, String deviceKey, Allocation a) {
        SliceAllocationEntity e = new SliceAllocationEntity();
        e.leaseId = a.id();
        e.nodeId = nodeId;
        e.deviceKey = deviceKey;
        e.mode = a.mode();
        e.profile = a.profile();
        e.memoryMiB = a.memoryMiB();
        e.compute = a.compute();
        e.firstSlot = a.firstSlot();
        e.slotCount = a.slotCount();
        return e;
    }

    public Allocation toAllocation() {
        return new Allocation(leaseId, mode, profile, memoryMiB, compute, firstSlot, slotCount);
    }
}
