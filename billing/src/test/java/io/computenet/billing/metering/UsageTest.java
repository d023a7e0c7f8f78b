package io.computenet.billing.metering;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
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
    void rejectsAnOutOfRangeLimit() {
        given().queryParam("limit", 0).get("/internal/v1/usage/ls-x").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
