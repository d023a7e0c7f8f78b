package io.computenet.billing.metering;

import io.computenet.billing.usage.UsageSamples;
import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class UsageTest {

    @Inject
    LeaseEventConsumer leaseEvents;
    @Inject
    UsageSamples samples;

    @Test
    void storesEachUsageSampleOnceAndServesTheLeaseSeriesInOrder() {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            // given
            String leaseId = "ls-" + UUID.randomUUID();
            Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
            UsageEvent second = UsageEvent.sample(t0.plusSeconds(10), leaseId, "n1", "GPU-1", 80.0, 30_000L);
            UsageEvent first = UsageEvent.sample(t0, leaseId, "n1", "GPU-1", 55.5, 20_000L);

            // when: out of order, and one delivered twice
            kafka.send(Topics.USAGE_VERIFIED, leaseId, EventCodec.encode(second));
            kafka.send(Topics.USAGE_VERIFIED, leaseId, EventCodec.encode(first));
            kafka.send(Topics.USAGE_VERIFIED, leaseId, EventCodec.encode(first));
            kafka.send(Topics.USAGE_VERIFIED, leaseId, "{\"type\":\"lease.usage\"}");

            // then
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    given().get("/internal/v1/usage/" + leaseId).then().extract().jsonPath().getList("$").size() == 2);
            given().get("/internal/v1/usage/" + leaseId).then().statusCode(200)
                    .body("[0].utilizationPct", equalTo(55.5f))
                    .body("[1].memoryUsedMiB", equalTo(30000))
                    .body("[0].sampledAt", equalTo("2026-11-20T10:00:00Z"));
            var dead = kafka.readUntil(Topics.DEAD_LETTER, r -> leaseId.equals(r.key()), Duration.ofSeconds(30));
            assertThat(dead).anyMatch(r -> leaseId.equals(r.key()));
        }
    }

    @Test
    void refusesAndCountsSamplesDatedAfterTheirLeaseEnded() {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            // given: a lease that ran a minute and ended
            String leaseId = "ls-" + UUID.randomUUID();
            Instant start = Instant.parse("2026-11-20T11:00:00Z");
            Instant end = start.plusSeconds(60);
            kafka.send(Topics.LEASE_EVENTS, leaseId, EventCodec.encode(lease(LeaseEvent.TYPE_STARTED, leaseId,
                    LeaseState.RUNNING, start, null)));
            kafka.send(Topics.LEASE_EVENTS, leaseId, EventCodec.encode(lease(LeaseEvent.TYPE_ENDED, leaseId,
                    LeaseState.RELEASED, start, end)));
            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/internal/v1/charges/" + leaseId)
                    .then().extract().jsonPath().getString("endedAt") != null);

            // when: a sample from while it ran, and one dated after its end, arrive late
            UsageEvent during = UsageEvent.sample(end.minusSeconds(5), leaseId, "n1", "GPU-1", 40.0, 1_000L);
            UsageEvent after = UsageEvent.sample(end.plusSeconds(30), leaseId, "n1", "GPU-1", 90.0, 9_000L);
            kafka.send(Topics.USAGE_VERIFIED, leaseId, EventCodec.encode(after));
            kafka.send(Topics.USAGE_VERIFIED, leaseId, EventCodec.encode(during));

            // then: only the one from within the lease is kept, and the refusal is counted
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    given().get("/internal/v1/usage/" + leaseId).then().extract().jsonPath().getList("$").size() == 1);
            given().get("/internal/v1/usage/" + leaseId).then().statusCode(200)
                    .body("[0].utilizationPct", equalTo(40.0f));
            assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).containsPattern(
                    "computenet_billing_usage_refused_total\\{[^}]*reason=\"lease-ended\"[^}]*} [1-9]");
        }
    }

    @Test
    void storesABatchOfSamplesOnceEachAndRefusesOnlyThoseAfterTheirLeaseEnded() {
        // given: a lease that ran a minute and ended, applied as the lease-event consumer does
        String leaseId = "ls-" + UUID.randomUUID();
        String other = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-20T12:00:00Z");
        Instant end = start.plusSeconds(60);
        leaseEvents.apply(List.of(
                new ConsumerRecord<>(Topics.LEASE_EVENTS, 0, 2_000_000L, leaseId, EventCodec.encode(lease(
                        LeaseEvent.TYPE_STARTED, leaseId, LeaseState.RUNNING, start, null))),
                new ConsumerRecord<>(Topics.LEASE_EVENTS, 0, 2_000_001L, leaseId, EventCodec.encode(lease(
                        LeaseEvent.TYPE_ENDED, leaseId, LeaseState.RELEASED, start, end)))));
        UsageEvent during = UsageEvent.sample(end.minusSeconds(5), leaseId, "n1", "GPU-1", 40.0, 1_000L);
        UsageEvent after = UsageEvent.sample(end.plusSeconds(30), leaseId, "n1", "GPU-1", 90.0, 9_000L);
        UsageEvent unmeasured = UsageEvent.sample(start.plusSeconds(1), other, "n1", "GPU-2", null, null);

        // when: one batch with a sample twice, one after the end, one of a lease billing has no charge for yet
        List<String> refused = samples.storeAll(List.of(during, after, during, unmeasured));

        // then
        assertThat(refused).singleElement().asString().contains(leaseId);
        assertThat(samples.forLease(leaseId, 10)).extracting(UsageSamples.Sample::utilizationPct)
                .containsExactly(40.0);
        assertThat(samples.forLease(other, 10)).singleElement()
                .satisfies(s -> assertThat(s.memoryUsedMiB()).isNull());
        assertThat(samples.storeAll(List.of(during, unmeasured))).isEmpty();
        assertThat(samples.forLease(leaseId, 10)).hasSize(1);
    }

    private static LeaseEvent lease(String type, String leaseId, LeaseState state, Instant started, Instant ended) {
        return LeaseEvent.of(type, ended != null ? ended : started, leaseId, "tenant-lab-alpha", state,
                "cn-east-yrd", "wuhu-1", "n1", "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", 1, 81559,
                List.of("GPU-1"), started, ended, null);
    }

    @Test
    void rejectsAnOutOfRangeLimit() {
        given().queryParam("limit", 0).get("/internal/v1/usage/ls-x").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
