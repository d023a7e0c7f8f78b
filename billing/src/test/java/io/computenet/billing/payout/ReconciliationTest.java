package io.computenet.billing.payout;

import io.computenet.billing.invoice.LeaseRuns;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.pricing.rating.Rating;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * For an issued month, on real PostgreSQL with lease events through the real broker: the invoices before tax and
 * credits add up to the payouts plus the platform fees, and the metered seconds to the leases' billable lifetimes.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class ReconciliationTest {

    private static final YearMonth JUNE = YearMonth.of(2025, 6);

    @Inject
    EntityManager em;

    record Lease(String id, String tenant, String operator, int devices, String sliceKind, String profile,
                 BigDecimal share, Instant start, Instant end) {
    }

    @Transactional
    void feeFrom(String operator, String from, String percent) {
        em.createNativeQuery("insert into platform_fee_changes (operator_id, changed_at, changed_by, old_percent,"
                        + " new_percent) values (?1, ?2, 'admin1', null, ?3)").setParameter(1, operator)
                .setParameter(2, Instant.parse(from)).setParameter(3, new BigDecimal(percent)).executeUpdate();
    }

    @Transactional
    BigDecimal sum(String sql) {
        Object v = em.createNativeQuery(sql).setParameter(1, JUNE.toString()).getSingleResult();
        return v == null ? BigDecimal.ZERO : new BigDecimal(v.toString());
    }

    @Test
    void invoicesBeforeTaxEqualPayoutsPlusFeesAndSecondsEqualTheLeasesLifetimes() {
        // given: two tenants' leases on two operators (one with a 12.5 % fee, changed to 10 % mid-June, one with none
        // set), whole devices and slices, one with a fractional second, one crossing into July
        String opA = "op-" + UUID.randomUUID();
        String opB = "运营商-" + UUID.randomUUID();
        feeFrom(opA, "2025-01-01T00:00:00Z", "12.5");
        feeFrom(opA, "2025-06-15T00:00:00Z", "10");
        String t1 = "tenant-" + UUID.randomUUID();
        String t2 = "tenant-" + UUID.randomUUID();
        List<Lease> leases = List.of(
                new Lease("ls-" + UUID.randomUUID(), t1, opA, 2, null, null, null,
                        Instant.parse("2025-06-02T08:00:00.250Z"), Instant.parse("2025-06-02T09:17:41Z")),
                new Lease("ls-" + UUID.randomUUID(), t1, opB, 1, "MIG", "3g.40gb", new BigDecimal("0.4286"),
                        Instant.parse("2025-06-10T00:00:00Z"), Instant.parse("2025-06-10T05:00:00Z")),
                new Lease("ls-" + UUID.randomUUID(), t2, opA, 1, "SOFT", null, new BigDecimal("0.2500"),
                        Instant.parse("2025-06-20T12:00:00Z"), Instant.parse("2025-06-20T12:59:59.999Z")),
                new Lease("ls-" + UUID.randomUUID(), t2, opB, 4, null, null, null,
                        Instant.parse("2025-06-30T22:00:00Z"), Instant.parse("2025-07-01T02:00:00Z")));
        try (var runs = new LeaseRuns()) {
            for (Lease l : leases) {
                runs.ran(l.id(), l.tenant(), l.operator(), l.devices(), l.sliceKind(), l.profile(), l.share(),
                        l.start(), l.end());
            }
            LeaseRuns.rated(leases.stream().map(Lease::id).toArray(String[]::new));
        }

        // when
        given().queryParam("period", JUNE.toString()).queryParam("issuedBy", "finance1")
                .post("/internal/v1/invoices/runs").then().statusCode(201);

        // then: invoices before tax and credits == payouts + platform fees, for the month
        BigDecimal invoiced = sum("select sum(subtotal) from invoices where period = ?1");
        BigDecimal paidOut = sum("select sum(net) from payout_statements where period = ?1");
        BigDecimal fees = sum("select sum(fee) from payout_statements where period = ?1");
        assertThat(invoiced).isPositive();
        assertThat(paidOut.add(fees)).isEqualByComparingTo(invoiced);
        assertThat(fees).isPositive();
        // and the metered seconds == the leases' billable lifetimes inside June (started seconds, per lease)
        long lifetimes = leases.stream().mapToLong(l -> Rating.billableSeconds(l.start(),
                l.end().isAfter(Instant.parse("2025-07-01T00:00:00Z")) ? Instant.parse("2025-07-01T00:00:00Z")
                        : l.end())).sum();
        assertThat(lifetimes).isEqualTo(4661 + 18000 + 3600 + 7200);
        assertThat(sum("select sum(l.seconds) from invoice_lines l join invoices i on i.number = l.invoice_number"
                + " where i.period = ?1 and l.kind = 'USAGE'").longValue()).isEqualTo(lifetimes);
        assertThat(sum("select sum(seconds) from payout_lines where period = ?1 and kind = 'USAGE'").longValue())
                .isEqualTo(lifetimes);
        // and operator A's statement shows both fees, through the API
        JsonPath a = given().queryParam("operatorId", opA).queryParam("period", JUNE.toString())
                .get("/internal/v1/payouts").then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(a.getString("[0].lines[0].feePercent"))).isEqualByComparingTo("12.5");
        assertThat(new BigDecimal(a.getString("[0].lines[1].feePercent"))).isEqualByComparingTo("10");
        assertThat(new BigDecimal(a.getString("[0].gross")))
                .isEqualByComparingTo(new BigDecimal(a.getString("[0].net")).add(new BigDecimal(a.getString("[0].fee"))));
        // and finance's view of the month lists every operator's statements, A's among them as A reads it
        JsonPath all = given().queryParam("period", JUNE.toString()).get("/internal/v1/payouts/all").then()
                .statusCode(200).extract().jsonPath();
        assertThat(all.getList("operatorId", String.class)).contains(opA);
        assertThat(all.getList("findAll { it.operatorId == '" + opA + "' }.net", Float.class))
                .containsExactly(a.getFloat("[0].net"));
        given().queryParam("period", "2025-6").get("/internal/v1/payouts/all").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("period"));
    }
}
