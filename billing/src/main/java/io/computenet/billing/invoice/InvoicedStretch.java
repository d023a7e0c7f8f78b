package io.computenet.billing.invoice;

import java.util.Objects;

/**
 * One rated stretch (a charge line as metering wrote it) that an invoice's usage line sums, frozen with the invoice
 * at issue: an issued month's FOCUS export is rebuilt from these, never from the live charge lines.
 *
 * @param lineNo the invoice's usage line the stretch belongs to
 * @param seq    its place within that line (1, 2, ... by start)
 */
public record InvoicedStretch(int lineNo, int seq, UsageLine usage) {

    public InvoicedStretch {
        Objects.requireNonNull(usage, "usage");
    }
}
