package io.computenet.billing.inference;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inference.EndpointUsageEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.focus.FocusConformance;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * Inference endpoints' requests and tokens reach billing over Kafka (a real broker), are counted once however often
 * they are delivered, are summed per endpoint and API key for the researcher, and appear in finance's
 * {@code endpoint-usage} and FOCUS exports of the month their window ended in.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class EndpointUsageTest {

    private static EndpointUsageEvent usage(String tenant, String endpoint, String key, Instant end, long requests,
                                            long prompt, long completion) {
        return EndpointUsageEvent.of(UUID.randomUUID().toString(), tenant, endpoint, "chat-" + endpoint, key,
                end.minusSeconds(1), end, requests, prompt, completion);
    }

    private static JsonPath tenantUsage(String tenant, String period) {
        return given().queryParam("tenantId", tenant).queryParam("period", period).get("/internal/v1/endpoint-usage")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void countsEachReportOncePerEndpointAndKeyAndExportsTheMonth() {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            // given: two keys of one endpoint, one report delivered twice, and one window that ended in the next month
            String tenant = "tenant-" + UUID.randomUUID();
            String endpoint = "ep-" + UUID.randomUUID().toString().substring(0, 12);
            Instant november = Instant.parse("2026-11-30T23:59:58Z");
            EndpointUsageEvent a1 = usage(tenant, endpoint, "key-a", november, 3, 30, 48);
            EndpointUsageEvent a2 = usage(tenant, endpoint, "key-a", november.plusSeconds(1), 1, 7, 16);
            EndpointUsageEvent b = usage(tenant, endpoint, "key-b", november, 2, 10, 8);
            EndpointUsageEvent december = usage(tenant, endpoint, "key-a", Instant.parse("2026-12-01T00:00:01Z"), 5,
                    50, 80);

            // when
            for (EndpointUsageEvent e : List.of(a1, a2, b, a1, december)) {
                kafka.send(Topics.ENDPOINT_USAGE, endpoint, EventCodec.encode(e));
            }

            // then: November holds the three November reports, each once, per key and summed
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    tenantUsage(tenant, "2026-11").getLong("endpoints[0].requests") == 6);
            JsonPath nov = tenantUsage(tenant, "2026-11");
            assertThat(nov.getList("endpoints")).hasSize(1);
            assertThat(nov.getString("endpoints[0].endpointName")).isEqualTo("chat-" + endpoint);
            assertThat(nov.getLong("endpoints[0].promptTokens")).isEqualTo(47);
            assertThat(nov.getLong("endpoints[0].completionTokens")).isEqualTo(72);
            assertThat(nov.getList("endpoints[0].keys.keyId", String.class)).containsExactly("key-a", "key-b");
            assertThat(nov.getLong("endpoints[0].keys[0].requests")).isEqualTo(4);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    tenantUsage(tenant, "2026-12").getLong("endpoints[0].requests") == 5);

            // and: finance's export of November lists one row per key, with the totals
            String csv = given().queryParam("period", "2026-11").queryParam("format", "endpoint-usage")
                    .queryParam("tenantId", tenant).get("/internal/v1/exports").then().statusCode(200)
                    .header("Content-Disposition", org.hamcrest.Matchers.containsString("-endpoint-usage.csv"))
                    .extract().asString();
            List<String> rows = csv.lines().toList();
            assertThat(rows.get(0)).startsWith("period,tenant_id,endpoint_id,endpoint_name,api_key_id");
            assertThat(rows).hasSize(3);
            assertThat(rows.get(1)).startsWith("2026-11," + tenant + "," + endpoint + ",chat-" + endpoint
                    + ",key-a,2026-11-30T23:59:57Z,2026-11-30T23:59:59Z,4,37,64,101");
            assertThat(rows.get(2)).endsWith(",key-b,2026-11-30T23:59:57Z,2026-11-30T23:59:58Z,2,10,8,18");

            // and: its FOCUS export lists each key's prompt and completion tokens as conforming zero-cost usage
            String focus = given().queryParam("period", "2026-11").queryParam("format", "focus")
                    .queryParam("tenantId", tenant).get("/internal/v1/exports").then().statusCode(200)
                    .extract().asString();
            assertThat(FocusConformance.computeNetExport().check(new StringReader(focus)).violations()).isEmpty();
            assertThat(focus.lines().filter(l -> l.contains(",inference/prompt-tokens,")).toList())
                    .hasSize(2).allSatisfy(l -> assertThat(l).startsWith("0.00," + tenant + ",,CNY,"))
                    .anySatisfy(l -> assertThat(l).contains(",37,Tokens,").contains("key-a"))
                    .anySatisfy(l -> assertThat(l).contains(",10,Tokens,").contains("key-b"));
            assertThat(focus.lines().filter(l -> l.contains(",inference/completion-tokens,")).toList())
                    .anySatisfy(l -> assertThat(l).contains(",64,Tokens,").contains("key-a"));
        }
    }

    @Test
    void deadLettersAReportThatBreaksTheRulesAndAsksForTheTenant() {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            // given: negative tokens
            String endpoint = "ep-" + UUID.randomUUID().toString().substring(0, 12);
            EndpointUsageEvent bad = usage("tenant-x", endpoint, "key-a", Instant.parse("2026-11-10T10:00:00Z"), 1,
                    -5, 3);

            // when
            kafka.send(Topics.ENDPOINT_USAGE, endpoint, EventCodec.encode(bad));

            // then
            var dead = kafka.readUntil(Topics.DEAD_LETTER, r -> endpoint.equals(r.key()), Duration.ofSeconds(30));
            assertThat(dead).anyMatch(r -> endpoint.equals(r.key()));
            given().queryParam("period", "2026-11").get("/internal/v1/endpoint-usage").then().statusCode(400)
                    .body("errors.field", hasItem("tenantId"));
        }
    }
}
