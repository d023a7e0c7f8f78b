package io.computenet.billing.funds;

import io.computenet.billing.metering.LeaseEventFixture;
import io.computenet.billing.metering.MeteringService;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.funds.FundsAlertEvent;
import io.computenet.contracts.funds.FundsStateEvent;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Prepaid balances and vouchers on the real broker and PostgreSQL: top-ups and vouchers through the internal API, the
 * draws following each lease's rated amount (voucher first, then the balance), only the delta, never twice.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class FundsTest {

    private static final String H100 = "H100 80GB HBM3"; // 22.00 per device-hour in cn-east-yrd (demo book)
    @RegisterExtension
    static final LeaseEventFixture LEASES = new LeaseEventFixture();

    @Inject
    MeteringService metering;
    @Inject
    EntityManager em;

    private static String tenant() {
        return "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static LeaseEvent event(String type, String tenantId, String leaseId, Instant started, Instant ended) {
        return LeaseEventFixture.event(type, leaseId, tenantId, "op-demo", H100, started, ended, BigDecimal.ONE,
                false);
    }

    /**
     * Applies the event now and also puts it on the topic (the consumer then finds it applied), so every charge of
     * this test can be rebuilt from the topic, as AccrualTest's replay into a fresh database expects.
     */
    private void publishAndApply(LeaseEvent e) {
        LEASES.send(e);
        metering.apply(e);
    }

    private static void topUp(String tenantId, String amount, String reference) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("amount", new BigDecimal(amount),
                "recordedBy", "finance1"));
        if (reference != null) {
            body.put("reference", reference);
        }
        given().contentType(ContentType.JSON).body(body).post("/internal/v1/tenants/" + tenantId + "/top-ups").then().statusCode(201);
    }

    private static String voucher(String tenantId, String amount, Instant expiresAt, String region) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("amount", new BigDecimal(amount),
                "expiresAt", expiresAt.toString(), "reason", "student contest", "issuedBy", "finance1"));
        if (region != null) {
            body.put("region", region);
        }
        return given().contentType(ContentType.JSON).body(body).post("/internal/v1/tenants/" + tenantId + "/vouchers")
                .then().statusCode(201).extract().path("id");
    }

    private static JsonPath balance(String tenantId) {
        return given().get("/internal/v1/tenants/" + tenantId + "/balance").then().statusCode(200).extract()
                .jsonPath();
    }

    private static BigDecimal figure(JsonPath json, String path) {
        return new BigDecimal(json.getString(path));
    }

    /** What the lease took from each source net, as "source amount", in the order it first used them. */
    private List<String> netDraws(String leaseId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select coalesce(voucher_id,"
                        + " 'balance') || ' ' || sum(amount) from fund_draws where lease_id = ?1"
                        + " group by voucher_id order by min(id)")
                .setParameter(1, leaseId).getResultList().stream().map(String::valueOf).toList());
    }

    /** The lease's draws as "source amount", oldest first. */
    private List<String> draws(String leaseId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select coalesce(voucher_id,"
                        + " 'balance') || ' ' || amount from fund_draws where lease_id = ?1 order by id")
                .setParameter(1, leaseId).getResultList().stream().map(String::valueOf).toList());
    }

    @Test
    void aLeasesUsageDrawsTheApplicableVoucherFirstThenTheBalance() {
        // given: 100.00 on the balance, a 5.00 voucher for the region, a 50.00 one for Guizhou only
        String tenantId = tenant();
        topUp(tenantId, "100.00", "pay-" + tenantId);
        String yrd = voucher(tenantId, "5.00", Instant.now().plus(30, ChronoUnit.DAYS), "cn-east-yrd");
        voucher(tenantId, "50.00", Instant.now().plus(10, ChronoUnit.DAYS), "cn-southwest-gz");
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-20T08:00:00Z");

        // when: 2 H100s ran 30 minutes (22.00), its events over the real broker
        LEASES.send(event(LeaseEvent.TYPE_STARTED, tenantId, leaseId, start, null));
        LEASES.send(event(LeaseEvent.TYPE_ENDED, tenantId, leaseId, start, start.plusSeconds(1800)));

        // then: 5.00 from the region's voucher, 17.00 from the balance (net: the started event accrued up to now,
        // the end cut it back); the Guizhou voucher untouched
        await().atMost(Duration.ofSeconds(90)).until(() -> !draws(leaseId).isEmpty()
                && figure(balance(tenantId), "balance").compareTo(new BigDecimal("83.00")) == 0);
        JsonPath view = balance(tenantId);
        assertThat(view.getString("currency")).isEqualTo("CNY");
        assertThat(figure(view, "vouchers.find { it.id == '" + yrd + "' }.remaining")).isEqualByComparingTo("0");
        assertThat(view.getList("vouchers.findAll { it.region == 'cn-southwest-gz' }.remaining", String.class))
                .extracting(BigDecimal::new).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("50.00"));
        assertThat(view.getBoolean("vouchers.find { it.id == '" + yrd + "' }.usable")).isFalse();
        assertThat(netDraws(leaseId)).containsExactly(yrd + " 5.00", "balance 17.00");
    }

    @Test
    void reAccruingAndReplayingTheSameEventsDrawNothingTwiceAndACutBackGivesBack() {
        // given: a lease that has run for an hour, accrued, drawn from a 100.00 balance
        String tenantId = tenant();
        topUp(tenantId, "100.00", null);
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        LeaseEvent started = event(LeaseEvent.TYPE_STARTED, tenantId, leaseId, start, null);
        publishAndApply(started);
        metering.accrue(leaseId);
        BigDecimal drawnOnce = drawnTotal(leaseId);
        assertThat(drawnOnce).isGreaterThanOrEqualTo(new BigDecimal("44.00"));

        // when: its end (30 minutes in) arrives twice, and the started event again
        LeaseEvent ended = event(LeaseEvent.TYPE_ENDED, tenantId, leaseId, start, start.plusSeconds(1800));
        publishAndApply(ended);
        publishAndApply(ended);
        publishAndApply(started);
        metering.accrue(leaseId);

        // then: the draws add up to the closed charge (22.00), the balance gave back what was drawn beyond it
        assertThat(drawnTotal(leaseId)).isEqualByComparingTo("22.00");
        assertThat(figure(balance(tenantId), "balance")).isEqualByComparingTo("78.00");
        List<String> ledger = draws(leaseId);

        // and when: everything once more
        publishAndApply(ended);
        metering.accrue(leaseId);

        // then: the ledger is unchanged
        assertThat(draws(leaseId)).isEqualTo(ledger);
        assertThat(ledger).last().asString().startsWith("balance -");
    }

    @Test
    void usageBeyondEverythingLeavesANegativeBalanceAndAnExhaustedVoucher() {
        // given: 10.00 on the balance and a 2.00 voucher
        String tenantId = tenant();
        topUp(tenantId, "10.00", null);
        voucher(tenantId, "2.00", Instant.now().plus(1, ChronoUnit.DAYS), null);
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-21T08:00:00Z");

        // when: 22.00 of usage
        publishAndApply(event(LeaseEvent.TYPE_STARTED, tenantId, leaseId, start, null));
        publishAndApply(event(LeaseEvent.TYPE_ENDED, tenantId, leaseId, start, start.plusSeconds(1800)));

        // then
        JsonPath view = balance(tenantId);
        assertThat(figure(view, "balance")).isEqualByComparingTo("-10.00");
        assertThat(figure(view, "vouchers[0].remaining")).isEqualByComparingTo("0");
        assertThat(drawnTotal(leaseId)).isEqualByComparingTo("22.00");
    }

    @Test
    void aPrepaidTenantsFundsAreAnnouncedAndRunningOutMakesANoticeAndAnAlert() {
        // given: 12.00 on the balance (thresholds 100, 10 and 0 in tests)
        String tenantId = tenant();
        topUp(tenantId, "12.00", null);
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-22T08:00:00Z");

        // when: 22.00 of usage
        publishAndApply(event(LeaseEvent.TYPE_STARTED, tenantId, leaseId, start, null));
        publishAndApply(event(LeaseEvent.TYPE_ENDED, tenantId, leaseId, start, start.plusSeconds(1800)));

        // then: the balance view shows the notice that the funds are exhausted
        JsonPath view = balance(tenantId);
        assertThat(figure(view, "balance")).isEqualByComparingTo("-10.00");
        assertThat(view.getList("notices.threshold", String.class)).extracting(BigDecimal::new)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(BigDecimal.ZERO);
        assertThat(view.getString("notices[0].message")).contains("exhausted");

        // and: the latest state is announced on the compacted topic, the alert on the alerts topic
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(LEASES.kafka().readUntil(Topics.FUNDS_STATE,
                        r -> tenantId.equals(r.key()) && r.value().contains("-10.00"), Duration.ofSeconds(5))
                .stream().filter(r -> tenantId.equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), FundsStateEvent.class)).toList())
                .last().satisfies(e -> assertThat(e.balance()).isEqualByComparingTo("-10.00")));
        FundsAlertEvent alert = LEASES.kafka().readUntil(Topics.FUNDS_ALERTS, r -> tenantId.equals(r.key()),
                        Duration.ofSeconds(30)).stream().filter(r -> tenantId.equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), FundsAlertEvent.class)).findFirst().orElseThrow();
        assertThat(alert.threshold()).isEqualByComparingTo("0");
        assertThat(alert.currency()).isEqualTo("CNY");
    }

    @Test
    void theSameTopUpReferenceIsRecordedOnce() {
        // given
        String tenantId = tenant();
        topUp(tenantId, "30.00", "wire-1");

        // when: recorded again
        given().contentType(ContentType.JSON).body(Map.of("amount", 30, "reference", "wire-1", "recordedBy",
                "finance1")).post("/internal/v1/tenants/" + tenantId + "/top-ups")
                .then().statusCode(200).body("created", equalTo(false));

        // then
        assertThat(figure(balance(tenantId), "balance")).isEqualByComparingTo("30.00");
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        String tenantId = tenant();
        String path = "/internal/v1/tenants/" + tenantId;
        // negative amount
        given().contentType(ContentType.JSON).body(Map.of("amount", -5, "recordedBy", "finance1"))
                .post(path + "/top-ups").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors.field", hasItem("amount"));
        // more than two decimals
        given().contentType(ContentType.JSON).body(Map.of("amount", 1.234, "recordedBy", "finance1"))
                .post(path + "/top-ups").then().statusCode(400).body("errors.field", hasItem("amount"));
        // unknown currency
        given().contentType(ContentType.JSON).body(Map.of("amount", 5, "currency", "XYZ", "recordedBy", "finance1"))
                .post(path + "/top-ups").then().statusCode(400).body("errors.field", hasItem("currency"));
        // a voucher that already expired
        given().contentType(ContentType.JSON).body(Map.of("amount", 5, "expiresAt", "2020-01-01T00:00:00Z",
                        "issuedBy", "finance1")).post(path + "/vouchers").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors.field", hasItem("expiresAt"));
        // an unknown vendor
        given().contentType(ContentType.JSON).body(Map.of("amount", 5, "expiresAt", "2099-01-01T00:00:00Z",
                        "vendor", "ACME", "issuedBy", "finance1")).post(path + "/vouchers").then().statusCode(400)
                .body("errors.field", hasItem("vendor"));
        // who issues it missing
        given().contentType(ContentType.JSON).body(Map.of("amount", 5, "expiresAt", "2099-01-01T00:00:00Z"))
                .post(path + "/vouchers").then().statusCode(400).body("errors.field", hasItem("issuedBy"));

        // and nothing was recorded
        assertThat(figure(balance(tenantId), "balance")).isEqualByComparingTo("0");
        assertThat(balance(tenantId).getList("vouchers")).isEmpty();
    }

    private BigDecimal drawnTotal(String leaseId) {
        return QuarkusTransaction.requiringNew().call(() -> (BigDecimal) em.createNativeQuery(
                "select coalesce(sum(amount), 0) from fund_draws where lease_id = ?1").setParameter(1, leaseId)
                .getSingleResult());
    }
}
