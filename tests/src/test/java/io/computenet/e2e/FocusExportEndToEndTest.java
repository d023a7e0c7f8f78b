package io.computenet.e2e;

import io.computenet.devstack.testing.Tokens;
import io.computenet.focus.FocusConformance;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Finance downloads the FOCUS 1.2 export from the portal of the running system, and it passes the conformance
 * checker: every rule the file decides, and BilledCost per invoice equal to the tenant's charges of the month.
 */
@ExtendWith(StackExtension.class)
class FocusExportEndToEndTest {

    private static String researcher;
    private static String finance;

    @BeforeAll
    static void tokens() {
        String realm = StackExtension.stack().options().realmUrl();
        researcher = Tokens.password(realm, "researcher1", "researcher1");
        finance = Tokens.password(realm, "finance1", "finance1");
    }

    @Test
    void financeDownloadsAConformingFocusExportOfALeaseThatRan(@TempDir Path dir) {
        // given: a researcher's lease ran and was released, and billing has rated it
        await().atMost(Duration.ofSeconds(90)).until(() -> given().auth().oauth2(researcher).get("/api/v1/offers")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.freeDevices > 0 }").size() > 0);
        String leaseId = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 16, "deviceCount", 1, "durationMinutes", 60, "workloadClass", "BATCH"))
                .post("/api/v1/leases").then().statusCode(201).extract().path("leaseId");
        await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(given().auth().oauth2(researcher)
                .get("/api/v1/leases/" + leaseId).then().extract().path("state")));
        String startedAt = given().auth().oauth2(researcher).post("/api/v1/leases/" + leaseId + "/release").then()
                .statusCode(200).extract().path("startedAt");
        String period = YearMonth.from(Instant.parse(startedAt).atZone(ZoneOffset.UTC)).toString();
        await().atMost(Duration.ofSeconds(60)).until(() -> csv(period).contains(leaseId));

        // when / then: finance's FOCUS export conforms, and its invoice for the tenant sums to the tenant's charges
        // (read back to back; retried should a lease of another test end in between)
        String invoice = "CN-" + period.replace("-", "") + "-tenant-lab-alpha";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Path file = focus(dir, period);
            FocusConformance.Report report = FocusConformance.computeNetExport().check(file);
            assertThat(report.violations()).isEmpty();
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("," + leaseId + ",");
            assertThat(report.billedCostByInvoice().get(invoice))
                    .isEqualByComparingTo(tenantTotal(csv(period), "tenant-lab-alpha"));
        });
    }

    @Test
    void refusesAPeriodWithALineBreakNamingTheField() {
        given().auth().oauth2(finance).queryParam("period", "2026-11\r\nX-Injected: 1").queryParam("format", "focus")
                .get("/api/v1/billing/exports").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("period"));
        given().auth().oauth2(finance).queryParam("period", "2026-11").queryParam("format", "pdf")
                .get("/api/v1/billing/exports").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("format"));
    }

    private static String csv(String period) {
        return given().auth().oauth2(finance).queryParam("period", period).queryParam("format", "csv")
                .get("/api/v1/billing/exports").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
    }

    private static Path focus(Path dir, String period) {
        Path file = dir.resolve("focus-" + period + ".csv");
        try (InputStream in = given().auth().oauth2(finance).queryParam("period", period)
                .queryParam("format", "focus").get("/api/v1/billing/exports").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asInputStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The sum of the CSV's amounts for one tenant (its columns: tenant_id second, amount fourteenth). */
    private static BigDecimal tenantTotal(String csv, String tenant) {
        List<String> header = List.of(csv.lines().findFirst().orElseThrow().split(","));
        int tenantColumn = header.indexOf("tenant_id");
        int amountColumn = header.indexOf("amount");
        return csv.lines().skip(1).map(l -> l.split(",", -1))
                .filter(f -> f[tenantColumn].equals(tenant))
                .map(f -> new BigDecimal(f[amountColumn]))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
