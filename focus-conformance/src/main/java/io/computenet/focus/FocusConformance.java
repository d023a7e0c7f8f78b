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
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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

    private static final Pattern CUSTOM = Pattern.compile("x_[A-Za-z0-9_]+");
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
            new FocusRowCheck(line, record, index, report).run();
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
        /** Written by {@link FocusRowCheck}. */
        final Map<String, BigDecimal> billedCostByInvoice = new TreeMap<>();
        /** Each InvoiceId's billing account (and currency and period), written by {@link FocusRowCheck}. */
        final Map<String, String> invoiceAccounts = new HashMap<>();
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
