package io.computenet.focus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a FOCUS 1.2 CSV file, on its own, against each MUST rule of the specification that the file alone decides:
 * the columns (mandatory ones, groups that share one presence condition, custom columns prefixed {@code x_}), the
 * formats (Numeric Format, Date/Time Format {@code YYYY-MM-DDTHH:mm:ssZ}, Currency Format as ISO 4217 codes,
 * Key-Value Format), allowed values, nullability (nulls are empty fields, never empty strings or placeholders such as
 * {@code N/A}), and the rules between columns (unit price x PricingQuantity = cost outside corrections, credit costs
 * equal to BilledCost, nulls that follow other columns). It reads the file as a stream, one record at a time, and
 * keeps only BilledCost summed per InvoiceId and each InvoiceId's billing account, so memory grows with the invoices
 * in the file, never with its rows.
 *
 * <p>It also checks that a correction corrects an earlier billing period and that every row of an InvoiceId
 * has one billing account, currency and billing period. What the file cannot decide (that BilledCost sums to the
 * invoice's payable amount, that ids are unique within a provider) needs the invoices: the report hands back the sums
 * per InvoiceId and {@link Report#invoiceTotalMismatches} compares them with the invoices' totals.
 *
 * <p>"Match" for a unit price x PricingQuantity product is judged at the precision the file states: the product may
 * differ from the cost by half a unit in the cost's last decimal place plus what rounding PricingQuantity to its own
 * decimals can move (unit price x half a unit in the quantity's last place).
 */
public final class FocusConformance {

    private static final Pattern NUMERIC = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final Pattern CUSTOM = Pattern.compile("x_[A-Za-z0-9_]+");
    private static final Set<String> PLACEHOLDERS = Set.of("n/a", "na", "null", "none", "nil", "not applicable",
            "undefined", "-");
    private static final Set<String> ISO_4217 = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
    private static final int KEPT_VIOLATIONS = 1000;

    private final Set<String> alsoRequired;

    private FocusConformance(Set<String> alsoRequired) {
        this.alsoRequired = Set.copyOf(alsoRequired);
    }

    /** A checker of the specification's rules only. */
    public static FocusConformance focus12() {
        return new FocusConformance(Set.of());
    }

    /**
     * The columns ComputeNet's FOCUS export promises beyond the mandatory ones: InvoiceId, PricingCategory, the unit
     * prices, consumed quantity, region, resource and SKU columns, ChargeFrequency, Tags and the operator's id.
     */
    public static final Set<String> COMPUTENET_COLUMNS = Set.of("InvoiceId", "PricingCategory", "ListUnitPrice",
            "ContractedUnitPrice", "ConsumedQuantity", "ConsumedUnit", "RegionId", "RegionName", "ResourceId",
            "ResourceName", "ResourceType", "SkuId", "SkuPriceId", "SkuMeter", "SkuPriceDetails", "ChargeFrequency",
            "Tags", "x_OperatorId");

    /** A checker of the specification's rules that also requires {@link #COMPUTENET_COLUMNS}. */
    public static FocusConformance computeNetExport() {
        return new FocusConformance(COMPUTENET_COLUMNS);
    }

    /** A checker that also requires columns a profile promises beyond the mandatory ones (e.g. InvoiceId). */
    public static FocusConformance focus12Requiring(Set<String> columns) {
        return new FocusConformance(columns);
    }

    /** Checks a UTF-8 file; bytes that are not UTF-8 are a violation. */
    public Report check(Path file) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder),
                1 << 16)) {
            return check(r);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                Report report = new Report();
                report.add(0, "", "utf-8", "the file is not valid UTF-8");
                return report;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks CSV text read from {@code in} (header row first). */
    public Report check(Reader in) {
        Report report = new Report();
        CsvRecords csv = new CsvRecords(in);
        List<String> header;
        try {
            header = csv.next();
        } catch (CsvRecords.MalformedCsvException e) {
            report.add(e.line(), "", "rfc-4180", e.getMessage());
            return report;
        }
        if (header == null) {
            report.add(1, "", "header", "the file is empty: no header row");
            return report;
        }
        Map<String, Integer> index = checkHeader(header, report);
        while (true) {
            List<String> record;
            try {
                record = csv.next();
            } catch (CsvRecords.MalformedCsvException e) {
                report.add(e.line(), "", "rfc-4180", e.getMessage());
                return report;
            }
            if (record == null) {
                return report;
            }
            report.rows++;
            long line = csv.recordLine();
            if (record.size() != header.size()) {
                report.add(line, "", "field-count", "has " + record.size() + " fields, the header " + header.size());
                continue;
            }
            new RowCheck(line, record, index, report).run();
        }
    }

    private Map<String, Integer> checkHeader(List<String> header, Report report) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i) == null ? "" : header.get(i);
            if (index.putIfAbsent(name, i) != null) {
                report.add(1, name, "duplicate-column", "the column appears more than once");
            }
            if (!FocusColumns.ALL.containsKey(name) && !CUSTOM.matcher(name).matches()) {
                report.add(1, name, "custom-column-prefix",
                        "not a FOCUS 1.2 column, so it must be prefixed x_ (letters, digits, underscores)");
            }
        }
        Set<String> required = new LinkedHashSet<>(FocusColumns.MANDATORY);
        required.addAll(alsoRequired);
        for (String c : required) {
            if (!index.containsKey(c)) {
                report.add(1, c, "mandatory-column", "the column is missing");
            }
        }
        for (List<String> group : FocusColumns.GROUPS) {
            List<String> present = group.stream().filter(index::containsKey).toList();
            if (!present.isEmpty() && present.size() != group.size()) {
                List<String> missing = group.stream().filter(c -> !index.containsKey(c)).toList();
                report.add(1, String.join("+", missing), "column-group", "present: " + present
                        + "; the group shares one presence condition, missing: " + missing);
            }
        }
        FocusColumns.NEEDS.forEach((column, needed) -> {
            if (index.containsKey(column) && !index.containsKey(needed)) {
                report.add(1, needed, "column-group", column + " is present but " + needed + ", which decides its"
                        + " nullability, is not");
            }
        });
        return index;
    }

    /** The checks of one record. */
    private static final class RowCheck {

        private final long line;
        private final List<String> record;
        private final Map<String, Integer> index;
        private final Report report;
        private final Map<String, BigDecimal> decimals = new HashMap<>();
        private final Map<String, Instant> instants = new HashMap<>();

        RowCheck(long line, List<String> record, Map<String, Integer> index, Report report) {
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

    /** One broken rule: where, which column, which rule, and what was found. */
    public record Violation(long line, String column, String rule, String detail) {

        @Override
        public String toString() {
            return "line " + line + " " + column + " [" + rule + "]: " + detail;
        }
    }

    /**
     * The outcome of a check: the data rows read, the violations (the first 1,000 kept, all counted) and BilledCost
     * summed per InvoiceId.
     */
    public static final class Report {

        private long rows;
        private long violationCount;
        private final List<Violation> violations = new ArrayList<>();
        private final Map<String, BigDecimal> billedCostByInvoice = new TreeMap<>();
        private final Map<String, String> invoiceAccounts = new HashMap<>();
        private final Set<String> rulesBroken = new HashSet<>();

        void add(long line, String column, String rule, String detail) {
            violationCount++;
            rulesBroken.add(rule);
            if (violations.size() < KEPT_VIOLATIONS) {
                violations.add(new Violation(line, column, rule, detail));
            }
        }

        public long rows() {
            return rows;
        }

        public boolean conforms() {
            return violationCount == 0;
        }

        public long violationCount() {
            return violationCount;
        }

        public List<Violation> violations() {
            return List.copyOf(violations);
        }

        /** The rule ids broken anywhere in the file (e.g. {@code numeric-format}). */
        public Set<String> rulesBroken() {
            return Set.copyOf(rulesBroken);
        }

        /** BilledCost summed per InvoiceId, to compare with each invoice's payable amount. */
        public Map<String, BigDecimal> billedCostByInvoice() {
            return Map.copyOf(billedCostByInvoice);
        }

        /**
         * The rule the file cannot decide alone: BilledCost summed per InvoiceId matches each invoice's payable amount
         * ({@code invoiceTotals}, from the invoice issuer). Every invoice of the file must be one of them and carry
         * exactly its total, and every invoice given must have rows in the file; the list says what differs (empty:
         * all match).
         */
        public List<String> invoiceTotalMismatches(Map<String, BigDecimal> invoiceTotals) {
            List<String> out = new ArrayList<>();
            billedCostByInvoice.forEach((invoice, sum) -> {
                BigDecimal total = invoiceTotals.get(invoice);
                if (total == null) {
                    out.add("InvoiceId " + invoice + " (BilledCost " + sum.toPlainString() + ") is not an issued"
                            + " invoice");
                } else if (total.compareTo(sum) != 0) {
                    out.add("InvoiceId " + invoice + ": BilledCost sums to " + sum.toPlainString()
                            + " but the invoice's total is " + total.toPlainString());
                }
            });
            new TreeMap<>(invoiceTotals).forEach((invoice, total) -> {
                if (!billedCostByInvoice.containsKey(invoice)) {
                    out.add("invoice " + invoice + " (total " + total.toPlainString() + ") has no rows");
                }
            });
            return out;
        }

        @Override
        public String toString() {
            return rows + " rows, " + violationCount + " violations" + (violations.isEmpty() ? ""
                    : ":\n  " + violations.stream().limit(20).map(Violation::toString)
                    .collect(Collectors.joining("\n  ")));
        }
    }
}
