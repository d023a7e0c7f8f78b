package io.computenet.billing.payout;

import io.computenet.billing.invoice.PeriodIssued;
import io.computenet.billing.invoice.UsageLine;
import io.computenet.billing.invoice.UsageLineRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Issues operators' payout statements in the month's issuing run (inside its transaction, when the invoices are
 * issued), from the same rated usage, with the platform fee history; reads them back.
 */
@ApplicationScoped
public class PayoutService {

    private static final Logger LOG = Logger.getLogger(PayoutService.class);

    @Inject
    PayoutRepository payouts;
    @Inject
    UsageLineRepository usage;
    @Inject
    Clock clock;
    @ConfigProperty(name = "computenet.billing.payout.default-fee-percent", defaultValue = "0")
    BigDecimal defaultFeePercent;

    void onPeriodIssued(@Observes PeriodIssued issued) {
        YearMonth period = issued.period();
        Map<String, List<UsageLine>> now = byOperator(usage.ofPeriod(period));
        Map<String, List<UsageLine>> earlier = byOperator(usage.ofIssuedPeriodsBefore(period));
        Map<String, List<io.computenet.billing.invoice.BilledUsage>> paid = payouts.paidByOperator();
        Map<String, List<FeeChange>> fees = payouts.feeChanges();
        TreeSet<String> operators = new TreeSet<>(now.keySet());
        operators.addAll(earlier.keySet());
        operators.addAll(paid.keySet());
        int issuedCount = 0;
        for (String operator : operators) {
            PayoutRequest request = new PayoutRequest(operator, period, now.getOrDefault(operator, List.of()),
                    earlier.getOrDefault(operator, List.of()), paid.getOrDefault(operator, List.of()),
                    fees.getOrDefault(operator, List.of()), defaultFeePercent);
            for (PayoutDraft d : PayoutCalculator.statements(request, clock)) {
                payouts.insert(d);
                issuedCount++;
            }
        }
        LOG.infof("issued %d payout statement(s) for %s", issuedCount, period);
    }

    /** An operator's statements of a period. */
    @Transactional
    public List<PayoutDraft> of(String operatorId, YearMonth period) {
        return payouts.of(operatorId, period);
    }

    /** Every operator's statements of a period (finance's view). */
    @Transactional
    public List<PayoutDraft> ofPeriod(YearMonth period) {
        return payouts.ofPeriod(period);
    }

    private static Map<String, List<UsageLine>> byOperator(List<UsageLine> lines) {
        return lines.stream().collect(Collectors.groupingBy(UsageLine::operatorId));
    }
}
