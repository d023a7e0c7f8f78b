package io.computenet.billing.inference;

import io.computenet.billing.invoice.Rows;
import io.computenet.contracts.inference.EndpointUsageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Billing's record of inference endpoints' requests and tokens: stores each {@link EndpointUsageEvent} once (a
 * redelivered event is ignored by its id) and sums a month's per tenant, endpoint and API key. A window belongs to
 * the UTC month its end falls in.
 */
@ApplicationScoped
public class EndpointUsageLedger {

    @Inject
    EntityManager em;

    /** Stores the event; true when it was new, false when it had been stored before. */
    @Transactional
    public boolean store(EndpointUsageEvent e) {
        return em.createNativeQuery("insert into endpoint_usage (event_id, tenant_id, endpoint_id, endpoint_name, "
                        + "key_id, window_start, window_end, requests, prompt_tokens, completion_tokens) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) on conflict (event_id) do nothing")
                .setParameter(1, e.eventId())
                .setParameter(2, e.tenantId())
                .setParameter(3, e.endpointId())
                .setParameter(4, e.endpointName())
                .setParameter(5, e.keyId())
                .setParameter(6, e.windowStart())
                .setParameter(7, e.occurredAt())
                .setParameter(8, e.requests())
                .setParameter(9, e.promptTokens())
                .setParameter(10, e.completionTokens())
                .executeUpdate() == 1;
    }

    /**
     * The month's totals per tenant, endpoint and key (of one tenant when {@code tenantId} is set), ordered by tenant,
     * endpoint name and key.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<EndpointUsageTotal> totals(YearMonth period, String tenantId) {
        OffsetDateTime from = period.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = period.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        List<Object[]> rows = em.createNativeQuery("select tenant_id, endpoint_id, max(endpoint_name), key_id, "
                        + "min(window_start), max(window_end), sum(requests), sum(prompt_tokens), "
                        + "sum(completion_tokens) from endpoint_usage where window_end >= ?1 and window_end < ?2 "
                        + "and (cast(?3 as varchar) is null or tenant_id = ?3) "
                        + "group by tenant_id, endpoint_id, key_id order by tenant_id, max(endpoint_name), key_id")
                .setParameter(1, from)
                .setParameter(2, to)
                .setParameter(3, tenantId)
                .getResultList();
        return rows.stream().map(r -> new EndpointUsageTotal(period, (String) r[0], (String) r[1], (String) r[2],
                (String) r[3], Rows.instant(r[4]), Rows.instant(r[5]), ((Number) r[6]).longValue(),
                ((Number) r[7]).longValue(), ((Number) r[8]).longValue())).toList();
    }
}
