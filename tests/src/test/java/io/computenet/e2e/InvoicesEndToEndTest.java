package io.computenet.e2e;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.Tokens;
import io.computenet.focus.FocusConformance;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The money loop on the running system, through the portal: an operator prices its devices, a researcher runs a lease
 * and sees its spend, finance issues a closed month and exports it as FOCUS (rows under each invoice's number that
 * sum to its total), the researcher reads the invoice (tax line, total) and the operator the payout; another tenant
 * cannot read the invoice, another organisation does not see the payout.
 * Invoices are issued only for a month that is over, so last month's lease is one the scheduler's lease events
 * report (sent to the real broker as the scheduler would); this month's lease runs for real.
 */
@ExtendWith(StackExtension.class)
class InvoicesEndToEndTest {

    private static String researcher1;
    private static String researcher2;
    private static String operator1;
    private static String operator2;
    private static String finance;
    private static String admin;

    @BeforeAll
    static void tokens() {
        String realm = StackExtension.stack().options().realmUrl();
        researcher1 = Tokens.password(realm, "researcher1", "researcher1");
        researcher2 = Tokens.password(realm, "researcher2", "researcher2");
        operator1 = Tokens.password(realm, "operator1", "operator1");
        operator2 = Tokens.password(realm, "operator2", "operator2");
        finance = Tokens.password(realm, "finance1", "finance1");
        admin = Tokens.password(realm, "admin1", "admin1");
    }

