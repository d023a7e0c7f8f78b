package io.computenet.billing.metering;

import io.computenet.billing.pricing.PriceBookEntry;
import io.computenet.billing.pricing.PriceBooks;
import io.computenet.billing.rating.RatedSegment;
import io.computenet.billing.rating.Rating;
import io.computenet.contracts.lease.LeaseEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;

/**
 * Turns lease events into charges. {@code lease.started} opens a charge at the price in force then;
 * {@code lease.ended} closes it at the exact end time and rates it per billing period. A lease that never started
 * gets no charge. Idempotent by event id.
 */
@ApplicationScoped
public class MeteringService {

    private static final Logger LOG = Logger.getLogger(MeteringService.class);

    @Inject
    ProcessedEvents processed;
    @Inject
    PriceBooks priceBooks;
    @Inject
    Clock clock;

    @Transactional
    public void apply(LeaseEvent event) {
        if (!processed.firstTime(event.eventId(), clock.instant())) {
            return;
        }
        switch (event.type()) {
            case LeaseEvent.TYPE_STARTED -> open(event);
            case LeaseEvent.TYPE_ENDED -> close(event);
            default -> {
                // lease.scheduled carries nothing to meter
            }
        }
    }

    private ChargeEntity open(LeaseEvent e) {
        ChargeEntity charge = ChargeEntity.findById(e.leaseId());
        if (charge != null) {
            return charge;
        }
        charge = new ChargeEntity();
        charge.leaseId = e.leaseId();
        charge.tenantId = e.tenantId();
        charge.operatorId = e.operatorId();
        charge.region = e.region();
        charge.vendor = e.vendor();
        charge.deviceModel = e.deviceModel();
        charge.deviceCount = e.deviceCount();
        charge.share = e.share();
        charge.sliceKind = e.sliceKind();
        charge.sliceProfile = e.sliceProfile();
        charge.startedAt = e.startedAt();
        Optional<PriceBookEntry> price = priceBooks.priceFor(e.operatorId(), e.region(), e.deviceModel());
        if (price.isPresent()) {
            charge.pricePerDeviceHour = price.get().pricePerDeviceHour;
            charge.currency = price.get().currency;
            charge.status = ChargeEntity.Status.OPEN;
        } else {
            LOG.warnf("no price for %s in %s (operator %s): lease %s is metered but unrated", e.deviceModel(),
                    e.region(), e.operatorId(), e.leaseId());
            charge.status = ChargeEntity.Status.UNRATED;
        }
        charge.persist();
        return charge;
    }

    private void close(LeaseEvent e) {
        if (e.startedAt() == null) {
            LOG.debugf("lease %s ended without starting (%s): not charged", e.leaseId(), e.reason());
            return;
        }
        ChargeEntity charge = open(e);
        if (charge.endedAt != null) {
            return;
        }
        charge.endedAt = e.endedAt();
        charge.endState = e.state().name();
        charge.seconds = Rating.billableSeconds(charge.startedAt, charge.endedAt);
        if (charge.status == ChargeEntity.Status.UNRATED) {
            return;
        }
        charge.status = ChargeEntity.Status.CLOSED;
        java.math.BigDecimal total = java.math.BigDecimal.ZERO.setScale(Rating.MONEY_SCALE);
        for (RatedSegment s : Rating.rate(charge.startedAt, charge.endedAt, charge.deviceCount, charge.share,
                charge.pricePerDeviceHour)) {
            ChargeLineEntity line = new ChargeLineEntity();
            line.leaseId = charge.leaseId;
            line.period = s.period().toString();
            line.periodStart = s.start();
            line.periodEnd = s.end();
            line.seconds = s.seconds();
            line.amount = s.amount();
            line.persist();
            total = total.add(s.amount());
        }
        charge.amount = total;
    }
}
