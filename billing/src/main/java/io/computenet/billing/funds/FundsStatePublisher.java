package io.computenet.billing.funds;

import io.computenet.billing.delivery.AckedSender;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.funds.FundsAlertEvent;
import io.computenet.contracts.funds.FundsStateEvent;
import io.computenet.contracts.inventory.Vendor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Announces prepaid tenants' funds: each {@code computenet.billing.funds-publish-interval} (1 s) it sends the current
 * state of every tenant whose funds changed since the last send to the compacted {@link Topics#FUNDS_STATE} (key:
 * tenant, with the version the change made) and the new low-funds notices to {@link Topics#FUNDS_ALERTS}; a send is
 * recorded only once the broker acknowledged it (acks=all), so a crash in between sends it again (readers keep the
 * highest version and deduplicate alerts by event id). The change and its mark commit together (see
 * {@link FundsLedger}): nothing is lost.
 */
@ApplicationScoped
public class FundsStatePublisher {

    private static final Logger LOG = Logger.getLogger(FundsStatePublisher.class);

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @ConfigProperty(name = "computenet.billing.currency", defaultValue = "CNY")
    String currency;
    @Inject
    AckedSender sender;

    @Scheduled(every = "${computenet.billing.funds-publish-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publish() {
        try {
            publishStates();
            publishNotices();
        } catch (RuntimeException e) {
            // the marks stay; the next run sends again
            LOG.warnf(e, "could not publish funds states");
        }
    }

    /** Sends the state of every tenant with an unsent change; returns how many. */
    public int publishStates() {
        @SuppressWarnings("unchecked")
        List<String> tenants = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select tenant_id from funds_states where version > published_version order by updated_at limit 200")
                .getResultList());
        for (String tenantId : tenants) {
            FundsStateEvent state = QuarkusTransaction.requiringNew().call(() -> state(tenantId));
            send(Topics.FUNDS_STATE, tenantId, EventCodec.encode(state));
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update funds_states"
                            + " set published_version = ?2 where tenant_id = ?1 and published_version < ?2")
                    .setParameter(1, tenantId).setParameter(2, state.version()).executeUpdate());
        }
        return tenants.size();
    }

    private void publishNotices() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select id, event_id, tenant_id, currency, threshold, available, balance, created_at"
                        + " from funds_notices where published_at is null order by id limit 200").getResultList());
        for (Object[] r : rows) {
            FundsAlertEvent alert = FundsAlertEvent.of((String) r[1], FundsLedger.instant(r[7]), (String) r[2],
                    (String) r[3], (BigDecimal) r[4], (BigDecimal) r[5], (BigDecimal) r[6]);
            send(Topics.FUNDS_ALERTS, alert.tenantId(), EventCodec.encode(alert));
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update funds_notices"
                    + " set published_at = ?2 where id = ?1").setParameter(1, ((Number) r[0]).longValue())
                    .setParameter(2, clock.instant()).executeUpdate());
        }
    }

    /** The tenant's state now, labelled with the version read first (a later change only makes it newer). */
    private FundsStateEvent state(String tenantId) {
        long version = ((Number) em.createNativeQuery("select version from funds_states where tenant_id = ?1")
                .setParameter(1, tenantId).getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<BigDecimal> balance = em.createNativeQuery("select balance from tenant_balances where tenant_id = ?1"
                + " and currency = ?2").setParameter(1, tenantId).setParameter(2, currency).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> vouchers = em.createNativeQuery("select id, remaining, expires_at, scope_region, scope_vendor"
                        + " from vouchers where tenant_id = ?1 and currency = ?2 and remaining > 0 order by id")
                .setParameter(1, tenantId).setParameter(2, currency).getResultList();
        Instant now = clock.instant();
        return FundsStateEvent.of(now, tenantId, version, currency,
                balance.isEmpty() ? BigDecimal.ZERO.setScale(2) : balance.get(0),
                vouchers.stream().map(v -> new FundsStateEvent.VoucherState((String) v[0], (BigDecimal) v[1],
                        FundsLedger.instant(v[2]), (String) v[3],
                        v[4] == null ? null : Vendor.valueOf((String) v[4]))).toList());
    }

    private void send(String topic, String key, String value) {
        sender.send(topic, key, value);
    }
}
