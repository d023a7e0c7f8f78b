package io.computenet.scheduler.lease;

import io.computenet.problem.ProblemException;

import java.math.BigDecimal;
import java.util.List;

/**
 * Something fits the request, but nothing within its price ceiling: the reasons say what it would cost (with the
 * currency), or that the prices cannot be read or checked.
 */
public class PriceCeilingException extends ProblemException {

    public PriceCeilingException(BigDecimal maxPricePerHour, String currency, List<String> reasons) {
        super(409, "price-ceiling", "Price ceiling too low", "nothing that fits this request costs at most "
                + maxPricePerHour.toPlainString() + " " + currency + " per hour now", reasons);
    }
}
