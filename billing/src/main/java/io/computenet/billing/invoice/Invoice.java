package io.computenet.billing.invoice;

/** An issued invoice: its number and the draft it fixes for good. */
public record Invoice(InvoiceNumber number, InvoiceDraft draft) {
}
