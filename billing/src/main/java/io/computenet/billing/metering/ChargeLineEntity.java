package io.computenet.billing.metering;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One stretch of a charge inside one billing period (UTC month) at one price, from {@code periodStart} to
 * {@code periodEnd}; a price change or a month boundary starts a new line. The lines of a running lease reach up to its
 * charge's accrued-until instant and are rewritten as it accrues.
 */
@Entity
@Table(name = "charge_lines")
@IdClass(ChargeLineEntity.Key.class)
public class ChargeLineEntity extends PanacheEntityBase {

    /** Composite key: lease and the line's start. */
    public static class Key implements Serializable {
        public String leaseId;
        public Instant periodStart;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(leaseId, k.leaseId)
                    && java.util.Objects.equals(periodStart, k.periodStart);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(leaseId, periodStart);
        }
    }

    @Id
    @Column(name = "lease_id")
    public String leaseId;
    public String period;
    @Id
    @Column(name = "period_start")
    public Instant periodStart;
    @Column(name = "period_end")
    public Instant periodEnd;
    public long seconds;
    public BigDecimal amount;
    @Column(name = "price_per_device_hour")
    public BigDecimal pricePerDeviceHour;
    public String currency;
}
