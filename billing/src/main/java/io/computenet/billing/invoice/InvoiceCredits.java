package io.computenet.billing.invoice;

import java.time.YearMonth;
import java.util.List;

/**
 * Where the invoice run gets the credits to apply to a tenant's invoice of a period (vouchers drawn for its usage).
 * Balances and vouchers live in billing's {@code funds} package, which provides the bean
 * ({@code funds.VoucherCredits}: what each voucher paid of the period's usage).
 */
public interface InvoiceCredits {

    List<Credit> creditsFor(String tenantId, YearMonth period);
}
