package io.computenet.focus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of one record of a FOCUS 1.2 file ({@link FocusConformance}): each column's format and allowed values,
 * nullability and the rules between columns, the corrections' periods, and one billing account, currency and period
 * per InvoiceId (across records, through the {@link FocusConformance.Report}, which also sums BilledCost per InvoiceId).
 */
final class FocusRowCheck {

    private static final Pattern NUMERIC = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final Set<String> PLACEHOLDERS = Set.of("n/a", "na", "null", "none", "nil", "not applicable",
            "undefined", "-");
    private static final Set<String> ISO_4217 = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());


    private final long line;
    private final List<String> record;
    private final Map<String, Integer> index;
    private final FocusConformance.Report report;
    private final Map<String, BigDecimal> decimals = new HashMap<>();
    private final Map<String, Instant> instants = new HashMap<>();

    FocusRowCheck(long line, List<String> record, Map<String, Integer> index, FocusConformance.Report report) {
        this.line = line;
        this.record = record;
        this.index = index;
        this.report = report;
    }

    void run() {
        formats();
        String category = value("ChargeCategory");
        boolean correction = "Correction".equals(value("ChargeClass"));
        boolean usage = "Usage".equals(category);
        boolean priced = (usage || "Purchase".equals(category)) && !correction;
        boolean tax = "Tax".equals(category);
        for (String c : FocusColumns.NEVER_NULL) {
            if (has(c) && value(c) == null) {
                violation(c, "not-null", "must not be null");
            }
        }
        for (String c : FocusColumns.PRICED_ROW_COLUMNS) {
            if (tax) {
                nullWhen(c, "ChargeCategory is Tax");
            }
            if (priced) {
                notNullWhen(c, "ChargeCategory is " + category + " and ChargeClass is not Correction");
            }
        }
        follows("PricingUnit", "PricingQuantity", true);
        follows("RegionName", "RegionId", true);
        follows("ResourceType", "ResourceId", true);
        follows("SubAccountName", "SubAccountId", true);
        follows("SubAccountType", "SubAccountId", true);
        follows("BillingAccountType", "BillingAccountId", true);
        follows("ConsumedUnit", "ConsumedQuantity", true);
        follows("ResourceName", "ResourceId", false);
        follows("SkuMeter", "SkuId", false);
        follows("SkuPriceDetails", "SkuPriceId", false);
        follows("CapacityReservationStatus", "CapacityReservationId", false);
        commitments(category, correction);
        consumed(usage, correction);
        if ("Purchase".equals(category) && "Usage-Based".equals(value("ChargeFrequency"))) {
            violation("ChargeFrequency", "purchase-frequency", "must not be Usage-Based when ChargeCategory is"
                    + " Purchase");
        }
        if (usage && has("CapacityReservationId") && value("CapacityReservationId") != null
                && value("CapacityReservationStatus") == null) {
            violation("CapacityReservationStatus", "not-null-when", "must not be null when"
                    + " CapacityReservationId is not null and ChargeCategory is Usage");
        }
        for (String c : FocusColumns.UNIT_PRICES) {
            BigDecimal v = decimals.get(c);
            if (v != null && v.signum() < 0) {
                violation(c, "non-negative", "must not be negative but is " + v.toPlainString());
            }
        }
        if (!correction) {
            product("ListUnitPrice", "ListCost");
            product("ContractedUnitPrice", "ContractedCost");
        }
        if ("Credit".equals(category)) {
            credit();
        }
        subcategory();
        periods();
        if (correction) {
            correctsAnEarlierPeriod();
        }
        String invoice = value("InvoiceId");
        BigDecimal billed = decimals.get("BilledCost");
        if (has("InvoiceId") && invoice != null && billed != null) {
            report.billedCostByInvoice.merge(invoice, billed, BigDecimal::add);
        }
        if (has("InvoiceId") && invoice != null) {
            oneAccountAndPeriodPerInvoice(invoice);
        }
    }

    /**
     * ChargeClass is Correction only for a correction to a previously invoiced billing period ("MUST be null
     * when ... it represents a correction within the current billing period"): the charge it corrects began
     * before the row's billing period.
     */
    private void correctsAnEarlierPeriod() {
        Instant chargeStart = instants.get("ChargePeriodStart");
        Instant billingStart = instants.get("BillingPeriodStart");
        if (chargeStart != null && billingStart != null && !chargeStart.isBefore(billingStart)) {
            violation("ChargeClass", "correction-period", "a Correction corrects a previously invoiced billing"
                    + " period, but ChargePeriodStart " + chargeStart + " is not before BillingPeriodStart "
                    + billingStart);
        }
    }

    /**
     * An invoice belongs to one billing account and billing period (InvoiceId "MUST be associated with the
     * related charge and BillingAccountId"; an invoice covers the charges of a billing period for a billing
     * account), in one currency: every row of an InvoiceId has the same BillingAccountId, BillingCurrency and
     * BillingPeriodStart.
     */
    private void oneAccountAndPeriodPerInvoice(String invoice) {
        String account = value("BillingAccountId") + "|" + value("BillingCurrency") + "|"
                + value("BillingPeriodStart");
        String first = report.invoiceAccounts.putIfAbsent(invoice, account);
        if (first != null && !first.equals(account)) {
            violation("InvoiceId", "invoice-account", "InvoiceId " + invoice + " has rows of BillingAccountId|"
                    + "BillingCurrency|BillingPeriodStart " + first + " and " + account);
        }
    }

    private void formats() {
        for (Map.Entry<String, Integer> e : index.entrySet()) {
            String column = e.getKey();
            String raw = record.get(e.getValue());
            if (raw == null) {
                continue;
            }
            if (raw.isEmpty()) {
                violation(column, "null-handling", "an empty string (\"\"); a null is an empty field");
                continue;
            }
            if (PLACEHOLDERS.contains(raw.trim().toLowerCase(Locale.ROOT))) {
                violation(column, "null-handling", "the placeholder '" + raw + "' stands for a null; a null"
                        + " is an empty field");
                continue;
            }
            FocusColumns.Type type = FocusColumns.ALL.get(column);
            if (type == null) {
                continue;
            }
            switch (type) {
                case DECIMAL -> decimal(column, raw);
                case DATE_TIME -> dateTime(column, raw);
                case CURRENCY -> {
                    if (!ISO_4217.contains(raw)) {
                        violation(column, "currency-format", "'" + raw + "' is not an ISO 4217 code");
                    }
                }
                case KEY_VALUE -> keyValue(column, raw);
                case STRING -> allowed(column, raw);
            }
        }
    }

    private void decimal(String column, String raw) {
        if (!NUMERIC.matcher(raw).matches()) {
            violation(column, "numeric-format", "'" + raw + "' is not a plain number (no sign for positives,"
                    + " separators, symbols or units)");
            return;
        }
        decimals.put(column, new BigDecimal(raw));
    }

    private void dateTime(String column, String raw) {
        if (!DATE_TIME.matcher(raw).matches()) {
            violation(column, "datetime-format", "'" + raw + "' is not YYYY-MM-DDTHH:mm:ssZ");
            return;
        }
        try {
            instants.put(column, Instant.parse(raw));
        } catch (DateTimeParseException e) {
            violation(column, "datetime-format", "'" + raw + "' is not a real date and time");
        }
    }

    private void keyValue(String column, String raw) {
        Map<String, Object> entries;
        try {
            entries = KeyValueJson.parse(raw);
        } catch (IllegalArgumentException | ArithmeticException e) {
            violation(column, "key-value-format", e.getMessage());
            return;
        }
        if (!column.equals("SkuPriceDetails")) {
            return;
        }
        entries.forEach((key, v) -> {
            Boolean numeric = FocusColumns.SKU_PRICE_PROPERTIES.get(key);
            if (numeric == null && !key.startsWith("x_")) {
                violation(column, "sku-price-property", "the key '" + key + "' is neither FOCUS-defined nor"
                        + " prefixed x_");
            } else if (numeric != null && v != KeyValueJson.NULL
                    && (numeric ? !(v instanceof BigDecimal) : !(v instanceof String))) {
                violation(column, "sku-price-property", "'" + key + "' must hold a "
                        + (numeric ? "number" : "string"));
            }
        });
    }

    private void allowed(String column, String raw) {
        Set<String> values = FocusColumns.ALLOWED.get(column);
        if (values != null && !values.contains(raw)) {
            violation(column, "allowed-value", "'" + raw + "' is not one of " + new java.util.TreeSet<>(values));
        }
        if (column.equals("ServiceSubcategory") && !FocusColumns.SUBCATEGORY_PARENT.containsKey(raw)) {
            violation(column, "allowed-value", "'" + raw + "' is not a FOCUS 1.2 service subcategory");
        }
    }

    private void follows(String dependent, String on, boolean notNullWhenSet) {
        if (!has(dependent) || !has(on)) {
            return;
        }
        if (value(on) == null && value(dependent) != null) {
            violation(dependent, "null-when", "must be null when " + on + " is null");
        }
        if (notNullWhenSet && value(on) != null && value(dependent) == null) {
            violation(dependent, "not-null-when", "must not be null when " + on + " is not null");
        }
    }

    private void commitments(String category, boolean correction) {
        if (!has("CommitmentDiscountId")) {
            return;
        }
        boolean id = value("CommitmentDiscountId") != null;
        for (String c : List.of("CommitmentDiscountCategory", "CommitmentDiscountType")) {
            follows(c, "CommitmentDiscountId", true);
        }
        follows("CommitmentDiscountName", "CommitmentDiscountId", false);
        follows("CommitmentDiscountStatus", "CommitmentDiscountId", false);
        follows("CommitmentDiscountUnit", "CommitmentDiscountQuantity", true);
        if (id && "Usage".equals(category) && value("CommitmentDiscountStatus") == null) {
            violation("CommitmentDiscountStatus", "not-null-when", "must not be null when CommitmentDiscountId"
                    + " is not null and ChargeCategory is Usage");
        }
        boolean quantityApplies = id && ("Usage".equals(category) || "Purchase".equals(category));
        if (!quantityApplies) {
            nullWhen("CommitmentDiscountQuantity", "CommitmentDiscountId is null or ChargeCategory is neither"
                    + " Usage nor Purchase");
        } else if (!correction) {
            notNullWhen("CommitmentDiscountQuantity", "CommitmentDiscountId is set on a " + category
                    + " row that is not a correction");
        }
    }

    private void consumed(boolean usage, boolean correction) {
        if (!has("ConsumedQuantity")) {
            return;
        }
        boolean unused = "Unused".equals(value("CommitmentDiscountStatus"));
        if (!usage || unused) {
            nullWhen("ConsumedQuantity", "ChargeCategory is not Usage or CommitmentDiscountStatus is Unused");
        } else if (!correction) {
            notNullWhen("ConsumedQuantity", "ChargeCategory is Usage and ChargeClass is not Correction");
        }
    }

    private void product(String unitPrice, String cost) {
        BigDecimal price = decimals.get(unitPrice);
        BigDecimal quantity = decimals.get("PricingQuantity");
        BigDecimal stated = decimals.get(cost);
        if (price == null || quantity == null || stated == null) {
            return;
        }
        BigDecimal product = price.multiply(quantity);
        BigDecimal tolerance = halfUlp(stated).add(price.abs().multiply(halfUlp(quantity)));
        if (product.subtract(stated).abs().compareTo(tolerance) > 0) {
            violation(cost, "unit-price-times-quantity", unitPrice + " " + price.toPlainString()
                    + " x PricingQuantity " + quantity.toPlainString() + " = " + product.toPlainString()
                    + " but " + cost + " is " + stated.toPlainString());
        }
    }

    private void credit() {
        BigDecimal billed = decimals.get("BilledCost");
        if (billed == null) {
            return;
        }
        equalsBilled("EffectiveCost");
        if (!has("ListUnitPrice") || value("ListUnitPrice") == null) {
            equalsBilled("ListCost");
        }
        if (!has("ContractedUnitPrice") || value("ContractedUnitPrice") == null) {
            equalsBilled("ContractedCost");
        }
    }

    private void equalsBilled(String cost) {
        BigDecimal v = decimals.get(cost);
        BigDecimal billed = decimals.get("BilledCost");
        if (v != null && v.compareTo(billed) != 0) {
            violation(cost, "credit-costs", "must equal BilledCost " + billed.toPlainString()
                    + " on a Credit row but is " + v.toPlainString());
        }
    }

    private void subcategory() {
        String sub = value("ServiceSubcategory");
        String parent = sub == null ? null : FocusColumns.SUBCATEGORY_PARENT.get(sub);
        String category = value("ServiceCategory");
        if (parent != null && category != null && !parent.equals(category)) {
            violation("ServiceSubcategory", "subcategory-parent", "'" + sub + "' belongs to '" + parent
                    + "', not to '" + category + "'");
        }
    }

    private void periods() {
        order("BillingPeriodStart", "BillingPeriodEnd", true);
        order("ChargePeriodStart", "ChargePeriodEnd", false);
    }

    private void order(String start, String end, boolean strictly) {
        Instant s = instants.get(start);
        Instant e = instants.get(end);
        if (s != null && e != null && (strictly ? !s.isBefore(e) : s.isAfter(e))) {
            violation(end, "period-bounds", start + " (inclusive) " + s + " must come before " + end
                    + " (exclusive) " + e);
        }
    }

    private void nullWhen(String column, String condition) {
        if (has(column) && value(column) != null) {
            violation(column, "null-when", "must be null when " + condition);
        }
    }

    private void notNullWhen(String column, String condition) {
        if (has(column) && value(column) == null) {
            violation(column, "not-null-when", "must not be null when " + condition);
        }
    }

    private boolean has(String column) {
        return index.containsKey(column);
    }

    private String value(String column) {
        Integer i = index.get(column);
        return i == null ? null : record.get(i);
    }

    private void violation(String column, String rule, String detail) {
        report.add(line, column, rule, detail);
    }

    private static BigDecimal halfUlp(BigDecimal v) {
        return BigDecimal.ONE.movePointLeft(Math.max(v.scale(), 0)).divide(BigDecimal.valueOf(2));
    }
}
