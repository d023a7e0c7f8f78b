package io.computenet.billing.invoice;

import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issuing a month's invoices from real charges in PostgreSQL (lease events through the real broker): lines, tax and
 * totals, idempotent issuing, gap-free numbers, immutability, and a late event billed as a correction. Each test uses
 * months of its own: an issuing run closes a month for every tenant.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class InvoiceIssuingTest {

    private static LeaseRuns leases;

    @Inject
    EntityManager em;

    @BeforeAll
    static void connect() {
        leases = new LeaseRuns();
    }

    @AfterAll
    static void disconnect() {
        leases.close();
    }

    private static JsonPath issue(YearMonth period, int status) {
        return given().queryParam("period", period.toString()).queryParam("issuedBy", "finance1")
                .post("/internal/v1/invoices/runs").then().statusCode(status).extract().jsonPath();
    }

    private static JsonPath invoice(String number, String tenant) {
        return given().queryParam("tenantId", tenant).get("/internal/v1/invoices/" + number).then().statusCode(200)
                .extract().jsonPath();
    }

    private static String numberOf(JsonPath run, String tenant) {
        return run.getList("invoices.findAll { it.tenantId == '" + tenant + "' }.number", String.class).get(0);
    }

    @Test
    void issuesAMonthOnceWithLinesPerLeaseTaxAndTotalsAndGapFreeNumbers() {
        // given: tenant A ran two whole H100s for an hour and a MIG slice for an hour; tenant B one H100 for 30 min
        YearMonth march = YearMonth.of(2025, 3);
        String a = "tenant-" + UUID.randomUUID();
        String b = "tenant-" + UUID.randomUUID();
        String whole = "ls-" + UUID.randomUUID();
        String mig = "ls-" + UUID.randomUUID();
        String other = "ls-" + UUID.randomUUID();
        leases.ran(whole, a, "op-demo", 2, null, null, null, Instant.parse("2025-03-03T10:00:00Z"),
                Instant.parse("2025-03-03T11:00:00Z"));
        leases.ran(mig, a, "运营商-甲", 1, "MIG", "1g.10gb", new BigDecimal("0.1429"),
                Instant.parse("2025-03-04T10:00:00Z"), Instant.parse("2025-03-04T11:00:00Z"));
        leases.ran(other, b, "op-demo", 1, null, null, null, Instant.parse("2025-03-05T10:00:00Z"),
                Instant.parse("2025-03-05T10:30:00Z"));
        LeaseRuns.rated(whole, mig, other);

        // when
        JsonPath first = issue(march, 201);
        JsonPath again = issue(march, 200);

        // then: A's invoice: 44.00 + 3.14 = 47.14, VAT 6 % = 2.83, total 49.97
        JsonPath inv = invoice(numberOf(first, a), a);
        assertThat(inv.getList("lines.kind", String.class)).containsExactly("USAGE", "USAGE", "TAX");
        assertThat(inv.getList("lines.leaseId", String.class)).containsExactly(whole, mig, null);
        assertThat(inv.getString("lines[1].slice")).isEqualTo("MIG 1g.10gb");
        assertThat(inv.getString("lines[1].operatorId")).isEqualTo("运营商-甲");
        assertThat(inv.getLong("lines[0].seconds")).isEqualTo(3600);
        assertThat(new BigDecimal(inv.getString("subtotal"))).isEqualByComparingTo("47.14");
        assertThat(new BigDecimal(inv.getString("tax"))).isEqualByComparingTo("2.83");
        assertThat(new BigDecimal(inv.getString("total"))).isEqualByComparingTo("49.97");
        assertThat(inv.getString("taxLabel")).isEqualTo("VAT");
        assertThat(inv.getString("currency")).isEqualTo("CNY");
        // and issuing again returns the same invoices
        assertThat(again.getBoolean("alreadyIssued")).isTrue();
        assertThat(again.getList("invoices.number")).isEqualTo(first.getList("invoices.number"));
        // and the numbers of the run follow each other without a gap
        List<InvoiceNumber> numbers = first.getList("invoices.number", String.class).stream()
                .map(n -> InvoiceNumber.parse(n).orElseThrow()).sorted(
                        java.util.Comparator.comparingLong(InvoiceNumber::sequence)).toList();
        assertThat(numbers).hasSize(2);
        assertThat(numbers.get(1).sequence()).isEqualTo(numbers.get(0).sequence() + 1);
        assertThat(numbers.get(0).year()).isEqualTo(java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
    }

    @Test
    void appliesWhatAVoucherPaidOfTheMonthAsACreditLineBeforeTax() {
        // given: a tenant with a 10.00 voucher runs an H100 for an hour in October (22.00): the voucher pays 10.00
        // (the events arrive late, so the draws are made now: the credit still goes to the month the usage ended in)
        YearMonth october = YearMonth.of(2025, 10);
        String tenant = "tenant-" + UUID.randomUUID();
        String lease = "ls-" + UUID.randomUUID();
        String voucher = given().contentType("application/json").body(java.util.Map.of("amount", 10,
                        "expiresAt", Instant.now().plusSeconds(86_400).toString(), "reason", "student contest",
                        "issuedBy", "finance1")).post("/internal/v1/tenants/" + tenant + "/vouchers").then()
                .statusCode(201).extract().path("id");
        leases.ran(lease, tenant, "op-demo", 1, null, null, null, Instant.parse("2025-10-10T10:00:00Z"),
                Instant.parse("2025-10-10T11:00:00Z"));
        LeaseRuns.rated(lease);

        // when
        JsonPath inv = invoice(numberOf(issue(october, 201), tenant), tenant);

        // then: 22.00 usage, -10.00 credit naming the voucher, VAT 6 % of 12.00 = 0.72, total 12.72
        assertThat(inv.getList("lines.kind", String.class)).containsExactly("USAGE", "CREDIT", "TAX");
        assertThat(new BigDecimal(inv.getString("lines[1].amount"))).isEqualByComparingTo("-10.00");
        assertThat(inv.getString("lines[1].description")).contains(voucher).contains("student contest");
        assertThat(new BigDecimal(inv.getString("tax"))).isEqualByComparingTo("0.72");
        assertThat(new BigDecimal(inv.getString("total"))).isEqualByComparingTo("12.72");
    }

    @Test
    void billsALateEventForAnInvoicedMonthAsACorrectionOnTheNextInvoice() {
        // given: April is issued with one lease; a lease that ran in April is reported only afterwards
        YearMonth april = YearMonth.of(2025, 4);
        String tenant = "tenant-" + UUID.randomUUID();
        String onTime = "ls-" + UUID.randomUUID();
        String late = "ls-" + UUID.randomUUID();
        String may = "ls-" + UUID.randomUUID();
        leases.ran(onTime, tenant, "op-demo", 1, null, null, null, Instant.parse("2025-04-10T10:00:00Z"),
                Instant.parse("2025-04-10T11:00:00Z"));
        LeaseRuns.rated(onTime);
        String aprilInvoice = numberOf(issue(april, 201), tenant);
        String aprilHtml = html(aprilInvoice, tenant);
        leases.ran(late, tenant, "op-demo", 1, null, null, null, Instant.parse("2025-04-20T10:00:00Z"),
                Instant.parse("2025-04-20T10:30:00Z"));
        leases.ran(may, tenant, "op-demo", 1, null, null, null, Instant.parse("2025-05-02T10:00:00Z"),
                Instant.parse("2025-05-02T10:15:00Z"));
        LeaseRuns.rated(late, may);

        // when
        JsonPath mayRun = issue(april.plusMonths(1), 201);

        // then: April's invoice is unchanged (22.00 + 1.32 VAT) ...
        JsonPath aprilNow = invoice(aprilInvoice, tenant);
        assertThat(aprilNow.getList("lines.leaseId", String.class)).containsExactly(onTime, null);
        assertThat(new BigDecimal(aprilNow.getString("total"))).isEqualByComparingTo("23.32");
        assertThat(html(aprilInvoice, tenant)).isEqualTo(aprilHtml);
        // ... and May's has May's usage and a correction for April's late lease: 5.50 + 11.00, VAT 0.99
        JsonPath mayInvoice = invoice(numberOf(mayRun, tenant), tenant);
        assertThat(mayInvoice.getList("lines.kind", String.class)).containsExactly("USAGE", "CORRECTION", "TAX");
        assertThat(mayInvoice.getString("lines[1].leaseId")).isEqualTo(late);
        assertThat(mayInvoice.getString("lines[1].usagePeriod")).isEqualTo("2025-04");
        assertThat(mayInvoice.getLong("lines[1].seconds")).isEqualTo(1800);
        assertThat(new BigDecimal(mayInvoice.getString("lines[1].amount"))).isEqualByComparingTo("11.00");
        assertThat(new BigDecimal(mayInvoice.getString("total"))).isEqualByComparingTo("17.49");
    }

    @Test
    void rendersTheInvoiceAsHtmlOnlyForItsTenant() {
        // given
        YearMonth july = YearMonth.of(2025, 7);
        String tenant = "tenant-" + UUID.randomUUID();
        String lease = "ls-" + UUID.randomUUID();
        leases.ran(lease, tenant, "运营商-乙", 1, null, null, null, Instant.parse("2025-07-01T00:00:00Z"),
                Instant.parse("2025-07-01T01:00:00Z"));
        LeaseRuns.rated(lease);
        String number = numberOf(issue(july, 201), tenant);

        // when / then
        given().queryParam("tenantId", tenant).get("/internal/v1/invoices/" + number + "/html").then()
                .statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Invoice " + number), containsString("运营商-乙"), containsString("VAT 6 %"),
                        containsString("23.32"));
        given().queryParam("tenantId", tenant).queryParam("period", july.toString()).get("/internal/v1/spend").then()
                .statusCode(200).body("leases[0].leaseId", equalTo(lease)).body("leases[0].seconds", equalTo(3600))
                .body("totals[0].amount", equalTo(22.0f)).body("totals[0].currency", equalTo("CNY"));
        // and: per day, the hour lies on the 1st of July and the month's days add up to the month's spend
        var daily = given().queryParam("tenantId", tenant).queryParam("period", july.toString())
                .get("/internal/v1/spend/daily").then().statusCode(200).extract().jsonPath();
        assertThat(daily.getList("days")).hasSize(31);
        assertThat(daily.getString("days[0].date")).isEqualTo("2025-07-01");
        assertThat(daily.getFloat("days[0].amount")).isEqualTo(22.0f);
        assertThat(daily.getLong("days[0].seconds")).isEqualTo(3600);
        assertThat(daily.getFloat("days[1].amount")).isZero();
        given().queryParam("tenantId", tenant).get("/internal/v1/invoices").then().statusCode(200)
                .body("number", org.hamcrest.Matchers.hasItem(number));
        given().queryParam("tenantId", "tenant-other").get("/internal/v1/invoices/" + number).then()
                .statusCode(404).contentType("application/problem+json");
        given().queryParam("tenantId", "tenant-other").get("/internal/v1/invoices/" + number + "/html").then()
                .statusCode(404);
    }

    @Test
    void theDatabaseRefusesToChangeAnIssuedInvoice() {
        // given
        YearMonth august = YearMonth.of(2025, 8);
        String tenant = "tenant-" + UUID.randomUUID();
        String lease = "ls-" + UUID.randomUUID();
        leases.ran(lease, tenant, "op-demo", 1, null, null, null, Instant.parse("2025-08-01T00:00:00Z"),
                Instant.parse("2025-08-01T00:10:00Z"));
        LeaseRuns.rated(lease);
        String number = numberOf(issue(august, 201), tenant);

        // when / then
        assertThatThrownBy(() -> change("update invoices set total = 0 where number = '" + number + "'"))
                .hasStackTraceContaining("immutable");
        assertThatThrownBy(() -> change("delete from invoice_lines where invoice_number = '" + number + "'"))
                .hasStackTraceContaining("immutable");
    }

    @Transactional
    void change(String sql) {
        em.createNativeQuery(sql).executeUpdate();
    }

    @Test
    void refusesAMonthThatHasNotEndedAndABadPeriodNamingTheField() {
        String thisMonth = YearMonth.now(java.time.ZoneOffset.UTC).toString();
        given().queryParam("period", thisMonth).queryParam("issuedBy", "finance1").post("/internal/v1/invoices/runs")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("period-not-closed"));
        given().queryParam("period", "2025-13").queryParam("issuedBy", "finance1").post("/internal/v1/invoices/runs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("period"));
        given().get("/internal/v1/invoices").then().statusCode(400).body("errors[0].field", equalTo("tenantId"));
    }

    private static String html(String number, String tenant) {
        return given().queryParam("tenantId", tenant).get("/internal/v1/invoices/" + number + "/html").then()
                .statusCode(200).extract().asString();
    }
}
