package io.computenet.billing.export;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Writes export lines as RFC 4180 CSV with a header row. */
public final class CsvExport {

    public static final String HEADER = "period,tenant_id,lease_id,operator_id,region,vendor,device_model,device_count,"
            + "usage_start,usage_end,seconds,unit_price_per_device_hour,currency,amount,device_share,slice";

    private CsvExport() {
    }

    public static String write(List<ExportLine> lines) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (ExportLine l : lines) {
            sb.append(String.join(",", field(l.period()), field(l.tenantId()), field(l.leaseId()),
                    field(l.operatorId()), field(l.region()), field(l.vendor()), field(l.deviceModel()),
                    String.valueOf(l.deviceCount()), instant(l.usageStart()), instant(l.usageEnd()),
                    String.valueOf(l.seconds()), l.unitPricePerDeviceHour().stripTrailingZeros().toPlainString(),
                    field(l.currency()), l.amount().toPlainString(),
                    l.deviceShare().stripTrailingZeros().toPlainString(), field(l.slice()))).append("\r\n");
        }
        return sb.toString();
    }

    private static String instant(java.time.Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS));
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
