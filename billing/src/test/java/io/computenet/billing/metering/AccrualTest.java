package io.computenet.billing.metering;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.EventDecodingException;
import io.computenet.contracts.Topics;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

/** Charges accrue while leases run, on the real broker and PostgreSQL; order, repeats and replays change nothing. */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class AccrualTest {

    @RegisterExtension
    static final LeaseEventFixture LEASES = new LeaseEventFixture();

    @Inject
    MeteringService metering;
    @Inject
    EntityManager em;

    private static LeaseEvent event(String type, String leaseId, String model, Instant started, Instant ended,
                                    boolean interruptible) {
        return LeaseEventFixture.event(type, leaseId, "tenant-lab-beta", "op-demo", model, started, ended,
                BigDecimal.ONE, interruptible);
    }

    private static void send(LeaseEvent e) {
        LEASES.send(e);
    }

    private static io.restassured.path.json.JsonPath charge(String leaseId) {
        return given().get("/internal/v1/charges/" + leaseId).then().statusCode(200).extract().jsonPath();
    }

    private static boolean exists(String leaseId) {
        return given().get("/internal/v1/charges/" + leaseId).statusCode() == 200;
    }

    @Test
    void aRunningLeaseAccruesUpToNowAndItsEndClosesItAtTheExactEnd() {
        // given: 2 H100s at 22.00 started two hours ago
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        send(event(LeaseEvent.TYPE_STARTED, leaseId, "H100 80GB HBM3", start, null, false));

        // when: it runs
        await().atMost(Duration.ofSeconds(90)).until(() -> exists(leaseId));
        metering.accrue(leaseId);
        metering.accrue(leaseId);

        // then: it is charged up to about now, at 2 x 22.00 per hour, and re-accruing charged nothing twice
        var running = charge(leaseId);
        assertThat(running.getString("status")).isEqualTo("OPEN");
        long seconds = running.getLong("seconds");
        assertThat(seconds).isBetween(7200L, 7200L + 120);
        assertThat(new BigDecimal(running.getString("amount"))).as(running.prettify() + lines(leaseId))
                .isEqualByComparingTo(BigDecimal.valueOf(seconds * 44L).divide(BigDecimal.valueOf(3600), 2,
                        java.math.RoundingMode.HALF_UP));
        assertThat(Instant.parse(running.getString("accruedUntil"))).isAfter(start.plusSeconds(7199));
        BigDecimal[] amountAndLines = amountAndLineSum(leaseId); // one snapshot: the job may accrue meanwhile
        assertThat(amountAndLines[1]).isEqualByComparingTo(amountAndLines[0]);

        // when: it ended one hour in, told after it had accrued beyond
        send(event(LeaseEvent.TYPE_ENDED, leaseId, "H100 80GB HBM3", start, start.plusSeconds(3600), false));

        // then: exactly one hour, the lines cut back to the end
        await().atMost(Duration.ofSeconds(90)).until(() -> "CLOSED".equals(charge(leaseId).getString("status")));
        var closed = charge(leaseId);
        assertThat(closed.getLong("seconds")).isEqualTo(3600);
        assertThat(new BigDecimal(closed.getString("amount"))).isEqualByComparingTo("44.00");
        assertThat(Instant.parse(closed.getString("accruedUntil"))).isEqualTo(start.plusSeconds(3600));
        assertThat(amountAndLineSum(leaseId)[1]).isEqualByComparingTo("44.00");
        assertThat(metering.accrue(leaseId)).isFalse();
    }

    @Test
    void anInterruptibleLeaseIsRatedAtTheInterruptiblePrice() {
        // given: the demo book prices interruptible H100s in cn-east-yrd at 11.00
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-20T08:00:00Z");

        // when
        send(event(LeaseEvent.TYPE_STARTED, leaseId, "H100 80GB HBM3", start, null, true));
        send(event(LeaseEvent.TYPE_ENDED, leaseId, "H100 80GB HBM3", start, start.plusSeconds(1800), true));

        // then: 1,800 s x 2 x 11.00 / 3600
        await().atMost(Duration.ofSeconds(90)).until(() -> exists(leaseId)
                && "CLOSED".equals(charge(leaseId).getString("status")));
        assertThat(new BigDecimal(charge(leaseId).getString("amount"))).isEqualByComparingTo("11.00");
        assertThat(charge(leaseId).getBoolean("interruptible")).isTrue();
    }

    @Test
    void aLeaseThatBookedAQuoteIsRatedAtTheHeldPriceAcrossAMonthBoundary() {
        // given: the demo book prices on-demand H100s in cn-east-yrd at 22.00; the quote held 18.50
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-10-31T23:30:00Z");
        Instant end = start.plusSeconds(3600);

        // when
        send(event(LeaseEvent.TYPE_STARTED, leaseId, "H100 80GB HBM3", start, null, false)
                .withHeldPrice(new BigDecimal("18.50"), "CNY"));
        send(event(LeaseEvent.TYPE_ENDED, leaseId, "H100 80GB HBM3", start, end, false)
                .withHeldPrice(new BigDecimal("18.50"), "CNY"));

        // then: 3,600 s x 2 x 18.50 / 3600, split at the month's end like any charge
        await().atMost(Duration.ofSeconds(90)).until(() -> exists(leaseId)
                && "CLOSED".equals(charge(leaseId).getString("status")));
        assertThat(new BigDecimal(charge(leaseId).getString("amount"))).isEqualByComparingTo("37.00");
        assertThat(new BigDecimal(charge(leaseId).getString("pricePerDeviceHour"))).isEqualByComparingTo("18.50");
        assertThat(amountAndLineSum(leaseId)[1]).isEqualByComparingTo("37.00");
        assertThat(lines(leaseId)).containsExactly("2026-10 1800 18.5 18.50", "2026-11 1800 18.5 18.50");
    }

    @Test
    void aLeaseOnAnUnpricedDeviceIsListedAndCountedNeverChargedAsZero() {
        // given: no price book has this model
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-21T08:00:00Z");

        // when
        send(event(LeaseEvent.TYPE_STARTED, leaseId, "MLU590", start, null, false));
        send(event(LeaseEvent.TYPE_ENDED, leaseId, "MLU590", start, start.plusSeconds(600), false));

        // then
        await().atMost(Duration.ofSeconds(90)).until(() -> exists(leaseId)
                && charge(leaseId).getString("endedAt") != null);
        var c = charge(leaseId);
        assertThat(c.getString("status")).isEqualTo("UNPRICED");
        assertThat(c.getLong("unpricedSeconds")).isEqualTo(600);
        assertThat(c.getString("amount")).isNull();
        given().queryParam("status", "UNPRICED").get("/internal/v1/charges").then().statusCode(200)
                .body("leaseId", hasItem(leaseId));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("computenet_billing_charges_unpriced")));
        assertThat(metering.countUnpriced()).isPositive();
    }

    @Test
    void reorderedAndRepeatedEventsChargeTheSameAsInOrder() {
        // given: two equal leases
        String inOrder = "ls-" + UUID.randomUUID();
        String shuffled = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-30T23:30:00Z");
        Instant end = Instant.parse("2026-12-01T00:45:10.500Z");

        // when: one in order, the other ended first and everything twice
        send(event(LeaseEvent.TYPE_STARTED, inOrder, "A100-SXM4-80GB", start, null, false));
        send(event(LeaseEvent.TYPE_ENDED, inOrder, "A100-SXM4-80GB", start, end, false));
        LeaseEvent started = event(LeaseEvent.TYPE_STARTED, shuffled, "A100-SXM4-80GB", start, null, false);
        LeaseEvent ended = event(LeaseEvent.TYPE_ENDED, shuffled, "A100-SXM4-80GB", start, end, false);
        send(ended);
        send(started);
        send(ended);
        send(started);

        // then: the same seconds, amount and lines (split at the month)
        await().atMost(Duration.ofSeconds(90)).until(() -> exists(inOrder) && exists(shuffled)
                && "CLOSED".equals(charge(inOrder).getString("status"))
                && "CLOSED".equals(charge(shuffled).getString("status")));
        assertThat(charge(shuffled).getLong("seconds")).isEqualTo(charge(inOrder).getLong("seconds")).isEqualTo(4511);
        assertThat(charge(shuffled).getString("amount")).isEqualTo(charge(inOrder).getString("amount"));
        assertThat(lines(shuffled)).isEqualTo(lines(inOrder)).hasSize(2);
    }

    @Test
    void replayingTheWholeTopicTwiceIntoAFreshDatabaseGivesTheSameTotals() {
        // given: a mix of leases, one lease in the new month, their events applied by the running consumer
        for (int i = 0; i < 5; i++) {
            String leaseId = "ls-" + UUID.randomUUID();
            Instant start = Instant.parse("2026-11-25T00:00:00Z").plusSeconds(i * 7_919L);
            send(event(LeaseEvent.TYPE_STARTED, leaseId, i % 2 == 0 ? "H100 80GB HBM3" : "GeForce RTX 4090", start,
                    null, i == 3));
            send(event(LeaseEvent.TYPE_ENDED, leaseId, i % 2 == 0 ? "H100 80GB HBM3" : "GeForce RTX 4090", start,
                    start.plusSeconds(3_600L * (i + 1) * 13), i == 3));
        }
        String marker = "ls-" + UUID.randomUUID();
        LeaseEvent last = event(LeaseEvent.TYPE_ENDED, marker, "H100 80GB HBM3", Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-01T00:00:01Z"), false);
        send(last);
        await().atMost(Duration.ofSeconds(90)).until(() -> exists(marker));
        List<String> applied = endedTotals();
        List<ConsumerRecord<String, String>> topic = wholeTopic();
        assertThat(topic).anyMatch(r -> r.value().contains(last.eventId()));

        // when: a fresh database, the whole topic applied twice
        wipe();
        replay(topic);
        replay(topic);

        // then
        assertThat(endedTotals()).isEqualTo(applied).isNotEmpty();
    }

    private static java.util.Map<String, Object> withoutAutoCommit() {
        java.util.Map<String, Object> config = new java.util.HashMap<>(RealInfraResource.kafka().superUser());
        config.put("enable.auto.commit", "false");
        return config;
    }

    /** Every record of the lease events topic, all partitions, from the beginning to the current end. */
    private static List<ConsumerRecord<String, String>> wholeTopic() {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(withoutAutoCommit(),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(Topics.LEASE_EVENTS)
                    .stream().map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    private void replay(List<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            LeaseEvent e;
            try {
                e = EventCodec.decode(r.value(), LeaseEvent.class);
            } catch (EventDecodingException poison) {
                continue; // the consumer dead-letters it
            }
            metering.apply(e);
        }
    }

    void wipe() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "truncate charge_lines, charges, processed_events").executeUpdate());
    }

    /** Each ended lease's charge and the sum of its lines, as text, in lease order. */
    List<String> endedTotals() {
        return QuarkusTransaction.requiringNew().call(this::readEndedTotals);
    }

    private List<String> readEndedTotals() {
        List<String> out = new ArrayList<>();
        for (Object[] row : em.createQuery("select c.leaseId, c.status, c.seconds, c.amount, c.unpricedSeconds,"
                + " (select sum(l.amount) from ChargeLineEntity l where l.leaseId = c.leaseId)"
                + " from ChargeEntity c where c.endedAt is not null order by c.leaseId", Object[].class)
                .getResultList()) {
            out.add(java.util.Arrays.toString(row));
        }
        return out;
    }

    /** The charge's amount and the sum of its lines, read in one statement (one snapshot). */
    BigDecimal[] amountAndLineSum(String leaseId) {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select c.amount, (select sum(l.amount) from charge_lines l where l.lease_id = c.lease_id)"
                        + " from charges c where c.lease_id = ?1").setParameter(1, leaseId).getSingleResult());
        return new BigDecimal[] {(BigDecimal) row[0], (BigDecimal) row[1]};
    }

    /** The lease's lines without the lease id: period, seconds, price, amount. */
    List<String> lines(String leaseId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("select l from ChargeLineEntity l where l.leaseId = ?1 order by l.periodStart",
                ChargeLineEntity.class).setParameter(1, leaseId).getResultList().stream()
                .map(l -> l.period + " " + l.seconds + " " + l.pricePerDeviceHour.stripTrailingZeros() + " "
                        + l.amount).toList());
    }
}
