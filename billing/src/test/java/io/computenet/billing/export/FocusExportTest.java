package io.computenet.billing.export;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.billing.invoice.LeaseRuns;
import io.computenet.focus.FocusConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The FOCUS export billing produces from real charges in PostgreSQL, checked against FOCUS 1.2. */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class FocusExportTest {

    private static final YearMonth SEPTEMBER = YearMonth.of(2026, 9);
    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(RealInfraResource.kafka().superUser());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static void run(String leaseId, String tenant, String operator, int devices, String sliceKind,
                            String sliceProfile, BigDecimal share, Instant start, Instant end) {
        for (LeaseEvent e : List.of(
                LeaseEvent.of(LeaseEvent.TYPE_STARTED, start, leaseId, tenant, LeaseState.RUNNING, "cn-east-yrd",
                        "wuhu-1", "node-1", operator, Vendor.HUAWEI_ASCEND, "Ascend910B3", devices, 16384,
                        List.of("a0"), start, null, null, sliceKind, sliceProfile, share),
                LeaseEvent.of(LeaseEvent.TYPE_ENDED, end, leaseId, tenant, LeaseState.RELEASED, "cn-east-yrd",
                        "wuhu-1", "node-1", operator, Vendor.HUAWEI_ASCEND, "Ascend910B3", devices, 16384,
                        List.of("a0"), start, end, null, sliceKind, sliceProfile, share))) {
            kafka.send(Topics.LEASE_EVENTS, e.leaseId(), EventCodec.encode(e));
        }
    }

    private static BigDecimal chargedAmount(String leaseId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var r = given().get("/internal/v1/charges/" + leaseId);
            return r.statusCode() == 200 && "CLOSED".equals(r.path("status"));
        });
        return new BigDecimal(given().get("/internal/v1/charges/" + leaseId).then().extract().path("amount")
                .toString());
    }

    private static Path download(Path dir, String tenantId) throws IOException {
        return download(dir, SEPTEMBER, tenantId, "");
    }

    private static Path download(Path dir, YearMonth period, String tenantId, String name) throws IOException {
        var request = given().queryParam("period", period.toString()).queryParam("format", "focus");
        if (tenantId != null) {
            request.queryParam("tenantId", tenantId);
        }
        Path file = dir.resolve("focus-" + period + "-" + (tenantId == null ? "all" : tenantId) + name + ".csv");
        try (InputStream in = request.get("/internal/v1/exports").then().statusCode(200)
                .contentType(containsString("text/csv")).header("Content-Disposition", containsString("-focus.csv"))
                .extract().asInputStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    @Test
    void exportsTheRealChargesAsFocusThatConformsAndSumsToTheInvoice(@TempDir Path dir) throws IOException {
        // given: a tenant's three leases in September: whole devices, a vNPU slice, one crossing into October,
        // on an operator with a Chinese name and a comma in it
        String tenant = "tenant-" + UUID.randomUUID();
        String operator = "运营商-甲, 贵安";
        String whole = "ls-" + UUID.randomUUID();
        String slice = "ls-" + UUID.randomUUID();
        String crossing = "ls-" + UUID.randomUUID();
        run(whole, tenant, operator, 2, null, null, null, Instant.parse("2026-09-03T10:00:00.400Z"),
                Instant.parse("2026-09-03T10:30:00.100Z"));
        run(slice, tenant, "op-demo", 1, "VNPU", "vir10_3c_32g", new BigDecimal("0.5000"),
                Instant.parse("2026-09-04T08:00:00Z"), Instant.parse("2026-09-04T09:00:00Z"));
        run(crossing, tenant, "op-demo", 1, null, null, null, Instant.parse("2026-09-30T23:00:00Z"),
                Instant.parse("2026-10-01T01:00:00Z"));
        BigDecimal september = chargedAmount(whole).add(chargedAmount(slice))
                .add(chargedAmount(crossing).divide(BigDecimal.valueOf(2)));

        // when
        Path tenantFile = download(dir, tenant);
        Path periodFile = download(dir, null);

        // then: every FOCUS 1.2 rule the file decides holds, for the tenant's export and the whole period's
        FocusConformance checker = FocusConformance.computeNetExport();
        FocusConformance.Report report = checker.check(tenantFile);
        assertThat(report.violations()).isEmpty();
        assertThat(report.rows()).isEqualTo(3);
        assertThat(checker.check(periodFile).violations()).isEmpty();
        // and BilledCost summed per InvoiceId is the tenant's September total from the charges created
        assertThat(report.billedCostByInvoice()).containsOnlyKeys(FocusRows.invoiceId(tenant, SEPTEMBER));
        assertThat(report.billedCostByInvoice().get(FocusRows.invoiceId(tenant, SEPTEMBER)))
                .isEqualByComparingTo(september);
        // and Chinese names arrive intact in UTF-8, quoted where they hold a comma
        String text = Files.readString(tenantFile, StandardCharsets.UTF_8);
        assertThat(text).contains(",\"运营商-甲, 贵安\",").contains("长三角 Yangtze River Delta")
                .startsWith("BilledCost,BillingAccountId,");
    }

    @Test
    void exportsAnIssuedMonthFromItsInvoicesAndALateChangeOnceAsACorrectionOnTheNextInvoice(@TempDir Path dir)
            throws IOException {
        // given: a tenant with a 10.00 voucher ran an H100 for an hour in November 2024 (22.00); November is issued:
        // usage 22.00, voucher credit -10.00, VAT 6 % of 12.00 = 0.72, total 12.72
        YearMonth november = YearMonth.of(2024, 11);
        YearMonth december = november.plusMonths(1);
        String tenant = "tenant-" + UUID.randomUUID();
        String onTime = "ls-" + UUID.randomUUID();
        String late = "ls-" + UUID.randomUUID();
        String inDecember = "ls-" + UUID.randomUUID();
        given().contentType("application/json").body(java.util.Map.of("amount", 10, "expiresAt",
                        Instant.now().plusSeconds(86_400).toString(), "reason", "新用户算力券", "issuedBy", "finance1"))
                .post("/internal/v1/tenants/" + tenant + "/vouchers").then().statusCode(201);
        try (LeaseRuns leases = new LeaseRuns()) {
            leases.ran(onTime, tenant, "op-demo", 1, null, null, null, Instant.parse("2024-11-10T10:00:00Z"),
                    Instant.parse("2024-11-10T11:00:00Z"));
            LeaseRuns.rated(onTime);
            String novemberInvoice = issue(november, tenant);
            Path novemberFile = download(dir, november, tenant, "issued");

            // when: a lease that ran in November is reported only now, and December is issued
            leases.ran(late, tenant, "op-demo", 1, null, null, null, Instant.parse("2024-11-20T10:00:00Z"),
                    Instant.parse("2024-11-20T10:30:00Z"));
            leases.ran(inDecember, tenant, "op-demo", 1, null, null, null, Instant.parse("2024-12-02T10:00:00Z"),
                    Instant.parse("2024-12-02T10:15:00Z"));
            LeaseRuns.rated(late, inDecember);
            String decemberInvoice = issue(december, tenant);
            Path novemberAgain = download(dir, november, tenant, "again");
            Path decemberFile = download(dir, december, tenant, "issued");

            // then: November's file is its invoice: usage, the voucher's Credit row and the Tax row, all under the
            // invoice's number, conforming, and BilledCost per InvoiceId equal to the invoice's total
            FocusConformance checker = FocusConformance.computeNetExport();
            FocusConformance.Report novemberReport = checker.check(novemberFile);
            assertThat(novemberReport.violations()).isEmpty();
            assertThat(novemberReport.invoiceTotalMismatches(totals(tenant, november))).isEmpty();
            assertThat(novemberReport.billedCostByInvoice()).containsOnlyKeys(novemberInvoice);
            assertThat(novemberReport.billedCostByInvoice().get(novemberInvoice)).isEqualByComparingTo("12.72");
            List<java.util.Map<String, String>> novemberRows = rows(novemberFile);
            assertThat(novemberRows).extracting(r -> r.get("ChargeCategory"), r -> r.get("BilledCost"),
                            r -> r.get("ListCost"), r -> r.get("ContractedCost"), r -> r.get("EffectiveCost"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Usage", "22.00", "22.00", "22.00", "22.00"),
                            org.assertj.core.groups.Tuple.tuple("Credit", "-10.00", "-10.00", "-10.00", "-10.00"),
                            org.assertj.core.groups.Tuple.tuple("Tax", "0.72", "0.72", "0.72", "0.72"));
            // and the late change did not alter November's file: it is the invoice, not the live charges
            assertThat(Files.readString(novemberAgain, StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(novemberFile, StandardCharsets.UTF_8)).doesNotContain(late);
            // and December's file carries it once, as a Correction row on December's invoice, at the corrected
            // usage's one price (22.00 per device-hour)
            FocusConformance.Report decemberReport = checker.check(decemberFile);
            assertThat(decemberReport.violations()).isEmpty();
            assertThat(decemberReport.invoiceTotalMismatches(totals(tenant, december))).isEmpty();
            List<java.util.Map<String, String>> lateRows = java.util.stream.Stream.concat(novemberRows.stream(),
                    rows(decemberFile).stream()).filter(r -> late.equals(r.get("ResourceId"))).toList();
            assertThat(lateRows).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("ChargeClass", "Correction").containsEntry("InvoiceId", decemberInvoice)
                        .containsEntry("BilledCost", "11.00").containsEntry("ListUnitPrice", "22")
                        .containsEntry("ContractedUnitPrice", "22").containsEntry("ChargePeriodStart",
                                "2024-11-01T00:00:00Z").containsEntry("BillingPeriodStart", "2024-12-01T00:00:00Z");
            });
            // December: 5.50 + the 11.00 correction, VAT 0.99
            assertThat(decemberReport.billedCostByInvoice().get(decemberInvoice)).isEqualByComparingTo("17.49");
        }
    }

    private static String issue(YearMonth period, String tenant) {
        return given().queryParam("period", period.toString()).queryParam("issuedBy", "finance1")
                .post("/internal/v1/invoices/runs").then().statusCode(201).extract().jsonPath()
                .getList("invoices.findAll { it.tenantId == '" + tenant + "' }.number", String.class).get(0);
    }

    /** The tenant's issued invoices of the period: number -> total. */
    private static java.util.Map<String, BigDecimal> totals(String tenant, YearMonth period) {
        var invoices = given().queryParam("tenantId", tenant).get("/internal/v1/invoices").then().statusCode(200)
                .extract().jsonPath();
        java.util.Map<String, BigDecimal> out = new java.util.HashMap<>();
        for (int i = 0; i < invoices.getList("number").size(); i++) {
            if (period.toString().equals(invoices.getString("[" + i + "].period"))) {
                out.put(invoices.getString("[" + i + "].number"), new BigDecimal(invoices.getString("[" + i
                        + "].total")));
            }
        }
        return out;
    }

    /** The file's data rows as column -> field (empty for null). */
    private static List<java.util.Map<String, String>> rows(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        List<java.util.Map<String, String>> out = new java.util.ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            java.util.Map<String, String> row = new java.util.HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], fields[i]);
            }
            out.add(row);
        }
        return out;
    }

    @Test
    void keepsTheCsvColumns() {
        given().queryParam("period", "2026-09").queryParam("format", "csv").get("/internal/v1/exports").then()
                .statusCode(200).contentType(containsString("text/csv"))
                .body(containsString(CsvExport.HEADER + "\r\n"));
    }

    @Test
    void answersBadPeriodsAndFormatsWithAProblemNamingTheField() {
        given().queryParam("period", "2026-09\r\nX-Injected: 1").queryParam("format", "focus")
                .get("/internal/v1/exports").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("period"));
        given().get("/internal/v1/exports").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("period"));
        given().queryParam("period", "2026-09").queryParam("format", "focus2").get("/internal/v1/exports").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("format"))
                .body("detail", containsString("csv, focus"));
    }
}
