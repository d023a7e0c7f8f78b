package io.computenet.billing.export;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Writes export lines as RFC 4180 CSV with a header row, one line at a time (ComputeNet's own columns). */
public final class CsvExport implements ExportWriter {

    public static final String HEADER = "period,tenant_id,lease_id,operator_id,region,vendor,device_model,device_count,"
            + "usage_start,usage_end,seconds,unit_price_per_device_hour,currency,amount,device_share,slice";

    private final Writer out;

    public CsvExport(Writer out) {
        this.out = out;
    }

    @Override
    public void header() throws IOException {
        out.write(HEADER);
        out.write(Rfc4180.RECORD_END);
    }

    @Override
    public void write(ExportLine l) throws IOException {
        out.write(String.join(",", Rfc4180.field(l.period()), Rfc4180.field(l.tenantId()),
                Rfc4180.field(l.leaseId()), Rfc4180.field(l.operatorId()), Rfc4180.field(l.region()),
                Rfc4180.field(l.vendor()), Rfc4180.field(l.deviceModel()), String.valueOf(l.deviceCount()),
                instant(l.usageStart()), instant(l.usageEnd()), String.valueOf(l.seconds()),
                l.unitPricePerDeviceHour().stripTrailingZeros().toPlainString(), Rfc4180.field(l.currency()),
                l.amount().toPlainString(), l.deviceShare().stripTrailingZeros().toPlainString(),
                Rfc4180.field(l.slice())));
        out.write(Rfc4180.RECORD_END);
    }

    private static String instant(java.time.Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS));
    }
}
