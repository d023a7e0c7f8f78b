package io.computenet.scheduler.pricing;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.pricing.PriceBookEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.pricing.PriceQuery;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Prices reach the scheduler on billing's price book topic, and a lease is priced and capped from them. */
@QuarkusTest
class PriceBookTopicTest {

    private static final String REGION = "cn-west-gz";
    private static final String MODEL = "PriceTopic-X1";
    private static final String OPERATOR = "op-test";

    @Inject
    PriceCatalog catalog;

    @BeforeAll
    static void oneCardOfThisModel() {
        TestInventory.publish(TestInventory.inventory("pt-node", REGION,
                TestInventory.devices(Vendor.NVIDIA, MODEL, 16384, "pt-node", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "pt-node")) == 1);
    }

    private static String book(long version, String price) {
        return EventCodec.encode(PriceBookEvent.of(Instant.now(), OPERATOR, version, List.of(
                new PriceBookEvent.Entry(REGION, MODEL, null, null, "ON_DEMAND", new BigDecimal(price), "CNY",
                        Instant.parse("2020-01-01T00:00:00Z")))));
    }

    private Optional<BigDecimal> price() {
        return catalog.book().flatMap(b -> b.priceAt(PriceQuery.wholeDevice(OPERATOR, REGION, MODEL), Instant.now()))
                .map(io.computenet.pricing.Price::pricePerDeviceHour);
    }

    private static JsonPath leaseWithCeiling(String ceiling) {
        JsonPath lease = given().contentType(ContentType.JSON).body(Map.of("tenantId", "t-prices", "memoryGiB", 16,
                        "deviceCount", 1, "region", REGION, "model", MODEL, "sharing", "WHOLE", "durationMinutes", 30,
                        "maxPricePerHour", new BigDecimal(ceiling), "maxWaitMinutes", 0))
                .post("/internal/v1/leases").then().statusCode(201).extract().jsonPath();
        given().queryParam("tenantId", "t-prices").post("/internal/v1/leases/" + lease.getString("leaseId")
                + "/release").then().statusCode(200);
        return lease;
    }

    @Test
    void aLeaseIsPricedFromTheBooksOnTheTopicAndAnOlderBookNeverReplacesANewerOne() {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            // given: billing publishes the operator's book
            String key = PriceBookEvent.bookKey(OPERATOR);
            kafka.send(Topics.PRICE_BOOKS, key, book(2, "12.00"));
            await().atMost(Duration.ofSeconds(30)).until(() -> price().isPresent());

            // when
            JsonPath lease = leaseWithCeiling("20");

            // then: placed under the ceiling, at the book's price
            assertThat(lease.getString("nodeId")).isEqualTo("pt-node");
            assertThat(lease.getDouble("pricePerHour")).isEqualTo(12.0);
            assertThat(lease.getString("currency")).isEqualTo("CNY");

            // when: a newer book, then an older one arriving late, then a record that is no price book
            kafka.send(Topics.PRICE_BOOKS, key, book(3, "15.00"));
            kafka.send(Topics.PRICE_BOOKS, key, book(1, "99.00"));
            kafka.send(Topics.PRICE_BOOKS, key, "{\"not\": \"a price book\"}");

            // then: the bad record is dead-lettered with the reason (after the two before it, same partition) ...
            kafka.readUntil(Topics.DEAD_LETTER, r -> Topics.PRICE_BOOKS.equals(headerOf(r, "dead-letter-topic"))
                    && "{\"not\": \"a price book\"}".equals(r.value()), Duration.ofSeconds(30));
            // ... and the newer book holds
            assertThat(price()).contains(new BigDecimal("15.00"));
            assertThat(leaseWithCeiling("20").getDouble("pricePerHour")).isEqualTo(15.0);
        }
    }

    private static String headerOf(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> r, String name) {
        var header = r.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
