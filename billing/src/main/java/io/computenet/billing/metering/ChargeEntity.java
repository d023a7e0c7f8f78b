package io.computenet.billing.metering;

import io.computenet.contracts.inventory.Vendor;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** The charge of one lease that ran: opened when it started, closed and rated when it ended. */
@Entity
@Table(name = "charges")
public class ChargeEntity extends PanacheEntityBase {

    public enum Status { OPEN, CLOSED, UNRATED }

    @Id
    @Column(name = "lease_id")
    public String leaseId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "operator_id")
    public String operatorId;
    public String region;
    @Enumerated(EnumType.STRING)
    public Vendor vendor;
    @Column(name = "device_model")
    public String deviceModel;
    @Column(name = "device_count")
    public int deviceCount;
    /** The fraction of each device the lease held (a slice); 1 for whole devices. */
    public BigDecimal share = BigDecimal.ONE;
    /** MIG, VNPU, SMLU or SOFT for a slice, else null. */
    @Column(name = "slice_kind")
    public String sliceKind;
    @Column(name = "slice_profile")
    public String sliceProfile;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "end_state")
    public String endState;
    @Column(name = "price_per_device_hour")
    public BigDecimal pricePerDeviceHour;
    public String currency;
    @Enumerated(EnumType.STRING)
    public Status status;
    public Long seconds;
    public BigDecimal amount;
}
