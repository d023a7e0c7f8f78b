package io.computenet.billing.export;

import io.computenet.billing.export.ChargeLineReader.IssuedInvoice;
import io.computenet.billing.export.FocusRows.TokenKind;
import io.computenet.billing.inference.EndpointUsageLedger;
import io.computenet.billing.inference.EndpointUsageTotal;
import io.computenet.pricing.PriceEntry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.Map;

/**
 * Streams the rated charges of one billing period in the requested format, line by line, in UTF-8; or the period's
 * endpoint usage (one row per tenant, endpoint and API key: a month holds few). The FOCUS file of a month whose
 * invoices were issued is rebuilt from the invoices as frozen at issue (numbers, usage stretches, corrections,
 * credits, tax), never from the live charges, so a late change shows once: as a correction on a later invoice. A FOCUS
 * file ends with the month's inference tokens per tenant, endpoint and API key ({@link FocusRows#tokens}, at zero
 * cost), under the tenant's invoice of the month once issued.
 */
@ApplicationScoped
public class ExportService {

    private static final int BUFFER_CHARS = 1 << 16;
    private final RegionNames regions = RegionNames.load();

    @Inject
    ChargeLineReader charges;
    @Inject
    EndpointUsageLedger endpointUsage;

    public StreamingOutput stream(ExportRequest request, String tenantId) {
        return out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_CHARS);
            if (!request.format().charges()) {
                EndpointUsageCsv.write(w, endpointUsage.totals(request.period(), tenantId));
                w.flush();
                return;
            }
            if (request.format() == ExportFormat.FOCUS && charges.invoiced(request.period())) {
                // an issued month is exported as it was billed: late changes are the later invoices' corrections
                FocusWriter focus = new FocusWriter(w);
                FocusRows rows = new FocusRows(regions);
                focus.header();
                charges.readInvoiced(request.period(), tenantId, l -> focus.write(rows.invoiced(l)));
                writeTokens(focus, rows, request.period(), tenantId,
                        charges.issuedInvoices(request.period(), tenantId));
                w.flush();
                return;
            }
            ExportWriter export = request.format().open(w, regions);
            export.header();
            charges.read(request.period(), tenantId, export::write);
            if (request.format() == ExportFormat.FOCUS) {
                writeTokens(new FocusWriter(w), new FocusRows(regions), request.period(), tenantId, Map.of());
            }
            w.flush();
        };
    }

    /**
     * The month's prompt and completion tokens, two rows per tenant, endpoint and API key, under the tenant's issued
     * invoice or, when it has none, its provisional invoice id (in the marketplace currency).
     */
    private void writeTokens(FocusWriter focus, FocusRows rows, YearMonth period, String tenantId,
                             Map<String, IssuedInvoice> invoices) throws IOException {
        for (EndpointUsageTotal t : endpointUsage.totals(period, tenantId)) {
            IssuedInvoice invoice = invoices.getOrDefault(t.tenantId(), new IssuedInvoice(
                    FocusRows.invoiceId(t.tenantId(), period), PriceEntry.DEFAULT_CURRENCY.getCurrencyCode()));
            for (TokenKind kind : TokenKind.values()) {
                focus.write(rows.tokens(t, kind, invoice.number(), invoice.currency()));
            }
        }
    }
}
