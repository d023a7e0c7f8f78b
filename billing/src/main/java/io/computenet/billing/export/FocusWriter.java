package io.computenet.billing.export;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes FOCUS 1.2 rows as RFC 4180 CSV, one row at a time: the header, then each {@link FocusRow} as it comes, so an
 * export of any size is written in constant memory. Formats follow the specification's attributes: date-times
 * {@code YYYY-MM-DDTHH:mm:ssZ} in UTC, decimals as plain numbers (no exponent, thousands separator, currency symbol
 * or leading {@code +}), nulls as empty fields, ComputeNet's own columns prefixed {@code x_} after the FOCUS ones.
 */
public final class FocusWriter {

    /** The columns in the order written: FOCUS columns alphabetically, then ComputeNet's {@code x_} columns. */
    public static final List<String> COLUMNS = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity",
            "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId",
            "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit",
            "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
            "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceDetails",
            "SkuPriceId", "Tags", "x_OperatorId", "x_DeviceCount", "x_DeviceShare", "x_MeteredSeconds");

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_INSTANT;

    private final Writer out;
    private final StringBuilder row = new StringBuilder(512);

    public FocusWriter(Writer out) {
        this.out = out;
    }

    public void header() throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write(Rfc4180.RECORD_END);
    }

    public void write(FocusRow r) throws IOException {
        row.setLength(0);
        money(r.billedCost());
        text(r.billingAccountId());
        text(r.billingAccountName());
        text(r.billingCurrency());
        instant(r.billingPeriodEnd());
        instant(r.billingPeriodStart());
        text(r.chargeCategory().value());
        text(r.correction() ? "Correction" : null);
        text(r.chargeDescription());
        text(r.chargeFrequency().value());
        instant(r.chargePeriodEnd());
        instant(r.chargePeriodStart());
        decimal(r.consumedQuantity());
        text(r.consumedUnit());
        money(r.contractedCost());
        decimal(r.contractedUnitPrice());
        money(r.effectiveCost());
        text(r.invoiceId());
        text(r.invoiceIssuerName());
        money(r.listCost());
        decimal(r.listUnitPrice());
        text(r.pricingCategory() == null ? null : r.pricingCategory().value());
        decimal(r.pricingQuantity());
        text(r.pricingUnit());
        text(r.providerName());
        text(r.publisherName());
        text(r.regionId());
        text(r.regionName());
        text(r.resourceId());
        text(r.resourceName());
        text(r.resourceType());
        text(r.serviceCategory());
        text(r.serviceName());
        text(r.serviceSubcategory());
        text(r.skuId());
        text(r.skuMeter());
        text(r.skuPriceDetails());
        text(r.skuPriceId());
        text(r.tags());
        text(r.operatorId());
        text(r.deviceCount() == null ? null : r.deviceCount().toString());
        decimal(r.deviceShare());
        text(r.meteredSeconds() == null ? null : r.meteredSeconds().toString());
        row.setLength(row.length() - 1);
        row.append(Rfc4180.RECORD_END);
        out.append(row);
    }

    private void text(String value) {
        row.append(Rfc4180.field(value)).append(',');
    }

    private void decimal(BigDecimal value) {
        if (value != null) {
            row.append(plain(value));
        }
        row.append(',');
    }

    /** Costs keep the scale they were rounded to (2 decimals for CNY), so the stated precision is the real one. */
    private void money(BigDecimal value) {
        row.append(value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString()).append(',');
    }

    private void instant(Instant value) {
        DATE_TIME.formatTo(value, row);
        row.append(',');
    }

    /** A plain decimal: trailing zeros after the point dropped, never an exponent, never {@code -0}. */
    static String plain(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal v = value.scale() > 0 ? value.stripTrailingZeros() : value;
        return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    }
}
