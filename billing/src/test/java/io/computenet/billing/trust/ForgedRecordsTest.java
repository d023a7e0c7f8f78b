package io.computenet.billing.trust;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.access.KafkaAccess;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.contracts.usage.UsageEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Billing acts only on records the scheduler wrote: the broker refuses lease events and verified usage from any
 * other principal (ACLs from {@link KafkaAccess}), so a node agent's forgeries never reach billing's consumers.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class ForgedRecordsTest {

    private static LeaseEvent event(String type, String leaseId, LeaseState state, Instant started, Instant ended) {
        return LeaseEvent.of(type, ended != null ? ended : started, leaseId, "tenant-lab-alpha", state,
                "cn-east-yrd", "wuhu-1", "node-1", "op-demo", Vendor.HUAWEI_ASCEND, "Ascend910B3", 8, 65536,
                List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"), started, ended, null);
    }

    private static void sendLease(KafkaTestClient kafka, String leaseId, Instant start, Instant end) {
        kafka.send(Topics.LEASE_EVENTS, leaseId, EventCodec.encode(event(LeaseEvent.TYPE_STARTED, leaseId,
                LeaseState.RUNNING, start, null)));
        kafka.send(Topics.LEASE_EVENTS, leaseId, EventCodec.encode(event(LeaseEvent.TYPE_ENDED, leaseId,
                LeaseState.RELEASED, start, end)));
    }

    private static int chargeStatus(String leaseId) {
        return given().get("/internal/v1/charges/" + leaseId).statusCode();
    }

    private static int samples(String leaseId) {
        return given().get("/internal/v1/usage/" + leaseId).then().statusCode(200).extract().jsonPath()
                .getList("$").size();
    }

    @Test
    void anAgentCannotForgeALeaseAndBillingChargesNothingForIt() {
        try (KafkaTestClient agent = new KafkaTestClient(RealInfraResource.kafka().clientConfig(KafkaAccess.AGENT));
             KafkaTestClient scheduler = new KafkaTestClient(
                     RealInfraResource.kafka().clientConfig(KafkaAccess.SCHEDULER))) {
            // given: a week on eight NPUs, as a forger would claim it
            String forged = "ls-" + UUID.randomUUID();
            String real = "ls-" + UUID.randomUUID();
            Instant start = Instant.parse("2026-11-02T00:00:00Z");

            // when: the agents' principal produces the pair, the scheduler a short real lease after it
            assertThatThrownBy(() -> sendLease(agent, forged, start, start.plus(Duration.ofDays(7))))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
            sendLease(scheduler, real, start, start.plusSeconds(60));

            // then: billing got as far as the real lease, and has nothing for the forged one
            await().atMost(Duration.ofSeconds(30)).until(() -> chargeStatus(real) == 200);
            assertThat(chargeStatus(forged)).isEqualTo(404);
        }
    }

    @Test
    void anAgentCannotPutAnUnverifiedSampleIntoBillingsUsage() {
        try (KafkaTestClient agent = new KafkaTestClient(RealInfraResource.kafka().clientConfig(KafkaAccess.AGENT));
             KafkaTestClient scheduler = new KafkaTestClient(
                     RealInfraResource.kafka().clientConfig(KafkaAccess.SCHEDULER))) {
            // given: an unsigned sample, straight onto the verified topic
            String forged = "ls-" + UUID.randomUUID();
            String real = "ls-" + UUID.randomUUID();
            Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
            UsageEvent fake = UsageEvent.sample(t0, forged, "node-1", "a0", 99.0, 60_000L);
            UsageEvent verified = UsageEvent.sample(t0, real, "node-1", "a0", 40.0, 10_000L);

            // when
            assertThatThrownBy(() -> agent.send(Topics.USAGE_VERIFIED, forged, EventCodec.encode(fake)))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
            scheduler.send(Topics.USAGE_VERIFIED, real, EventCodec.encode(verified));

            // then
            await().atMost(Duration.ofSeconds(30)).until(() -> samples(real) == 1);
            assertThat(samples(forged)).isZero();
        }
    }
}
