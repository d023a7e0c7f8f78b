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

/** The part of a closed charge that falls into one billing period (UTC month). */
@Entity
@Table(name = "charge_lines")
@IdClass(ChargeLineEntity.Key.class)
public class ChargeLineEntity extends PanacheEntityBase {

    /** Composite key: lease and period. */
    public static class Key implements Serializable {
        public String leaseId;
        public String period;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(leaseId, k.leaseId)
                    && java.util.Objects.equals(period, k.period);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(leaseId, period);
        }
    }

    @Id
    @Column(name = "lease_id")
    public String leaseId;
    @Id
    public String period;
    @Column(name = "period_start")
    public Instant periodStart;
    @Column(name = "period_end")
    public Instant periodEnd;
    public long seconds;
    public BigDecimal amount;
}