    @Test
    void operatorPricesResearcherPaysFinanceInvoicesAndTheOperatorIsPaid() {
        // given: operator1 (op-demo) sets its own price from now on; a price for the past is refused naming the field
        Map<String, Object> price = Map.of("region", "cn-east-yrd", "vendor", "NVIDIA", "deviceModel",
                "H100 80GB HBM3", "pricePerDeviceHour", 19.5, "validFrom", Instant.now().plusSeconds(5).toString());
        given().auth().oauth2(operator1).contentType(ContentType.JSON).body(price)
                .post("/api/v1/operator/price-books").then().log().ifValidationFails().statusCode(201)
                .body("operatorId", equalTo("op-demo"));
        given().auth().oauth2(operator1).contentType(ContentType.JSON)
                .body(Map.of("region", "cn-east-yrd", "vendor", "NVIDIA", "deviceModel", "H100 80GB HBM3",
                        "pricePerDeviceHour", 1, "validFrom", "2020-01-01T00:00:00Z"))
                .post("/api/v1/operator/price-books").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("validFrom"));
        assertThat(given().auth().oauth2(operator1).get("/api/v1/operator/price-books").then().statusCode(200)
                .extract().jsonPath().getList("operatorId", String.class)).isNotEmpty().containsOnly("op-demo");
        assertThat(given().auth().oauth2(operator2).get("/api/v1/operator/price-books").then().statusCode(200)
                .extract().jsonPath().getList("operatorId", String.class)).doesNotContain("op-demo");
        // and an administrator sets op-demo's platform fee
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("feePercent", 10))
                .put("/api/v1/admin/platform-fees/op-demo").then().log().ifValidationFails().statusCode(200);

        // and: researcher1 runs a lease now and releases it; its usage and spend show it
        await().atMost(Duration.ofSeconds(90)).until(() -> given().auth().oauth2(researcher1).get("/api/v1/offers")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.freeDevices > 0 }").size() > 0);
        String now = given().auth().oauth2(researcher1).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 16, "deviceCount", 1, "durationMinutes", 60, "workloadClass", "BATCH"))
                .post("/api/v1/leases").then().statusCode(201).extract().path("leaseId");
        await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(given().auth().oauth2(researcher1)
                .get("/api/v1/leases/" + now).then().extract().path("state")));
        given().auth().oauth2(researcher1).post("/api/v1/leases/" + now + "/release").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(given().auth().oauth2(researcher1)
                .get("/api/v1/usage").then().statusCode(200).extract().jsonPath()
                .getList("leases.leaseId", String.class)).contains(now));
        assertThat(given().auth().oauth2(researcher2).get("/api/v1/usage").then().statusCode(200).extract()
                .jsonPath().getList("leases.leaseId", String.class)).doesNotContain(now);

        // and: last month, researcher1's tenant ran two H100s of op-demo for an hour (22.00 CNY per device-hour)
        YearMonth last = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        String lastLease = "ls-e2e-" + UUID.randomUUID();
        Instant start = last.atDay(2).atTime(10, 0).toInstant(ZoneOffset.UTC);
        ranLastMonth(lastLease, start, start.plusSeconds(3600));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(finance)
                .queryParam("period", last.toString()).queryParam("format", "csv").get("/api/v1/billing/exports")
                .then().statusCode(200).extract().asString().contains(lastLease));

        // when: finance issues last month (this month is refused: it is not over)
        given().auth().oauth2(finance).queryParam("period", YearMonth.now(ZoneOffset.UTC).toString())
                .post("/api/v1/billing/invoice-runs").then().statusCode(409).contentType("application/problem+json");
        int issued = given().auth().oauth2(finance).queryParam("period", last.toString())
                .post("/api/v1/billing/invoice-runs").then().extract().statusCode();
        assertThat(issued).isIn(200, 201);

        // then: researcher1 reads the invoice: the lease's line, the VAT line, the total
        String number = given().auth().oauth2(researcher1).get("/api/v1/invoices").then().statusCode(200).extract()
                .jsonPath().getString("find { it.period == '" + last + "' }.number");
        assertThat(number).matches("CN-[0-9]{4}-[0-9]{6}");
        JsonPath invoice = given().auth().oauth2(researcher1).get("/api/v1/invoices/" + number).then()
                .statusCode(200).extract().jsonPath();
        assertThat(invoice.getString("tenantId")).isEqualTo("tenant-lab-alpha");
        assertThat(new BigDecimal(invoice.getString("lines.find { it.leaseId == '" + lastLease + "' }.amount")))
                .isEqualByComparingTo("44.00");
        BigDecimal subtotal = new BigDecimal(invoice.getString("subtotal"));
        BigDecimal tax = new BigDecimal(invoice.getString("lines.find { it.kind == 'TAX' }.amount"));
        assertThat(tax).isEqualByComparingTo(subtotal.add(new BigDecimal(invoice.getString("credits")))
                .multiply(new BigDecimal("0.06")).setScale(2, RoundingMode.HALF_UP));
        assertThat(new BigDecimal(invoice.getString("total"))).isEqualByComparingTo(
                subtotal.add(new BigDecimal(invoice.getString("credits"))).add(tax));
        given().auth().oauth2(researcher1).get("/api/v1/invoices/" + number + "/html").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("Invoice " + number),
                        containsString(lastLease), containsString("VAT 6 %"));
        // and finance's FOCUS export of the issued month is the invoices': the lease's row and the Tax row under the
        // invoice's number, conforming, BilledCost summed per InvoiceId equal to each invoice's total
        String focus = given().auth().oauth2(finance).queryParam("period", last.toString())
                .queryParam("format", "focus").get("/api/v1/billing/exports").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        FocusConformance.Report report = FocusConformance.computeNetExport().check(new StringReader(focus));
        assertThat(report.violations()).isEmpty();
        assertThat(report.billedCostByInvoice().get(number)).isEqualByComparingTo(invoice.getString("total"));
        assertThat(focus.lines().filter(l -> l.contains("," + number + ",")))
                .anyMatch(l -> l.contains("," + lastLease + ",")).anyMatch(l -> l.contains(",Tax,"));
        // and another tenant cannot read it
        given().auth().oauth2(researcher2).get("/api/v1/invoices/" + number).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(researcher2).get("/api/v1/invoices/" + number + "/html").then().statusCode(404);
        assertThat(given().auth().oauth2(researcher2).get("/api/v1/invoices").then().statusCode(200).extract()
                .jsonPath().getList("number", String.class)).doesNotContain(number);

        // and operator1 reads the payout: the lease's gross, the fee and the net add up
        JsonPath payouts = given().auth().oauth2(operator1).queryParam("period", last.toString())
                .get("/api/v1/payouts").then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(payouts.getString("[0].lines.find { it.leaseId == '" + lastLease + "' }.gross")))
                .isEqualByComparingTo("44.00");
        assertThat(new BigDecimal(payouts.getString("[0].net")).add(new BigDecimal(payouts.getString("[0].fee"))))
                .isEqualByComparingTo(payouts.getString("[0].gross"));
        // and another organisation does not see it
        assertThat(given().auth().oauth2(operator2).queryParam("period", last.toString()).get("/api/v1/payouts")
                .then().statusCode(200).extract().asString()).doesNotContain(lastLease);
    }

    private static void ranLastMonth(String leaseId, Instant start, Instant end) {
        try (KafkaTestClient kafka = new KafkaTestClient(StackExtension.stack().kafka().superUser())) {
            for (LeaseEvent e : List.of(
                    LeaseEvent.of(LeaseEvent.TYPE_STARTED, start, leaseId, "tenant-lab-alpha", LeaseState.RUNNING,
                            "cn-east-yrd", "wuhu-1", "node-e2e", "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", 2, 81920,
                            List.of("g0", "g1"), start, null, null),
                    LeaseEvent.of(LeaseEvent.TYPE_ENDED, end, leaseId, "tenant-lab-alpha", LeaseState.RELEASED,
                            "cn-east-yrd", "wuhu-1", "node-e2e", "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", 2, 81920,
                            List.of("g0", "g1"), start, end, null))) {
                kafka.send(Topics.LEASE_EVENTS, e.leaseId(), EventCodec.encode(e));
            }
        }
    }
}
