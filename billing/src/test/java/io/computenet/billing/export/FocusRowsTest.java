package io.computenet.billing.export;

import io.computenet.focus.FocusConformance;
import io.computenet.billing.inference.EndpointUsageTotal;
import io.computenet.billing.invoice.LineKind;
import io.computenet.billing.invoice.TaxRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FocusRowsTest {

    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private final FocusRows rows = new FocusRows(RegionNames.load());

    private static ExportLine line(String leaseId, String tenant, String operator, int devices, String share,
                                   String slice, long seconds, String price, String amount, boolean interruptible) {
        Instant start = Instant.parse("2026-11-10T08:00:00.250Z");
        return new ExportLine("2026-11", tenant, leaseId, operator, "cn-east-yrd", "HUAWEI_ASCEND", "Ascend910B3",
                devices, start, start.plusSeconds(seconds - 1).plusMillis(500), seconds, new BigDecimal(price), "CNY",
                new BigDecimal(amount), new BigDecimal(share), slice, interruptible);
    }

    private static String write(List<FocusRow> focusRows) throws IOException {
        StringWriter out = new StringWriter();
        FocusWriter writer = new FocusWriter(out);
        writer.header();
        for (FocusRow r : focusRows) {
            writer.write(r);
        }
        return out.toString();
    }

    @Test
    void writesAnIssuedInvoiceAsUsageCorrectionCreditAndTaxRowsThatConformAndSumToItsTotal(@TempDir Path dir)
            throws IOException {
        // given: November's invoice CN-2026-000042: two leases, a late fix to October's usage (no single price), a
        // voucher credit and 6 % VAT on what is left
        String number = "CN-2026-000042";
        ExportLine whole = line("ls-1", "tenant-a", "运营商-甲, Ltd", 2, "1", "", 1801, "7.600000", "7.60", false);
        ExportLine slice = line("ls-2", "tenant-a", "op-demo", 1, "0.5000", "VNPU vir10_3c_32g", 3600, "7.6", "3.80",
                true);
        ExportLine october = new ExportLine("2026-10", "tenant-a", "ls-0", "op-demo", "cn-west-nm", "NVIDIA",
                "H100 80GB HBM3", 1, Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"),
                -600, null, "CNY", new BigDecimal("-2.92"), BigDecimal.ONE, "", false);
        BigDecimal taxBase = new BigDecimal("7.60").add(new BigDecimal("3.80")).add(new BigDecimal("-2.92"))
                .subtract(new BigDecimal("5.00"));
        TaxRule vat = new TaxRule("VAT", new BigDecimal("0.06"));
        List<InvoicedLine> lines = List.of(
                invoiced(number, LineKind.USAGE, whole, null, whole.amount(), vat, taxBase),
                invoiced(number, LineKind.USAGE, slice, null, slice.amount(), vat, taxBase),
                invoiced(number, LineKind.CORRECTION, october, null, october.amount(), vat, taxBase),
                invoiced(number, LineKind.CREDIT, null, "v-42", new BigDecimal("-5.00"), vat, taxBase),
                invoiced(number, LineKind.TAX, null, null, new BigDecimal("0.21"), vat, taxBase));
        Path file = dir.resolve("focus.csv");
        Files.writeString(file, write(lines.stream().map(rows::invoiced).toList()), StandardCharsets.UTF_8);

        // when
        FocusConformance.Report report = FocusConformance.computeNetExport().check(file);

        // then: conforms, and the invoice's BilledCost is usage + correction - voucher + tax (0.06 x 3.48 = 0.21)
        assertThat(report.violations()).isEmpty();
        assertThat(report.rows()).isEqualTo(5);
        assertThat(report.invoiceTotalMismatches(Map.of(number, taxBase.add(new BigDecimal("0.21"))))).isEmpty();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text.lines().skip(1)).allSatisfy(l -> assertThat(l).contains("," + number + ","));
        assertThat(text.lines().skip(1).map(l -> l.split(",")[6]).toList())
                .containsExactly("Usage", "Usage", "Usage", "Credit", "Tax");
        assertThat(text).contains(",Correction,Correction of 2026-10 usage of 1 x H100 80GB HBM3: late lease event,")
                .contains("-5.00,tenant-a,,CNY,").contains("Voucher v-42 (新用户算力券)");
    }

    private static InvoicedLine invoiced(String number, LineKind kind, ExportLine usage, String reference,
                                         BigDecimal amount, TaxRule vat, BigDecimal taxBase) {
        return new InvoicedLine(number, "tenant-a", NOVEMBER, "CNY", kind, usage, reference,
                reference == null ? null : "Voucher " + reference + " (新用户算力券)", amount, vat, taxBase);
    }

    @Test
    void listsAKeysTokensAsZeroCostUsageInTokensBesideTheReplicasDeviceTime(@TempDir Path dir) throws IOException {
        // given: a replica's device time and the tokens one API key of its endpoint was served in November
        ExportLine replica = line("ls-9", "tenant-a", "op-demo", 1, "1", "", 3600, "7.6", "7.60", false);
        EndpointUsageTotal chat = new EndpointUsageTotal(NOVEMBER, "tenant-a", "ep-1", "chat", "key-a",
                Instant.parse("2026-11-10T08:00:00.400Z"), Instant.parse("2026-11-10T08:59:59.600Z"), 12, 1_234_567,
                890);
        String invoice = FocusRows.invoiceId("tenant-a", NOVEMBER);

        // when
        String text = write(List.of(rows.usage(replica),
                rows.tokens(chat, FocusRows.TokenKind.PROMPT, invoice, "CNY"),
                rows.tokens(chat, FocusRows.TokenKind.COMPLETION, invoice, "CNY")));
        Path file = dir.resolve("focus.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);

        // then: it conforms, the tokens add nothing to the invoice, and each row names its meter and quantity
        FocusConformance.Report report = FocusConformance.computeNetExport().check(file);
        assertThat(report.violations()).isEmpty();
        assertThat(report.invoiceTotalMismatches(Map.of(invoice, new BigDecimal("7.60")))).isEmpty();
        Map<String, String> prompt = fields(text, 2);
        assertThat(prompt).containsEntry("ChargeCategory", "Usage").containsEntry("BilledCost", "0.00")
                .containsEntry("ListCost", "0.00").containsEntry("ListUnitPrice", "0")
                .containsEntry("ConsumedQuantity", "1234567").containsEntry("ConsumedUnit", "Tokens")
                .containsEntry("PricingQuantity", "1.234567").containsEntry("PricingUnit", "1M Tokens")
                .containsEntry("SkuId", "inference/prompt-tokens").containsEntry("SkuMeter", "Prompt Tokens")
                .containsEntry("ResourceId", "ep-1").containsEntry("ResourceName", "chat")
                .containsEntry("ServiceCategory", "AI and Machine Learning")
                .containsEntry("ChargePeriodStart", "2026-11-10T08:00:00Z")
                .containsEntry("ChargePeriodEnd", "2026-11-10T09:00:00Z").containsEntry("InvoiceId", invoice);
        assertThat(prompt.get("Tags")).contains("\"\"computenet/api-key-id\"\":\"\"key-a\"\"");
        assertThat(fields(text, 3)).containsEntry("ConsumedQuantity", "890").containsEntry("PricingQuantity", "0.00089")
                .containsEntry("SkuMeter", "Completion Tokens");
    }

    /** The named fields of data row {@code row} (1 is the first after the header). */
    private static Map<String, String> fields(String text, int row) {
        List<String> header = List.of(text.lines().findFirst().orElseThrow().split(","));
        String[] values = text.lines().skip(row).findFirst().orElseThrow()
                .split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        Map<String, String> fields = new java.util.HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            fields.put(header.get(i), values[i]);
        }
        return fields;
    }

    @Test
    void mapsAUsageLineToFocusColumns() throws IOException {
        // given
        ExportLine slice = line("ls-2", "tenant-a", "op-demo", 1, "0.5000", "VNPU vir10_3c_32g", 3600, "7.6", "3.80",
                true);

        // when
        String text = write(List.of(rows.usage(slice)));

        // then
        Map<String, String> row = columns(text, 0);
        assertThat(row).containsEntry("InvoiceIssuerName", "ComputeNet").containsEntry("ProviderName", "ComputeNet")
                .containsEntry("PublisherName", "op-demo").containsEntry("x_OperatorId", "op-demo")
                .containsEntry("PricingCategory", "Dynamic").containsEntry("ChargeCategory", "Usage")
                .containsEntry("ChargeClass", "").containsEntry("BillingAccountName", "")
                .containsEntry("ChargePeriodStart", "2026-11-10T08:00:00Z")
                .containsEntry("ChargePeriodEnd", "2026-11-10T09:00:00Z")
                .containsEntry("BillingPeriodStart", "2026-11-01T00:00:00Z")
                .containsEntry("BillingPeriodEnd", "2026-12-01T00:00:00Z")
                .containsEntry("PricingQuantity", "0.5").containsEntry("PricingUnit", "Device-Hours")
                .containsEntry("ConsumedQuantity", "1800").containsEntry("ListUnitPrice", "7.6")
                .containsEntry("BilledCost", "3.80").containsEntry("ListCost", "3.80")
                .containsEntry("RegionName", "长三角 Yangtze River Delta").containsEntry("ResourceId", "ls-2")
                .containsEntry("x_MeteredSeconds", "3600").containsEntry("x_DeviceShare", "0.5");
        assertThat(text).doesNotContain("null").doesNotContain("N/A").doesNotContain("E+").doesNotContain("+");
    }

    /** The {@code index}-th data row of a written file, by column name. */
    private static Map<String, String> columns(String text, int index) {
        List<String> header = List.of(text.lines().findFirst().orElseThrow().split(","));
        String[] fields = text.lines().skip(1 + index).findFirst().orElseThrow()
                .split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        Map<String, String> row = new java.util.HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), fields[i]);
        }
        return row;
    }

    @Test
    void givesACorrectionRowTheUnitPriceOfTheCorrectedUsageWhenItHasOne(@TempDir Path dir) throws IOException {
        // given: November's invoice corrects two October leases: ls-0 ran at 22.00 and was cut back by 600 s, ls-9
        // netted stretches at several prices (the invoice line froze no unit price)
        String number = "CN-2026-000043";
        ExportLine onePrice = new ExportLine("2026-10", "tenant-a", "ls-0", "op-demo", "cn-west-nm", "NVIDIA",
                "H100 80GB HBM3", 1, Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"),
                -600, new BigDecimal("22.00"), "CNY", new BigDecimal("-3.67"), BigDecimal.ONE, "", false);
        ExportLine severalPrices = new ExportLine("2026-10", "tenant-a", "ls-9", "op-demo", "cn-west-nm", "NVIDIA",
                "H100 80GB HBM3", 1, Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"),
                900, null, "CNY", new BigDecimal("5.10"), BigDecimal.ONE, "", false);
        BigDecimal taxBase = new BigDecimal("1.43");
        TaxRule vat = new TaxRule("VAT", new BigDecimal("0.06"));
        List<InvoicedLine> lines = List.of(
                invoiced(number, LineKind.CORRECTION, onePrice, null, onePrice.amount(), vat, taxBase),
                invoiced(number, LineKind.CORRECTION, severalPrices, null, severalPrices.amount(), vat, taxBase),
                invoiced(number, LineKind.TAX, null, null, new BigDecimal("0.09"), vat, taxBase));

        // when
        String text = write(lines.stream().map(rows::invoiced).toList());

        // then: the one-price correction names its price and price id, its cost is the change (FOCUS lets a
        // correction's cost differ from unit price x quantity); the other names none; the file conforms
        assertThat(columns(text, 0)).containsEntry("ChargeClass", "Correction")
                .containsEntry("ListUnitPrice", "22").containsEntry("ContractedUnitPrice", "22")
                .containsEntry("PricingQuantity", "-0.166667").containsEntry("ListCost", "-3.67")
                .containsEntry("BilledCost", "-3.67")
                .containsEntry("SkuPriceId", "NVIDIA/H100 80GB HBM3/cn-west-nm/op-demo/on-demand/22 CNY");
        assertThat(columns(text, 1)).containsEntry("ChargeClass", "Correction").containsEntry("ListUnitPrice", "")
                .containsEntry("ContractedUnitPrice", "").containsEntry("SkuPriceId", "")
                .containsEntry("BilledCost", "5.10");
        Path file = dir.resolve("focus.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        FocusConformance.Report report = FocusConformance.computeNetExport().check(file);
        assertThat(report.violations()).isEmpty();
        assertThat(report.invoiceTotalMismatches(Map.of(number, new BigDecimal("1.52")))).isEmpty();
    }

    @Test
    void quotesFieldsPerRfc4180AndKeepsChineseNames() throws IOException {
        // given
        ExportLine line = line("ls-1", "tenant-a", "运营商-甲, \"Ltd\"", 2, "1", "", 1801, "7.6", "7.60", false);

        // when
        String text = write(List.of(rows.usage(line)));

        // then
        assertThat(text).contains(",\"运营商-甲, \"\"Ltd\"\"\",").endsWith("\r\n");
        assertThat(text.getBytes(StandardCharsets.UTF_8)).isNotEmpty();
        assertThat(FocusConformance.focus12().check(new java.io.StringReader(text)).violations()).isEmpty();
    }

    @Test
    void writesPlainDecimals() {
        assertThat(FocusWriter.plain(new BigDecimal("1E+2"))).isEqualTo("100");
        assertThat(FocusWriter.plain(new BigDecimal("7.600000"))).isEqualTo("7.6");
        assertThat(FocusWriter.plain(new BigDecimal("0.000000"))).isEqualTo("0");
        assertThat(FocusWriter.plain(new BigDecimal("-0.000278"))).isEqualTo("-0.000278");
        assertThat(FocusWriter.plain(new BigDecimal("1234567.5"))).isEqualTo("1234567.5");
    }

    @Test
    void refusesRowsThatBreakRulesARowDecidesAlone() {
        ExportLine line = line("ls-1", "tenant-a", "op", 1, "1", "", 10, "7.6", "0.02", false);
        FocusRow ok = rows.usage(line);
        assertThatThrownBy(() -> new FocusRow(ok.billedCost(), ok.billingAccountId(), null, "cny",
                ok.billingPeriodEnd(), ok.billingPeriodStart(), ok.chargeCategory(), false, null,
                ok.chargeFrequency(), ok.chargePeriodEnd(), ok.chargePeriodStart(), null, null, ok.contractedCost(),
                null, ok.effectiveCost(), null, "ComputeNet", ok.listCost(), null, null, null, null, "ComputeNet",
                "op", null, null, null, null, null, "Compute", null, "svc", null, null, null, null, null, null, null,
                null, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> rows.voucherCredit("t", NOVEMBER, "CN-2026-000001", "v", "v", new BigDecimal("-1"),
                "CNY"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsOnlyAMonthAndAKnownFormat() {
        assertThat(ExportRequest.parse("2026-11", null)).isEqualTo(new ExportRequest(NOVEMBER, ExportFormat.CSV));
        assertThat(ExportRequest.parse("2026-11", "FOCUS").format()).isEqualTo(ExportFormat.FOCUS);
        for (String bad : new String[] {"2026-13", "2026-1", " 2026-11", "2026-11\r\n", "2026-11\nX-Evil: 1", "",
                "november"}) {
            assertThatThrownBy(() -> ExportRequest.parse(bad, "csv"))
                    .isInstanceOfSatisfying(ExportRequest.InvalidExportRequest.class, e -> assertThat(
                            e.problem().errors()).extracting(p -> p.field()).containsExactly("period"));
        }
        assertThatThrownBy(() -> ExportRequest.parse("2026-11", "xlsx"))
                .isInstanceOfSatisfying(ExportRequest.InvalidExportRequest.class, e -> assertThat(
                        e.problem().errors()).extracting(p -> p.field()).containsExactly("format"));
    }
}
