package io.computenet.billing.pricing;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.pricing.PriceBookEvent;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Billing announces its price books on the compacted topic: at start, and again whenever a book changes. */
@QuarkusTest
class PriceBookPublisherTest {

    private static PriceBookEvent lastOf(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), PriceBookEvent.class)).reduce((a, b) -> b).orElseThrow();
    }

    private static void price(String operator, double perHour) {
        given().contentType(ContentType.JSON).queryParam("changedBy", "operator1").body(Map.of("operatorId", operator,
                        "region", "cn-east-yrd", "vendor", "NVIDIA", "deviceModel", "H100 80GB HBM3",
                        "pricePerDeviceHour", perHour)).post("/internal/v1/price-books").then().statusCode(201);
    }

    @Test
    void publishesTheSeededDefaultBookAndEachOperatorsBookAgainAfterEveryChangeWithAHigherVersion() {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser())) {
            // given: the demo default book is published at start
            List<ConsumerRecord<String, String>> start = kafka.readUntil(Topics.PRICE_BOOKS,
                    r -> PriceBookEvent.DEFAULT_BOOK.equals(r.key()), Duration.ofSeconds(30));
            PriceBookEvent defaults = lastOf(start, PriceBookEvent.DEFAULT_BOOK);
            assertThat(defaults.operatorId()).isNull();
            assertThat(defaults.entries()).isNotEmpty()
                    .anySatisfy(e -> assertThat(e.validFrom()).isEqualTo(PriceBooks.SEED_VALID_FROM));

            // when: an operator sets a price, then changes it
            String operator = "op-" + UUID.randomUUID();
            String key = PriceBookEvent.bookKey(operator);
            price(operator, 20.00);
            PriceBookEvent first = lastOf(kafka.readUntil(Topics.PRICE_BOOKS, r -> key.equals(r.key()),
                    Duration.ofSeconds(30)), key);
            price(operator, 24.00);

            // then: the book is sent again, whole, with a higher version
            PriceBookEvent second = lastOf(kafka.readUntil(Topics.PRICE_BOOKS, r -> key.equals(r.key())
                    && EventCodec.decode(r.value(), PriceBookEvent.class).entries().size() == 2,
                    Duration.ofSeconds(30)), key);
            assertThat(first.entries()).hasSize(1);
            assertThat(second.version()).isGreaterThan(first.version());
            assertThat(second.operatorId()).isEqualTo(operator);
            assertThat(second.entries()).extracting(e -> e.pricePerDeviceHour().doubleValue())
                    .containsExactly(20.0, 24.0);
            assertThat(second.entries()).allSatisfy(e -> {
                assertThat(e.term()).isEqualTo("ON_DEMAND");
                assertThat(e.currency()).isEqualTo("CNY");
                assertThat(e.region()).isEqualTo("cn-east-yrd");
            });
        }
    }
}
