package io.computenet.billing.funds;

import io.computenet.billing.metering.LeaseEventFixture;
import io.computenet.billing.metering.MeteringService;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk of lease events with many charges for one tenant draws its funds once per tenant ({@link FundsChunk}), with
 * exactly the result of applying the same events one at a time, on the real PostgreSQL: two tenants get the same
 * funds and the same leases, one tenant's events applied as one chunk, the other's one event per transaction.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class FundsChunkTest {

    private static final String H100 = "H100 80GB HBM3"; // 22.00 per device-hour in cn-east-yrd (demo book)
    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
    private static final int LEASES = 12;
    @RegisterExtension
    static final LeaseEventFixture TOPIC = new LeaseEventFixture();

    @Inject
    MeteringService metering;
    @Inject
    EntityManager em;

    private static String tenant() {
        return "tenant-chunk-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The same funds for each tenant: 30.00 on the balance, an 8.00 voucher anywhere expiring first, a 5.00 one for
     * the region expiring later and a 3.00 one for another region (never applicable here, but counted in what the
     * tenant can spend). 43.00 usable against 136.40 of usage: both usable vouchers run out and the balance goes
     * negative, crossing the threshold 10.
     */
    private static void fund(String tenantId) {
        given().contentType(ContentType.JSON).body(Map.of("amount", new BigDecimal("30.00"), "recordedBy", "finance1"))
                .post("/internal/v1/tenants/" + tenantId + "/top-ups").then().statusCode(201);
        voucher(tenantId, "8.00", 5, null, "early");
        voucher(tenantId, "5.00", 10, "cn-east-yrd", "late");
        voucher(tenantId, "3.00", 3, "cn-southwest-gz", "elsewhere");
    }

    private static void voucher(String tenantId, String amount, int days, String region, String reason) {
        Map<String, Object> body = new HashMap<>(Map.of("amount", new BigDecimal(amount), "expiresAt",
                Instant.now().plus(days, ChronoUnit.DAYS).toString(), "reason", reason, "issuedBy", "finance1"));
        if (region != null) {
            body.put("region", region);
        }
        given().contentType(ContentType.JSON).body(body).post("/internal/v1/tenants/" + tenantId + "/vouchers")
                .then().statusCode(201);
    }

    /**
     * Lease {@code i} of the tenant (2 H100s) from {@code START + i} minutes, released after {@code 10 + i} minutes:
     * 44.00 x (10 + i) / 60, 136.40 for the twelve. Only ends: each event is rated to its own end, so the amounts do
     * not depend on when the test runs.
     */
    private static List<LeaseEvent> ends(String tenantId) {
        List<LeaseEvent> events = new ArrayList<>();
        for (int i = 0; i < LEASES; i++) {
            Instant start = START.plusSeconds(60L * i);
            events.add(LeaseEventFixture.event(LeaseEvent.TYPE_ENDED, tenantId + "-lease-" + i, tenantId, "op-demo",
                    H100, start, start.plusSeconds(60L * (10 + i)), BigDecimal.ONE, false));
        }
        return events;
    }

    /** Every draw of the tenant in the order written: lease (without the tenant), source, amount, period, until. */
    private List<String> drawRecords(String tenantId) {
        return rows(tenantId, "select replace(d.lease_id, ?1, '') || ' ' || coalesce(v.reason, 'balance') || ' '"
                + " || d.amount || ' ' || d.period || ' '"
                + " || to_char(d.accrued_until at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') from fund_draws d"
                + " left join vouchers v on v.id = d.voucher_id where d.tenant_id = ?1 order by d.id");
    }

    /** What each lease drew net from each source, by lease and source. */
    private List<String> netDraws(String tenantId) {
        return rows(tenantId, "select replace(d.lease_id, ?1, '') || ' ' || coalesce(v.reason, 'balance') || ' '"
                + " || sum(d.amount) from fund_draws d left join vouchers v on v.id = d.voucher_id"
                + " where d.tenant_id = ?1 group by d.lease_id, v.reason order by 1");
    }

    /** The balance, what is left of each voucher, and the low-funds notices (threshold, available, balance). */
    private List<String> funds(String tenantId) {
        List<String> out = new ArrayList<>(rows(tenantId, "select 'balance ' || balance from tenant_balances"
                + " where tenant_id = ?1"));
        out.addAll(rows(tenantId, "select reason || ' ' || remaining from vouchers where tenant_id = ?1"
                + " order by reason"));
        out.addAll(rows(tenantId, "select 'notice ' || threshold || ' ' || available || ' ' || balance"
                + " from funds_notices where tenant_id = ?1 order by id"));
        return out;
    }

    private List<String> rows(String tenantId, String sql) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql).setParameter(1, tenantId)
                .getResultList().stream().map(String::valueOf).toList());
    }

    /** Puts the events on the topic after they were applied (the running consumer finds them applied). */
    private static void publish(List<LeaseEvent> events) {
        events.forEach(TOPIC::send);
    }

    @Test
    void aChunkOfManyChargesForOneTenantDrawsExactlyAsOneByOne() {
        // given: two tenants with the same funds
        String chunked = tenant();
        String oneByOne = tenant();
        fund(chunked);
        fund(oneByOne);
        List<LeaseEvent> chunk = ends(chunked);
        List<LeaseEvent> single = ends(oneByOne);

        // when: twelve charges of one tenant in one chunk, the same twelve of the other one event per transaction
        metering.applyAll(chunk);
        single.forEach(metering::apply);
        publish(chunk);
        publish(single);

        // then: the same draws in the same order (earliest-expiring applicable voucher first, then the balance),
        // the same balance, vouchers and notices
        List<String> draws = drawRecords(chunked);
        assertThat(draws).isEqualTo(drawRecords(oneByOne));
        assertThat(funds(chunked)).isEqualTo(funds(oneByOne)).containsExactly("balance -93.40", "early 0.00",
                "elsewhere 3.00", "late 0.00", "notice 10.00 3.00 -1.00");
        assertThat(draws).startsWith("-lease-0 early 7.33 2026-11 2026-11-20T08:10:00",
                "-lease-1 early 0.67 2026-11 2026-11-20T08:12:00", "-lease-1 late 5.00 2026-11 2026-11-20T08:12:00",
                "-lease-1 balance 2.40 2026-11 2026-11-20T08:12:00", "-lease-2 balance 8.80 2026-11 2026-11-20T08:14:00");
        assertThat(draws).hasSize(LEASES + 2);

        // and when: the chunk delivered again
        metering.applyAll(chunk);

        // then: nothing changed
        assertThat(drawRecords(chunked)).isEqualTo(draws);
        assertThat(funds(chunked)).isEqualTo(funds(oneByOne));
    }

    @Test
    void aLeaseStartedAndEndedInOneChunkFollowsItsOwnFirstDrawsAsOneByOne() {
        // given: two tenants with the same funds
        String chunked = tenant();
        String oneByOne = tenant();
        fund(chunked);
        fund(oneByOne);
        BiFunction<String, Integer, List<LeaseEvent>> startsAndEnds = (tenantId, n) -> {
            List<LeaseEvent> events = new ArrayList<>();
            List<LeaseEvent> ends = ends(tenantId).subList(0, n);
            for (LeaseEvent end : ends) {
                events.add(LeaseEventFixture.event(LeaseEvent.TYPE_STARTED, end.leaseId(), tenantId, "op-demo", H100,
                        end.startedAt(), null, BigDecimal.ONE, false));
            }
            events.addAll(ends);
            return events;
        };
        List<LeaseEvent> chunk = startsAndEnds.apply(chunked, 6);
        List<LeaseEvent> single = startsAndEnds.apply(oneByOne, 6);

        // when: each lease's start (rated up to now: weeks of usage, far beyond the funds) and its end (cut back
        // to minutes: the draws beyond it given back) in one chunk, and one event per transaction
        metering.applyAll(chunk);
        single.forEach(metering::apply);
        publish(chunk);
        publish(single);

        // then: what each lease took net from each source, the balance and the vouchers are the same (the started
        // events' draws depend on the instant each was rated, so only their net is compared): lease 0's start took
        // both vouchers, its end gave back the balance's part first, then the later voucher's, then the early one's
        // beyond 7.33; the other leases' starts found the vouchers empty. Each lease's draws add up to its charge
        assertThat(netDraws(chunked)).isEqualTo(netDraws(oneByOne)).contains("-lease-0 early 7.33",
                "-lease-0 late 0.00", "-lease-0 balance 0.00", "-lease-1 balance 8.07");
        List<String> funds = funds(chunked);
        assertThat(funds.subList(0, 4)).isEqualTo(funds(oneByOne).subList(0, 4))
                .containsExactly("balance -17.67", "early 0.67", "elsewhere 3.00", "late 5.00");
        assertThat(rows(chunked, "select count(*) from charges c where c.tenant_id = ?1 and c.amount"
                + " <> (select sum(d.amount) from fund_draws d where d.lease_id = c.lease_id)")).containsExactly("0");
    }
}
