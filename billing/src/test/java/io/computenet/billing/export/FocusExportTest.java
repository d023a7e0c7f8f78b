package io.computenet.billing.export;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
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
        var request = given().queryParam("period", SEPTEMBER.toString()).queryParam("format", "focus");
        if (tenantId != null) {
            request.queryParam("tenantId", tenantId);
        }
        Path file = dir.resolve("focus-" + (tenantId == null ? "all" : tenantId) + ".csv");
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
