package io.computenet.billing.invoice;

import io.computenet.billing.invoice.InvoiceRepository.Run;
import io.computenet.billing.invoice.InvoiceRepository.Stored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Issues a closed month's invoices: reads the rated usage, asks the pure {@link InvoiceGenerator} for each tenant's
 * invoices, numbers, renders and stores them, and records the month's run, all in one transaction (serialised across
 * instances). Issuing a month again returns what was issued and changes nothing.
 */
@ApplicationScoped
public class InvoiceService {

    private static final Logger LOG = Logger.getLogger(InvoiceService.class);

    @Inject
    InvoiceRepository invoices;
    @Inject
    UsageLineRepository usage;
    @Inject
    InvoiceCredits credits;
    @Inject
    Clock clock;
    @Inject
    Event<PeriodIssued> periodIssued;
    @ConfigProperty(name = "computenet.billing.invoice.tax-label", defaultValue = "VAT")
    String taxLabel;
    @ConfigProperty(name = "computenet.billing.invoice.tax-rate", defaultValue = "0.06")
    BigDecimal taxRate;

    /** The outcome of issuing a month. */
    public record Issued(Run run, boolean alreadyIssued, List<Stored> invoices) {
    }

    /** @throws PeriodNotClosedException when the month has not ended yet */
    @Transactional
    public Issued issue(YearMonth period, String issuedBy) {
        InvoiceGenerator.requireClosed(period, clock.instant());
        invoices.lockRuns();
        var existing = invoices.run(period);
        if (existing.isPresent()) {
            return new Issued(existing.get(), true, invoices.ofPeriod(period));
        }
        TaxRule tax = new TaxRule(taxLabel, taxRate);
        Map<String, List<UsageLine>> now = byTenant(usage.ofPeriod(period));
        Map<String, List<UsageLine>> earlier = byTenant(usage.ofIssuedPeriodsBefore(period));
        Map<String, List<BilledUsage>> billed = invoices.billedByTenant();
        TreeMap<String, Boolean> tenants = new TreeMap<>();
        now.keySet().forEach(t -> tenants.put(t, true));
        earlier.keySet().forEach(t -> tenants.put(t, true));
        billed.keySet().forEach(t -> tenants.put(t, true));
        for (String tenant : tenants.keySet()) {
            InvoiceRequest request = new InvoiceRequest(tenant, period, now.getOrDefault(tenant, List.of()),
                    earlier.getOrDefault(tenant, List.of()), billed.getOrDefault(tenant, List.of()),
                    credits.creditsFor(tenant, period), tax);
            for (InvoiceDraft draft : InvoiceGenerator.generate(request, clock)) {
                Invoice invoice = new Invoice(invoices.nextNumber(draft.issuedAt()), draft);
                invoices.insert(invoice, InvoiceHtml.render(invoice),
                        InvoiceGenerator.stretches(draft, request.usage()));
            }
        }
        Run run = new Run(period, clock.instant(), issuedBy);
        invoices.insertRun(run);
        periodIssued.fire(new PeriodIssued(period, run.issuedAt()));
        List<Stored> issued = invoices.ofPeriod(period);
        LOG.infof("issued %d invoice(s) for %s (by %s)", issued.size(), period, issuedBy);
        return new Issued(run, false, issued);
    }

    /** A tenant's invoices. */
    @Transactional
    public List<Stored> ofTenant(String tenantId) {
        return invoices.ofTenant(tenantId);
    }

    /** One invoice, only when it is the tenant's. */
    @Transactional
    public java.util.Optional<Stored> get(String tenantId, InvoiceNumber number) {
        return invoices.byNumber(number).filter(s -> s.invoice().draft().tenantId().equals(tenantId));
    }

    private static Map<String, List<UsageLine>> byTenant(List<UsageLine> lines) {
        return lines.stream().collect(Collectors.groupingBy(UsageLine::tenantId));
    }
}
