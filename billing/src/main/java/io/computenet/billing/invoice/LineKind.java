package io.computenet.billing.invoice;

/** What an invoice line is. */
public enum LineKind {
    /** A lease's usage in the invoiced period. */
    USAGE,
    /** A late change to a lease's usage in a period already invoiced (plus or minus). */
    CORRECTION,
    /** A credit applied (negative amount). */
    CREDIT,
    /** The tax on the invoice. */
    TAX
}
