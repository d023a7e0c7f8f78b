package io.computenet.billing.metering;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease events of one poll applied as a batch ({@link LeaseEventConsumer#apply}), on the real PostgreSQL and
 * broker: one transaction for the poll, a repeated event applied once, a poison record dead-lettered while the rest of
 * its batch is applied, and a batch delivered again after a crash changing nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class LeaseEventBatchTest {

    /** Offsets far beyond what the running consumer reads, so a dead letter names its record. */
    private static final AtomicLong OFFSETS = new AtomicLong(1_000_000);
    private static final Instant START = Instant.parse("2026-11-16T08:00:00Z");
    @RegisterExtension
    static final LeaseEventFixture LEASES = new LeaseEventFixture();

    @Inject
    LeaseEventConsumer consumer;
    @Inject
    EntityManager em;

    /** An H100 lease of 2 devices in the east (the default book: 22.00 CNY per device-hour) of its own tenant. */
    private static LeaseEvent event(String type, String leaseId, Instant ended) {
        return LeaseEventFixture.event(type, leaseId, "tenant-" + leaseId, "op-batch", "H100 80GB HBM3", START, ended,
                null, false);
    }

    private static LeaseEvent started(String leaseId) {
        return event(LeaseEvent.TYPE_STARTED, leaseId, null);
    }

    private static LeaseEvent ended(String leaseId, long seconds) {
        return event(LeaseEvent.TYPE_ENDED, leaseId, START.plusSeconds(seconds));
    }

    private static ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>(Topics.LEASE_EVENTS, 0, OFFSETS.getAndIncrement(), key, value);
    }

    private static ConsumerRecord<String, String> record(LeaseEvent e) {
        return record(e.leaseId(), EventCodec.encode(e));
    }

    private static List<ConsumerRecord<String, String>> records(LeaseEvent... events) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        for (LeaseEvent e : events) {
            out.add(record(e));
        }
        return out;
    }

    private static String ls() {
        return "ls-" + UUID.randomUUID();
    }

    /** The charge's status and amount, the sum of its lines and of the funds it drew, read in one snapshot. */
    private String state(String leaseId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("select c.status, c.amount,"
                    + " (select sum(l.amount) from charge_lines l where l.lease_id = c.lease_id),"
                    + " (select sum(d.amount) from fund_draws d where d.lease_id = c.lease_id)"
                    + " from charges c where c.lease_id = ?1").setParameter(1, leaseId).getResultList();
            if (rows.isEmpty()) {
                return "none";
            }
            Object[] row = (Object[]) rows.get(0);
            return row[0] + " " + row[1] + " lines " + row[2] + " drawn " + row[3];
        });
    }

    /** How many of the events' ids are recorded as applied. */
    private long processed(LeaseEvent... events) {
        return QuarkusTransaction.requiringNew().call(() -> java.util.Arrays.stream(events)
                .mapToLong(e -> ((Number) em.createNativeQuery(
                        "select count(*) from processed_events where event_id = ?1").setParameter(1, e.eventId())
                        .getSingleResult()).longValue()).sum());
    }

    @Test
    void appliesAPollOfSeveralLeasesInOrderAndARepeatedEventInItOnce() {
        // given: two leases started and ended in one poll, one end delivered twice in it
        String a = ls();
        String b = ls();
        LeaseEvent aEnded = ended(a, 3600);

        // when
        consumer.apply(records(started(a), started(b), aEnded, ended(b, 1800), aEnded));

        // then: 3,600 s x 2 x 22.00 / 3600 = 44.00 and half of it, each drawn once
        assertThat(state(a)).isEqualTo("CLOSED 44.00 lines 44.00 drawn 44.00");
        assertThat(state(b)).isEqualTo("CLOSED 22.00 lines 22.00 drawn 22.00");
        assertThat(processed(aEnded)).isEqualTo(1);
    }

    @Test
    void aPoisonRecordInsideABatchIsDeadLetteredAndTheRestOfItsBatchApplied() {
        // given: a poll with a record that does not decode and an event whose held price's currency does not exist
        // (it decodes, but rating it fails: the whole batch's transaction rolls back)
        String a = ls();
        String poisoned = ls();
        String c = ls();
        String garbageKey = "garbage-" + UUID.randomUUID();
        ConsumerRecord<String, String> garbage = record(garbageKey, "{\"type\":\"lease.started\",\"schemaVersion\":99}");
        ConsumerRecord<String, String> poison = record(started(poisoned).withHeldPrice(new BigDecimal("18.50"), "XXQ"));
        List<ConsumerRecord<String, String>> poll = new ArrayList<>(records(started(a)));
        poll.add(garbage);
        poll.add(poison);
        poll.addAll(records(ended(a, 3600), started(c), ended(c, 36)));

        // when
        consumer.apply(poll);

        // then: the others are applied (one at a time), the two bad ones are on the dead-letter topic with reasons
        assertThat(state(a)).isEqualTo("CLOSED 44.00 lines 44.00 drawn 44.00");
        assertThat(state(c)).isEqualTo("CLOSED 0.44 lines 0.44 drawn 0.44");
        assertThat(state(poisoned)).isEqualTo("none");
        List<ConsumerRecord<String, String>> dead = LEASES.kafka().readUntil(Topics.DEAD_LETTER,
                r -> poisoned.equals(r.key()), Duration.ofSeconds(30));
        ConsumerRecord<String, String> deadPoison = dead.stream().filter(r -> poisoned.equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(header(deadPoison, "dead-letter-exception-class-name"))
                .isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(deadPoison, "dead-letter-topic")).isEqualTo(Topics.LEASE_EVENTS);
        assertThat(header(deadPoison, "dead-letter-offset")).isEqualTo(Long.toString(poison.offset()));
        assertThat(deadPoison.value()).isEqualTo(poison.value());
        ConsumerRecord<String, String> deadGarbage = LEASES.kafka().readUntil(Topics.DEAD_LETTER,
                r -> garbageKey.equals(r.key()), Duration.ofSeconds(30)).stream()
                .filter(r -> garbageKey.equals(r.key())).findFirst().orElseThrow();
        assertThat(header(deadGarbage, "dead-letter-reason"))
                .contains("schemaVersion: only 1 is supported but was 99");
        assertThat(header(deadGarbage, "dead-letter-offset")).isEqualTo(Long.toString(garbage.offset()));
    }

    @Test
    void aBatchDeliveredAgainAfterACrashMidBatchChangesNothing() {
        // given: a poll of three leases; the process died after applying its first three events one at a time (the
        // fall-back path commits each), before the poll's offsets were committed
        String a = ls();
        String b = ls();
        String c = ls();
        LeaseEvent[] events = {started(a), ended(a, 3600), started(b), ended(b, 7200), started(c), ended(c, 900)};
        List<ConsumerRecord<String, String>> poll = records(events);
        consumer.apply(poll.subList(0, 1));
        consumer.apply(poll.subList(1, 2));
        consumer.apply(poll.subList(2, 3));

        // when: the restarted consumer reads the whole poll again, and once more (a second crash after its commit)
        consumer.apply(poll);
        consumer.apply(poll);

        // then: every lease charged and drawn once
        assertThat(state(a)).isEqualTo("CLOSED 44.00 lines 44.00 drawn 44.00");
        assertThat(state(b)).isEqualTo("CLOSED 88.00 lines 88.00 drawn 88.00");
        assertThat(state(c)).isEqualTo("CLOSED 11.00 lines 11.00 drawn 11.00");
        assertThat(processed(events)).isEqualTo(events.length);
        assertThat(new BigDecimal(given().get("/internal/v1/tenants/tenant-" + b + "/balance").then().statusCode(200)
                .extract().jsonPath().getString("balance"))).isEqualByComparingTo("-88.00");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
