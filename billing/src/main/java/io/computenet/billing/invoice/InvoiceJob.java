package io.computenet.billing.invoice;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Issues the month that just ended, on the schedule {@code computenet.billing.invoice.schedule} (UTC; by default
 * 02:00 on the 1st, after the accrual has rated running leases past the month's end; {@code off} disables it).
 * Several instances may fire: the run is serialised and idempotent.
 */
@ApplicationScoped
public class InvoiceJob {

    @Inject
    InvoiceService invoices;
    @Inject
    Clock clock;

    @Scheduled(cron = "${computenet.billing.invoice.schedule:0 0 2 1 * ?}", timeZone = "UTC",
            identity = "issue-invoices", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void issueLastMonth() {
        invoices.issue(YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1), "scheduler");
    }
}
