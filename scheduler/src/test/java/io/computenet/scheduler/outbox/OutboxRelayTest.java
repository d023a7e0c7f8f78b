package io.computenet.scheduler.outbox;

import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.Pruning;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay sends committed outbox rows and marks them published; relayed rows go after the retention (24 h). */
@QuarkusTest
class OutboxRelayTest {

    /**
     * A topic the scheduler's principal may write (the broker creates no topic on demand and refuses the others); the
     * dead-letter topic, because its readers expect any record there.
     */
    private static final String TOPIC = io.computenet.contracts.Topics.DEAD_LETTER;

    @Inject
    OutboxRelay relay;
    @Inject
    Pruning pruning;
    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void aCommittedRowReachesKafkaAndIsMarkedPublished() {
        // given
        String key = "relay-" + UUID.randomUUID();
        long id = insert(key, null);

        // when: the relay's next round (commits wake it, the tick is the safety net)
        relay.relayBatch();

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> publishedAt(id) != null);
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            var records = kafka.readUntil(TOPIC, r -> key.equals(r.key()), Duration.ofSeconds(30));
            assertThat(records.get(records.size() - 1).value()).isEqualTo("{\"row\":\"" + key + "\"}");
        }
    }

    @Test
    void pruningDeletesOnlyRowsRelayedBeforeTheRetention() {
        // given: rows relayed two days ago, an hour ago, and one not relayed yet
        Instant now = Instant.now();
        long old = insert("old-" + UUID.randomUUID(), now.minus(Duration.ofDays(2)));
        long recent = insert("recent-" + UUID.randomUUID(), now.minus(Duration.ofHours(1)));
        long unsent = insert("unsent-" + UUID.randomUUID(), null);

        // when
        int deleted = pruning.deleteBatch(Pruning.Kept.RELAYED_OUTBOX_ROWS);

        // then
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).isTrue();
        assertThat(exists(unsent)).isTrue();
    }

    private long insert(String key, Instant publishedAt) {
        // a relayed row as the relay leaves it, or one not relayed yet
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "insert into outbox (topic, record_key, payload, created_at, published_at)"
                                + " values (?1, ?2, ?3, ?4, cast(?5 as timestamptz)) returning id")
                .setParameter(1, TOPIC).setParameter(2, key).setParameter(3, "{\"row\":\"" + key + "\"}")
                .setParameter(4, publishedAt == null ? Instant.now() : publishedAt.minusSeconds(1))
                .setParameter(5, publishedAt == null ? null : publishedAt.toString())
                .getSingleResult()).longValue());
    }

    private Instant publishedAt(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object at = em.createNativeQuery("select published_at from outbox where id = ?1", Instant.class)
                    .setParameter(1, id).getSingleResult();
            return (Instant) at;
        });
    }

    private boolean exists(long id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from outbox where id = ?1").setParameter(1, id).getSingleResult()).intValue() == 1);
    }
}
