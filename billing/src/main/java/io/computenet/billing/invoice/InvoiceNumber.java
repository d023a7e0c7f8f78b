package io.computenet.billing.invoice;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An invoice number, {@code CN-YYYY-NNNNNN}: the year of issue and the invoice's place in that year's sequence, which
 * is gap-free (1, 2, 3, ... per year; the sequence advances only in the transaction that stores the invoice).
 */
public record InvoiceNumber(int year, long sequence) {

    private static final Pattern FORMAT = Pattern.compile("CN-([0-9]{4})-([0-9]{6,})");

    public InvoiceNumber {
        if (year < 1000 || year > 9999 || sequence < 1) {
            throw new IllegalArgumentException("invoice number out of range: " + year + "/" + sequence);
        }
    }

    /** The number as printed. */
    @Override
    public String toString() {
        return String.format("CN-%04d-%06d", year, sequence);
    }

    /** The number of a printed one, or empty when the text is not an invoice number. */
    public static Optional<InvoiceNumber> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches() || m.group(2).length() > 12) {
            return Optional.empty();
        }
        long sequence = Long.parseLong(m.group(2));
        return sequence < 1 ? Optional.empty() : Optional.of(new InvoiceNumber(Integer.parseInt(m.group(1)), sequence));
    }
}
