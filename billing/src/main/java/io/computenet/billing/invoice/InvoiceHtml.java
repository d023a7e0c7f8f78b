package io.computenet.billing.invoice;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The invoice as a self-contained HTML page a person can read and print (English; names such as operators and regions
 * appear as they are, Chinese included; UTF-8). Every value is HTML-escaped. Rendered once when the invoice is issued
 * and stored with it, so the document never changes afterwards.
 */
public final class InvoiceHtml {

    private static final DateTimeFormatter ISSUED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private InvoiceHtml() {
    }

    public static String render(Invoice invoice) {
        InvoiceDraft d = invoice.draft();
        String cur = d.currency();
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Invoice ")
                .append(esc(invoice.number().toString())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}")
                .append("th,td{border-bottom:1px solid #ccc;padding:.3em .5em;text-align:left}")
                .append("td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}")
                .append("tr.total td{font-weight:bold;border-top:2px solid #222}</style>\n</head>\n<body>\n")
                .append("<h1>Invoice ").append(esc(invoice.number().toString())).append("</h1>\n<dl>\n");
        field(h, "Issued by", "ComputeNet");
        field(h, "Billed to (tenant)", d.tenantId());
        field(h, "Period", d.period() + " (UTC)");
        field(h, "Issued at", ISSUED.format(d.issuedAt()));
        field(h, "Currency", cur);
        h.append("</dl>\n<table>\n<thead><tr><th>#</th><th>Kind</th><th>Lease</th><th>Usage period</th>")
                .append("<th>Description</th><th>Operator</th><th class=\"num\">Seconds</th>")
                .append("<th class=\"num\">Price per device-hour</th><th class=\"num\">Amount (")
                .append(esc(cur)).append(")</th></tr></thead>\n<tbody>\n");
        for (InvoiceLine l : d.lines()) {
            h.append("<tr><td>").append(l.lineNo()).append("</td><td>").append(kind(l.kind())).append("</td><td>")
                    .append(esc(l.leaseId() != null ? l.leaseId() : l.reference())).append("</td><td>")
                    .append(l.usagePeriod() == null ? "" : l.usagePeriod().toString()).append("</td><td>")
                    .append(esc(l.description())).append("</td><td>").append(esc(l.operatorId()))
                    .append("</td><td class=\"num\">")
                    .append(l.kind() == LineKind.USAGE || l.kind() == LineKind.CORRECTION ? l.seconds() : "")
                    .append("</td><td class=\"num\">").append(money(l.unitPrice()))
                    .append("</td><td class=\"num\">").append(money(l.amount())).append("</td></tr>\n");
        }
        h.append("</tbody>\n<tfoot>\n");
        sum(h, "Subtotal (usage and corrections)", d.subtotal(), false);
        sum(h, "Credits", d.credits(), false);
        sum(h, d.taxRule().label() + " " + d.taxRule().percent().toPlainString() + " % of "
                + money(d.taxBase()), d.tax(), false);
        sum(h, "Total " + cur, d.total(), true);
        return h.append("</tfoot>\n</table>\n<p>Usage is billed per started second; each lease's amount is the sum of")
                .append(" its rated stretches, rounded half-up to the currency's minor unit. Late changes to a period")
                .append(" already invoiced appear as corrections on a later invoice.</p>\n</body>\n</html>\n")
                .toString();
    }

    private static String kind(LineKind kind) {
        return switch (kind) {
            case USAGE -> "Usage";
            case CORRECTION -> "Correction";
            case CREDIT -> "Credit";
            case TAX -> "Tax";
        };
    }

    private static void field(StringBuilder h, String name, String value) {
        h.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    private static void sum(StringBuilder h, String name, BigDecimal amount, boolean total) {
        h.append(total ? "<tr class=\"total\">" : "<tr>").append("<td colspan=\"8\">").append(esc(name))
                .append("</td><td class=\"num\">").append(money(amount)).append("</td></tr>\n");
    }

    private static String money(BigDecimal amount) {
        return amount == null ? "" : amount.toPlainString();
    }

    /** HTML-escapes text for element content and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
