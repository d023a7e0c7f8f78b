package io.computenet.focus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FocusConformanceTest {

    private static final List<String> HEADER = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity",
            "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId",
            "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit",
            "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
            "ServiceCategory", "ServiceName", "SkuId", "SkuMeter", "SkuPriceDetails", "SkuPriceId", "Tags",
            "x_OperatorId");

    /** A usage row, written by hand from the specification's rules (not by ComputeNet's writer). */
    private static Map<String, String> usage() {
        return new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("BilledCost", "7.60"), Map.entry("BillingAccountId", "tenant-a"),
                Map.entry("BillingAccountName", "甲 实验室, Lab A"), Map.entry("BillingCurrency", "CNY"),
                Map.entry("BillingPeriodEnd", "2026-12-01T00:00:00Z"),
                Map.entry("BillingPeriodStart", "2026-11-01T00:00:00Z"), Map.entry("ChargeCategory", "Usage"),
                Map.entry("ChargeClass", ""), Map.entry("ChargeDescription", "Ascend910B3 x2 \"vNPU\""),
                Map.entry("ChargeFrequency", "Usage-Based"), Map.entry("ChargePeriodEnd", "2026-11-10T08:30:01Z"),
                Map.entry("ChargePeriodStart", "2026-11-10T08:00:00Z"), Map.entry("ConsumedQuantity", "3602"),
                Map.entry("ConsumedUnit", "Device-Seconds"), Map.entry("ContractedCost", "7.60"),
                Map.entry("ContractedUnitPrice", "7.6"), Map.entry("EffectiveCost", "7.60"),
                Map.entry("InvoiceId", "INV-1"), Map.entry("InvoiceIssuerName", "ComputeNet"),
                Map.entry("ListCost", "7.60"), Map.entry("ListUnitPrice", "7.6"),
                Map.entry("PricingCategory", "Standard"), Map.entry("PricingQuantity", "1.000556"),
                Map.entry("PricingUnit", "Device-Hours"), Map.entry("ProviderName", "ComputeNet"),
                Map.entry("PublisherName", "op-demo"), Map.entry("RegionId", "cn-east-yrd"),
                Map.entry("RegionName", "长三角 (Yangtze River Delta)"), Map.entry("ResourceId", "ls-1"),
                Map.entry("ResourceName", "lease ls-1 on node-1"), Map.entry("ResourceType", "Accelerator Lease"),
                Map.entry("ServiceCategory", "Compute"), Map.entry("ServiceName", "Accelerator Leases"),
                Map.entry("SkuId", "HUAWEI_ASCEND/Ascend910B3"), Map.entry("SkuMeter", "Device Time"),
                Map.entry("SkuPriceDetails", "{\"x_DeviceModel\":\"Ascend910B3\",\"GpuCount\":1}"),
                Map.entry("SkuPriceId", "HUAWEI_ASCEND/Ascend910B3/cn-east-yrd/op-demo/on-demand"),
                Map.entry("Tags", "{\"computenet/slice\":\"VNPU vir10_3c_32g\"}"), Map.entry("x_OperatorId", "op-demo")));
    }

    private static Map<String, String> credit() {
        Map<String, String> r = usage();
        r.putAll(Map.of("ChargeCategory", "Credit", "ChargeFrequency", "One-Time", "BilledCost", "-5.00",
                "ListCost", "-5.00", "ContractedCost", "-5.00", "EffectiveCost", "-5.00"));
        for (String c : List.of("ConsumedQuantity", "ConsumedUnit", "ContractedUnitPrice", "ListUnitPrice",
                "PricingCategory", "PricingQuantity", "PricingUnit", "SkuId", "SkuMeter", "SkuPriceDetails",
                "SkuPriceId", "ResourceId", "ResourceName", "ResourceType", "RegionId", "RegionName")) {
            r.put(c, "");
        }
        return r;
    }

    private static Map<String, String> tax() {
        Map<String, String> r = credit();
        r.putAll(Map.of("ChargeCategory", "Tax", "BilledCost", "0.16", "ListCost", "0.16", "ContractedCost",
                "0.16", "EffectiveCost", "0.16", "ChargeDescription", "VAT 6%"));
        return r;
    }

    private static Map<String, String> correction() {
        Map<String, String> r = usage();
        r.putAll(Map.of("ChargeClass", "Correction", "BilledCost", "-1.23", "ListCost", "-1.23", "ContractedCost",
                "-1.23", "EffectiveCost", "-1.23", "ConsumedQuantity", "", "ConsumedUnit", "",
                "ChargePeriodStart", "2026-10-10T08:00:00Z", "ChargePeriodEnd", "2026-10-10T08:30:01Z"));
        return r;
    }

    private static String csv(List<String> header, List<Map<String, String>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append("\r\n");
        for (Map<String, String> row : rows) {
            List<String> fields = new ArrayList<>();
            for (String c : header) {
                String v = row.get(c);
                fields.add(v == null || v.isEmpty() ? "" : quote(v));
            }
            sb.append(String.join(",", fields)).append("\r\n");
        }
        return sb.toString();
    }

    private static String quote(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static FocusConformance.Report check(String text) {
        return FocusConformance.focus12().check(new StringReader(text));
    }

    @Test
    void acceptsUsageCreditTaxAndCorrectionRowsAndSumsBilledCostPerInvoice() {
        // given
        String text = csv(HEADER, List.of(usage(), credit(), tax(), correction()));

        // when
        FocusConformance.Report report = check(text);

        // then
        assertThat(report.violations()).isEmpty();
        assertThat(report.rows()).isEqualTo(4);
        assertThat(report.billedCostByInvoice()).containsOnlyKeys("INV-1");
        assertThat(report.billedCostByInvoice().get("INV-1")).isEqualByComparingTo("1.53");
    }

    @Test
    void readsAUtf8FileWithChineseNamesAndQuotedFields(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("focus.csv");
        Files.writeString(file, csv(HEADER, List.of(usage())));

        // when
        FocusConformance.Report report = FocusConformance.focus12().check(file);

        // then
        assertThat(report.conforms()).as(report.toString()).isTrue();
    }

    @Test
    void rejectsAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
        // given: GBK bytes for 长三角
        Path file = dir.resolve("focus.csv");
        Files.write(file, csv(HEADER, List.of(usage())).getBytes(java.nio.charset.Charset.forName("GBK")));

        // when
        FocusConformance.Report report = FocusConformance.focus12().check(file);

        // then
        assertThat(report.rulesBroken()).containsExactly("utf-8");
    }

    @ParameterizedTest(name = "{0}={1} breaks {2}")
    @CsvSource(delimiter = '|', value = {
            "BilledCost|1,000.00|numeric-format",
            "BilledCost|+7.60|numeric-format",
            "BilledCost|¥7.60|numeric-format",
            "BilledCost|7.6E+1|numeric-format",
            "BilledCost||not-null",
            "ListCost|N/A|null-handling",
            "ChargeDescription|null|null-handling",
            "ChargePeriodStart|2026-11-10 08:00:00|datetime-format",
            "ChargePeriodStart|2026-11-10T08:00:00.000Z|datetime-format",
            "ChargePeriodStart|2026-11-10T08:00:00+08:00|datetime-format",
            "ChargePeriodStart|2026-02-30T08:00:00Z|datetime-format",
            "ChargePeriodStart|2026-11-10T09:00:00Z|period-bounds",
            "BillingCurrency|RMB|currency-format",
            "BillingCurrency|cny|currency-format",
            "ChargeCategory|Refund|allowed-value",
            "ChargeClass|Fix|allowed-value",
            "PricingCategory|OnDemand|allowed-value",
            "ServiceCategory|GPU|allowed-value",
            "ChargeFrequency|Hourly|allowed-value",
            "ListUnitPrice||not-null-when",
            "ContractedUnitPrice|-7.6|non-negative",
            "ListCost|7.70|unit-price-times-quantity",
            "ContractedCost|7.62|unit-price-times-quantity",
            "PricingQuantity||not-null-when",
            "PricingUnit||not-null-when",
            "SkuId||not-null-when",
            "SkuPriceId||not-null-when",
            "RegionName||not-null-when",
            "RegionId||null-when",
            "ResourceType||not-null-when",
            "ResourceId||null-when",
            "ConsumedQuantity||not-null-when",
            "ConsumedUnit||not-null-when",
            "Tags|{\"a\":{\"b\":1}}|key-value-format",
            "Tags|{\"a\":1,\"a\":2}|key-value-format",
            "Tags|[1,2]|key-value-format",
            "SkuPriceDetails|{\"DeviceModel\":\"x\"}|sku-price-property",
            "SkuPriceDetails|{\"GpuCount\":\"one\"}|sku-price-property",
    })
    void findsTheBrokenRuleInAUsageRow(String column, String value, String rule) {
        // given
        Map<String, String> row = usage();
        row.put(column, value == null ? "" : value);

        // when
        FocusConformance.Report report = check(csv(HEADER, List.of(row)));

        // then
        assertThat(report.rulesBroken()).as(report.toString()).contains(rule);
        assertThat(report.violations()).allSatisfy(v -> assertThat(v.line()).isEqualTo(2));
    }

    @Test
    void findsCreditRowsWhoseCostsDifferFromBilledCost() {
        // given
        Map<String, String> row = credit();
        row.put("ListCost", "0");

        // when
        FocusConformance.Report report = check(csv(HEADER, List.of(row)));

        // then
        assertThat(report.rulesBroken()).containsExactly("credit-costs");
    }

    @Test
    void findsTaxRowsThatCarryPricesOrQuantities() {
        // given
        Map<String, String> row = tax();
        row.put("ListUnitPrice", "0.16");
        row.put("PricingQuantity", "1");
        row.put("PricingUnit", "Unit");

        // when
        FocusConformance.Report report = check(csv(HEADER, List.of(row)));

        // then
        assertThat(report.violations()).extracting(FocusConformance.Violation::column)
                .containsExactlyInAnyOrder("ListUnitPrice", "PricingQuantity");
    }

    @Test
    void findsConsumedQuantityOnRowsOtherThanUsage() {
        // given
        Map<String, String> row = credit();
        row.put("ConsumedQuantity", "1");
        row.put("ConsumedUnit", "Device-Seconds");

        // when
        FocusConformance.Report report = check(csv(HEADER, List.of(row)));

        // then
        assertThat(report.violations()).extracting(FocusConformance.Violation::column)
                .containsExactly("ConsumedQuantity");
    }

    @Test
    void letsCorrectionsDifferFromUnitPriceTimesQuantity() {
        // given
        Map<String, String> row = correction();
        row.put("ListCost", "99.00");

        // when
        FocusConformance.Report report = check(csv(HEADER, List.of(row)));

        // then
        assertThat(report.conforms()).as(report.toString()).isTrue();
    }

    @Test
    void acceptsTheCorrectedUsagesUnitPriceOnACorrectionThatGivesMoneyBackButNotANegativeOne() {
        // given: two corrections returning 1.23 for usage at 7.6 per device-hour: one names the price, the other
        // turns it negative
        Map<String, String> priced = correction();
        priced.putAll(Map.of("ListUnitPrice", "7.6", "ContractedUnitPrice", "7.6", "PricingQuantity", "-0.161842"));
        Map<String, String> negative = correction();
        negative.putAll(Map.of("ListUnitPrice", "-7.6", "ContractedUnitPrice", "-7.6"));

        // when
        FocusConformance.Report fine = check(csv(HEADER, List.of(priced)));
        FocusConformance.Report wrong = check(csv(HEADER, List.of(negative)));

        // then
        assertThat(fine.conforms()).as(fine.toString()).isTrue();
        assertThat(wrong.violations()).extracting(FocusConformance.Violation::column)
                .containsExactlyInAnyOrder("ListUnitPrice", "ContractedUnitPrice");
    }

    @Test
    void findsACorrectionOfTheRowsOwnBillingPeriod() {
        // given: ChargeClass Correction on a charge of the current billing period (November)
        Map<String, String> row = correction();
        row.put("ChargePeriodStart", "2026-11-02T00:00:00Z");
        row.put("ChargePeriodEnd", "2026-11-02T01:00:00Z");

        // when
        FocusConformance.Report report = check(csv(HEADER, List.of(row)));

        // then
        assertThat(report.rulesBroken()).containsExactly("correction-period");
    }

    @Test
    void findsAnInvoiceWithRowsOfTwoBillingAccountsOrPeriods() {
        // given: INV-1 holds tenant-a's November usage, tenant-b's credit and tenant-a's October tax
        Map<String, String> otherAccount = credit();
        otherAccount.put("BillingAccountId", "tenant-b");
        Map<String, String> otherPeriod = tax();
        otherPeriod.put("BillingPeriodStart", "2026-10-01T00:00:00Z");
        otherPeriod.put("BillingPeriodEnd", "2026-11-01T00:00:00Z");

        // when
        FocusConformance.Report report = check(csv(HEADER, List.of(usage(), otherAccount, otherPeriod)));

        // then
        assertThat(report.violations()).extracting(FocusConformance.Violation::rule)
                .containsExactly("invoice-account", "invoice-account");
    }

    @Test
    void comparesBilledCostPerInvoiceWithTheInvoicesTotals() {
        // given: INV-1 sums to 7.60 + (-5.00) + 0.16 = 2.76; INV-2 to -1.23
        Map<String, String> second = correction();
        second.put("InvoiceId", "INV-2");
        FocusConformance.Report report = check(csv(HEADER, List.of(usage(), credit(), tax(), second)));

        // when / then: equal totals match; a different total, an invoice without rows and rows of an unknown
        // invoice are named
        assertThat(report.invoiceTotalMismatches(Map.of("INV-1", new BigDecimal("2.760"), "INV-2",
                new BigDecimal("-1.23")))).isEmpty();
        assertThat(report.invoiceTotalMismatches(Map.of("INV-1", new BigDecimal("2.77"), "INV-2",
                new BigDecimal("-1.23"), "INV-3", BigDecimal.TEN)))
                .containsExactly("InvoiceId INV-1: BilledCost sums to 2.76 but the invoice's total is 2.77",
                        "invoice INV-3 (total 10) has no rows");
        assertThat(report.invoiceTotalMismatches(Map.of("INV-1", new BigDecimal("2.76"))))
                .containsExactly("InvoiceId INV-2 (BilledCost -1.23) is not an issued invoice");
    }

    @Test
    void findsAPurchaseChargedAsUsageBased() {
        // given
        Map<String, String> row = usage();
        row.put("ChargeCategory", "Purchase");
        row.put("ConsumedQuantity", "");
        row.put("ConsumedUnit", "");

        // when
        FocusConformance.Report report = check(csv(HEADER, List.of(row)));

        // then
        assertThat(report.rulesBroken()).containsExactly("purchase-frequency");
    }

    @Test
    void findsMissingMandatoryColumnsSplitGroupsAndUnprefixedCustomColumns() {
        // given
        List<String> header = new ArrayList<>(HEADER);
        header.remove("BillingPeriodEnd");
        header.remove("RegionName");
        header.remove("SkuMeter");
        header.set(header.indexOf("x_OperatorId"), "OperatorId");
        Map<String, String> row = usage();
        row.put("OperatorId", "op-demo");

        // when
        FocusConformance.Report report = check(csv(header, List.of(row)));

        // then
        assertThat(report.violations()).filteredOn(v -> v.line() == 1)
                .extracting(FocusConformance.Violation::rule, FocusConformance.Violation::column)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("mandatory-column", "BillingPeriodEnd"),
                        org.assertj.core.groups.Tuple.tuple("column-group", "RegionName"),
                        org.assertj.core.groups.Tuple.tuple("column-group", "SkuMeter"),
                        org.assertj.core.groups.Tuple.tuple("custom-column-prefix", "OperatorId"));
    }

    @Test
    void requiresTheColumnsAProfilePromises() {
        // given
        List<String> header = new ArrayList<>(HEADER);
        header.remove("InvoiceId");

        // when
        FocusConformance.Report report = FocusConformance.focus12Requiring(Set.of("InvoiceId"))
                .check(new StringReader(csv(header, List.of(usage()))));

        // then
        assertThat(report.violations()).extracting(FocusConformance.Violation::column).containsExactly("InvoiceId");
    }

    @Test
    void findsQuotedEmptyStringsRowsOfTheWrongWidthAndBrokenQuoting() {
        // given
        String base = csv(HEADER, List.of(usage()));
        String emptyString = base.replace(",op-demo,cn-east-yrd,", ",\"\",cn-east-yrd,");
        String shortRow = base + "1,2,3\r\n";
        String unclosed = base + "\"7.60,tenant-a\r\n";

        // then
        assertThat(check(emptyString).rulesBroken()).contains("null-handling");
        assertThat(check(shortRow).rulesBroken()).containsExactly("field-count");
        assertThat(check(unclosed).rulesBroken()).containsExactly("rfc-4180");
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        // given
        CsvRecords records = new CsvRecords(new StringReader("a,\"b,\"\"c\"\"\r\nd\",,\"\"\r\nx,y,z,w\n"));

        // then
        assertThat(records.next()).containsExactly("a", "b,\"c\"\r\nd", null, "");
        assertThat(records.next()).containsExactly("x", "y", "z", "w");
        assertThat(records.recordLine()).isEqualTo(3);
        assertThat(records.next()).isNull();
    }

    @Test
    void judgesUnitPriceTimesQuantityAtThePrecisionStated() {
        // given: 22 x 0.500278 = 11.006116; the cost 11.01 is the exact 22 x 1801/3600 = 11.0061 rounded
        Map<String, String> row = usage();
        row.putAll(Map.of("ListUnitPrice", "22", "ContractedUnitPrice", "22", "PricingQuantity", "0.500278",
                "ListCost", "11.01", "ContractedCost", "11.01", "BilledCost", "11.01", "EffectiveCost", "11.01"));

        // then
        assertThat(check(csv(HEADER, List.of(row))).conforms()).isTrue();
        row.put("ListCost", "11.02");
        assertThat(check(csv(HEADER, List.of(row))).rulesBroken()).containsExactly("unit-price-times-quantity");
    }

    @Test
    void namesTheBrokenRulesOfEachKind() {
        // the header alone: every mandatory column listed in DOMAIN.md is known to the checker
        assertThat(FocusColumns.MANDATORY).hasSize(21);
        assertThat(FocusColumns.SUBCATEGORY_PARENT).containsEntry("Containers", "Compute")
                .containsEntry("Generative AI", "AI and Machine Learning");
        assertThat(Arrays.asList("Usage", "Purchase", "Tax", "Credit", "Adjustment"))
                .allMatch(FocusColumns.ALLOWED.get("ChargeCategory")::contains);
    }
}
