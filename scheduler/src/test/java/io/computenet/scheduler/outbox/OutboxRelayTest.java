package io.computenet.scheduler.outbox;

import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
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

    private static final String TOPIC = "computenet.test.outbox-relay";

    @Inject
    OutboxRelay relay;

    @Test
    void aCommittedRowReachesKafkaAndIsMarkedPublished() {
        // given
        String key = "relay-" + UUID.randomUUID();
        long id = insert(key, null);

        // when: the relay's next round (commits wake it, the tick is the safety net)
        relay.relayBatch();

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> publishedAt(id) != null);
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().bootstrapServers())) {
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
        int deleted = relay.pruneBatch();

        // then
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).isTrue();
        assertThat(exists(unsent)).isTrue();
    }

    private long insert(String key, Instant publishedAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OutboxEntity row = new OutboxEntity();
            row.topic = TOPIC;
            row.recordKey = key;
            row.payload = "{\"row\":\"" + key + "\"}";
            row.createdAt = publishedAt == null ? Instant.now() : publishedAt.minusSeconds(1);
            row.publishedAt = publishedAt;
            row.persist();
            return row.id;
        });
    }

    private Instant publishedAt(long id) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntity.<OutboxEntity>findById(id).publishedAt);
    }

    private boolean exists(long id) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntity.findById(id) != null);
    }
}
