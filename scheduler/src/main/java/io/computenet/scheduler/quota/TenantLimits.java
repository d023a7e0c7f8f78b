package io.computenet.scheduler.quota;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's budget and quotas in PostgreSQL, and the admission check against them (the rules are in the pure
 * {@link Admission}).
 */
@ApplicationScoped
public class TenantLimits {

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    jakarta.transaction.TransactionSynchronizationRegistry transactions;
    @Inject
    HeldLeases heldLeases;

    /** The transaction's resource key for the limits it has read, by tenant. */
    private static final Object LIMITS_READ = new Object();

    /** A tenant's budget and quotas as read once in a transaction. */
    private record Limits(Optional<Admission.Budget> budget, List<Admission.Quota> quotas) {
    }

    /**
     * The tenant's budget and quotas, read once per transaction: a batch of lease requests admits many leases of the
     * same tenants in one transaction. (What the tenant already holds is read on every admission: it grows with the
     * batch.)
     */
    @SuppressWarnings("unchecked")
    private Limits limits(String tenantId) {
        if (transactions.getTransactionKey() == null) {
            return new Limits(budget(tenantId), quotas(tenantId));
        }
        Map<String, Limits> read = (Map<String, Limits>) transactions.getResource(LIMITS_READ);
        if (read == null) {
            read = new java.util.HashMap<>();
            transactions.putResource(LIMITS_READ, read);
        }
        return read.computeIfAbsent(tenantId, t -> new Limits(budget(t), quotas(t)));
    }

    /** Forgets what this transaction read of the tenant's limits (they are being changed in it). */
    @SuppressWarnings("unchecked")
    private void forget(String tenantId) {
        if (transactions.getTransactionKey() != null) {
            Map<String, Limits> read = (Map<String, Limits>) transactions.getResource(LIMITS_READ);
            if (read != null) {
                read.remove(tenantId);
            }
        }
    }

    /** A tenant's limits and where it stands this month. */
    public record View(String tenantId, String period, BigDecimal monthlyGpuHours, BigDecimal usedGpuHours,
                       BigDecimal committedGpuHours, List<Admission.Quota> quotas) {
    }

    /** Thrown when a lease would break the tenant's budget or a quota. */
    public static class LimitExceededException extends ProblemException {
        public LimitExceededException(List<String> reasons) {
            super(409, "tenant-limit-exceeded", "Tenant limit exceeded",
                    "the lease would exceed your tenant's GPU-hour budget or device quota", reasons);
        }
    }

    /** Refuses the ask (in the caller's transaction) when it breaks the tenant's budget or quotas. */
    public void admit(String tenantId, int devices, Duration duration, String region, Vendor vendor) {
        admit(tenantId, devices, duration, region, vendor, BigDecimal.ONE);
    }

    /** As above, for a lease holding {@code share} of each device (a slice). */
    public void admit(String tenantId, int devices, Duration duration, String region, Vendor vendor,
                      BigDecimal share) {
        Admission.Decision d = Admission.admit(new Admission.Ask(devices, duration, region, vendor, share),
                clock.instant(), limitsOf(tenantId));
        if (!d.admitted()) {
            throw new LimitExceededException(d.reasons());
        }
    }

    /**
     * The tenant's budget and quotas (read once per transaction) and, when it has any, what it holds this month (read
     * on every call: it grows with a batch of requests): the input of {@link Admission}.
     */
    public Admission.Limits limitsOf(String tenantId) {
        Limits limits = limits(tenantId);
        boolean any = limits.budget().isPresent() || !limits.quotas().isEmpty();
        return new Admission.Limits(limits.budget(), limits.quotas(), any ? held(tenantId) : List.of());
    }

    /** Refuses extending a lease by {@code extension} when the extra device-hours break the monthly budget. */
    public void admitExtension(String tenantId, int devices, Duration extension) {
        Optional<Admission.Budget> budget = limits(tenantId).budget();
        if (budget.isEmpty()) {
            return;
        }
        Admission.Decision d = Admission.admit(new Admission.Ask(devices, extension, null, null), clock.instant(),
                budget, List.of(), held(tenantId));
        if (!d.admitted()) {
            throw new LimitExceededException(d.reasons());
        }
    }

