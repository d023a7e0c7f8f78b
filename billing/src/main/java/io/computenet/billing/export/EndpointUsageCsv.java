package io.computenet.billing.export;

import io.computenet.billing.inference.EndpointUsageTotal;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Writes a month's endpoint usage as RFC 4180 CSV with a header row (format {@code endpoint-usage}). */
public final class EndpointUsageCsv {

    public static final String HEADER = "period,tenant_id,endpoint_id,endpoint_name,api_key_id,first_window_start,"
            + "last_window_end,requests,prompt_tokens,completion_tokens,total_tokens";

    private EndpointUsageCsv() {
    }

    public static void write(Writer out, List<EndpointUsageTotal> totals) throws IOException {
        out.write(HEADER);
        out.write(Rfc4180.RECORD_END);
        for (EndpointUsageTotal t : totals) {
            out.write(String.join(",", Rfc4180.field(t.period().toString()), Rfc4180.field(t.tenantId()),
                    Rfc4180.field(t.endpointId()), Rfc4180.field(t.endpointName()), Rfc4180.field(t.keyId()),
                    instant(t.firstWindowStart()), instant(t.lastWindowEnd()), String.valueOf(t.requests()),
                    String.valueOf(t.promptTokens()), String.valueOf(t.completionTokens()),
                    String.valueOf(t.promptTokens() + t.completionTokens())));
            out.write(Rfc4180.RECORD_END);
        }
    }

    private static String instant(Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS));
    }
}
