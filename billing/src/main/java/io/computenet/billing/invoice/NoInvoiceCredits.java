package io.computenet.billing.invoice;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.YearMonth;
import java.util.List;

/** The credits source while no voucher system provides one: invoices carry no credit lines. */
@DefaultBean
@ApplicationScoped
public class NoInvoiceCredits implements InvoiceCredits {

    @Override
    public List<Credit> creditsFor(String tenantId, YearMonth period) {
        return List.of();
    }
}
