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

/**
 * The charge of one lease that ran: opened when it started, rated up to {@code accruedUntil} while it runs (its lines
 * are the rating up to then), closed at the exact end. {@code UNPRICED}: some seconds had no valid price; they are
 * counted in {@code unpricedSeconds}, never charged as zero in silence (listed, and a metric counts such charges).
 */
@Entity
@Table(name = "charges")
public class ChargeEntity extends PanacheEntityBase {

    public enum Status { OPEN, CLOSED, UNPRICED }

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
    public boolean interruptible;
    /** The price of the latest rated stretch (the one in force now while it runs). */
    @Column(name = "price_per_device_hour")
    public BigDecimal pricePerDeviceHour;
    public String currency;
    /** The price a booked quote held (rates the whole run), or null: the price books rate it. */
    @Column(name = "held_price_per_device_hour")
    public BigDecimal heldPricePerDeviceHour;
    @Column(name = "held_price_currency")
    public String heldPriceCurrency;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Billed seconds up to {@link #accruedUntil}. */
    public Long seconds;
    /** The sum of the priced lines up to {@link #accruedUntil}. */
    public BigDecimal amount;
    @Column(name = "accrued_until")
    public Instant accruedUntil;
    @Column(name = "unpriced_seconds")
    public long unpricedSeconds;

    /** Whether the lease still runs (its end not known yet), so its charge keeps accruing. */
    public boolean running() {
        return endedAt == null;
    }
}
