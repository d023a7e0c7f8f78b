package io.computenet.billing.pricing;

import io.computenet.problem.FieldProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The platform fee per operator (percent of what its nodes earn), set by admins; every change kept. */
@ApplicationScoped
public class PlatformFees {

    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    /** An operator's fee now. */
    public record Fee(String operatorId, BigDecimal feePercent, Instant updatedAt, String updatedBy) {
    }

    /** One kept change. */
    public record Change(String operatorId, Instant changedAt, String changedBy, BigDecimal oldPercent,
                         BigDecimal newPercent) {
    }

    @Transactional
    public Optional<Fee> get(String operatorId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select operator_id, fee_percent, updated_at, updated_by"
                + " from operator_platform_fees where operator_id = ?1").setParameter(1, operatorId).getResultList();
        return rows.stream().findFirst().map(r -> new Fee((String) r[0], (BigDecimal) r[1],
                PriceChanges.instant(r[2]), (String) r[3]));
    }

    @Transactional
    public Fee set(String operatorId, BigDecimal feePercent, String changedBy) {
        if (feePercent == null || feePercent.signum() < 0 || feePercent.compareTo(BigDecimal.valueOf(100)) > 0
                || feePercent.scale() > 2) {
            throw new FieldProblem("feePercent", "a percentage from 0 to 100 with at most 2 decimals, was "
                    + feePercent);
        }
        if (changedBy == null || changedBy.isBlank()) {
            throw new FieldProblem("changedBy", "who makes the change is required");
        }
        Instant now = clock.instant();
        BigDecimal old = get(operatorId).map(Fee::feePercent).orElse(null);
        em.createNativeQuery("insert into operator_platform_fees (operator_id, fee_percent, updated_at, updated_by)"
                        + " values (?1, ?2, ?3, ?4) on conflict (operator_id) do update set fee_percent = excluded.fee_percent,"
                        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .setParameter(1, operatorId).setParameter(2, feePercent).setParameter(3, now)
                .setParameter(4, changedBy).executeUpdate();
        em.createNativeQuery("insert into platform_fee_changes (operator_id, changed_at, changed_by, old_percent,"
                        + " new_percent) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, operatorId).setParameter(2, now).setParameter(3, changedBy).setParameter(4, old)
                .setParameter(5, feePercent).executeUpdate();
        return new Fee(operatorId, feePercent, now, changedBy);
    }

    @Transactional
    public List<Change> changes(String operatorId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select operator_id, changed_at, changed_by, old_percent,"
                        + " new_percent from platform_fee_changes where operator_id = ?1 order by changed_at desc, id desc")
                .setParameter(1, operatorId).getResultList();
        return rows.stream().map(r -> new Change((String) r[0], PriceChanges.instant(r[1]), (String) r[2],
                (BigDecimal) r[3], (BigDecimal) r[4])).toList();
    }
}
