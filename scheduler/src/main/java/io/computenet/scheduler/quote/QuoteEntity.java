package io.computenet.scheduler.quote;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.Sharing;
import io.computenet.placement.WorkloadClass;
import io.computenet.scheduler.decision.Quotes;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A quote as stored: the option (region, operator, model, slice kind and profile, share), the request it answers
 * (memory, devices, duration, workload, compute, sharing, framework), its price per device-hour held until
 * {@code validUntil}, and the lease that booked it (once).
 */
@Entity
@Table(name = "quotes")
public class QuoteEntity extends PanacheEntityBase {

    @Id
    @Column(name = "quote_id")
    public String quoteId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "valid_until")
    public Instant validUntil;
    public String region;
    public String tier;
    @Column(name = "operator_id")
    public String operatorId;
    @Enumerated(EnumType.STRING)
    public Vendor vendor;
    @Column(name = "device_model")
    public String deviceModel;
    @Column(name = "device_memory_mib")
    public long deviceMemoryMiB;
    @Column(name = "slice_kind")
    public String sliceKind;
    @Column(name = "slice_profile")
    public String sliceProfile;
    public BigDecimal share;
    @Column(name = "memory_mib_per_device")
    public long memoryMiBPerDevice;
    /** Every device of the lease (a gang's N x M). */
    @Column(name = "device_count")
    public int deviceCount;
    /** 1, or a gang's node count (its devices per node: deviceCount / nodeCount). */
    @Column(name = "node_count")
    public int nodeCount = 1;
    @Column(name = "duration_minutes")
    public int durationMinutes;
    @Enumerated(EnumType.STRING)
    @Column(name = "workload_class")
    public WorkloadClass workloadClass;
    @Column(name = "compute_pct")
    public Integer computePct;
    @Enumerated(EnumType.STRING)
    public Sharing sharing;
    /** The framework's display name, or null. */
    public String framework;
    @Column(name = "price_per_device_hour")
    public BigDecimal pricePerDeviceHour;
    public String currency;
    @Column(name = "booked_lease_id")
    public String bookedLeaseId;
    @Column(name = "booked_at")
    public Instant bookedAt;

    /** The option this quote holds, as the lease decision keeps a booked lease inside it. */
    public Quotes.Held held() {
        return new Quotes.Held(quoteId, region, operatorId, vendor, deviceModel, sliceKind, sliceProfile);
    }
}