    @Transactional
    public View view(String tenantId) {
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        BigDecimal[] usage = Admission.usage(held(tenantId), month);
        return new View(tenantId, month.toString(), budget(tenantId).map(Admission.Budget::monthlyGpuHours)
                .orElse(null), usage[0], usage[1], quotas(tenantId));
    }

    /** Sets the monthly budget, or removes it with null. */
    @Transactional
    public View setBudget(String tenantId, BigDecimal monthlyGpuHours, String by) {
        forget(tenantId);
        if (monthlyGpuHours == null) {
            em.createNativeQuery("delete from tenant_budgets where tenant_id = ?1").setParameter(1, tenantId)
                    .executeUpdate();
        } else {
            em.createNativeQuery("insert into tenant_budgets (tenant_id, monthly_gpu_hours, updated_at, updated_by)"
                            + " values (?1, ?2, ?3, ?4) on conflict (tenant_id) do update set monthly_gpu_hours ="
                            + " excluded.monthly_gpu_hours, updated_at = excluded.updated_at,"
                            + " updated_by = excluded.updated_by")
                    .setParameter(1, tenantId).setParameter(2, monthlyGpuHours).setParameter(3, clock.instant())
                    .setParameter(4, by).executeUpdate();
        }
        return view(tenantId);
    }

    /** Replaces the tenant's quotas. */
    @Transactional
    public View setQuotas(String tenantId, List<Admission.Quota> quotas) {
        forget(tenantId);
        long scopes = quotas.stream().map(q -> q.region() + "/" + q.vendor()).distinct().count();
        if (scopes != quotas.size()) {
            throw new ProblemException(400, "duplicate-quota", "Duplicate quota",
                    "each region/vendor scope may have one quota only", List.of());
        }
        em.createNativeQuery("delete from tenant_quotas where tenant_id = ?1").setParameter(1, tenantId)
                .executeUpdate();
        for (Admission.Quota q : quotas) {
            em.createNativeQuery("insert into tenant_quotas (tenant_id, region, vendor, max_devices)"
                            + " values (?1, ?2, ?3, ?4)")
                    .setParameter(1, tenantId).setParameter(2, q.region())
                    .setParameter(3, q.vendor() == null ? null : q.vendor().name()).setParameter(4, q.maxDevices())
                    .executeUpdate();
        }
        return view(tenantId);
    }

    private Optional<Admission.Budget> budget(String tenantId) {
        @SuppressWarnings("unchecked")
        List<BigDecimal> rows = onlyTable(em.createNativeQuery("select monthly_gpu_hours from tenant_budgets"
                + " where tenant_id = ?1"), "tenant_budgets").setParameter(1, tenantId).getResultList();
        return rows.stream().findFirst().map(Admission.Budget::new);
    }

    /**
     * A native query that reads only {@code table}: Hibernate then flushes pending changes before it only if they touch
     * that table, instead of flushing (and dirty-checking) the whole session, which in a batch of lease requests holds
     * every lease and outbox row created so far.
     */
    private static jakarta.persistence.Query onlyTable(jakarta.persistence.Query query, String table) {
        return query.unwrap(org.hibernate.query.NativeQuery.class).addSynchronizedQuerySpace(table);
    }

    private List<Admission.Quota> quotas(String tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = onlyTable(em.createNativeQuery("select region, vendor, max_devices from tenant_quotas"
                + " where tenant_id = ?1 order by region nulls first, vendor nulls first"), "tenant_quotas")
                .setParameter(1, tenantId).getResultList();
        return rows.stream().map(r -> new Admission.Quota((String) r[0],
                r[1] == null ? null : Vendor.valueOf((String) r[1]), ((Number) r[2]).intValue())).toList();
    }

    private List<Admission.Held> held(String tenantId) {
        return heldLeases.heldInMonthOf(tenantId, clock.instant());
    }

}
