package io.computenet.scheduler.quote;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceEntry;
import io.computenet.pricing.PriceTerm;
import io.computenet.scheduler.TenantLeases;
import io.computenet.scheduler.TestInventory;
import io.computenet.scheduler.inventory.DeviceEntity;
import io.computenet.scheduler.pricing.PriceCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Quotes are priced, stored and held; a lease request with a quote's id books it once, inside its option, at the held
 * price. The fleet is two whole-device GPUs of a model only this test has.
 */
@QuarkusTest
public class QuoteBookingTest {

    private static final String REGION = "cn-east-yrd";
    private static final String MODEL = "A100-SXM4-80GB (quote test)";
    private static final String TENANT = "t-quotes";
    private static final Map<String, Object> ASKED = Map.of("memoryGiB", 40, "deviceCount", 1, "region", REGION,
            "model", MODEL, "durationMinutes", 90, "sharing", "WHOLE");

    private final TenantLeases leases = new TenantLeases(TENANT, Map.of("maxWaitMinutes", 0));

    @jakarta.inject.Inject
    io.computenet.scheduler.Pruning pruning;

    /** Billing's prices: {@code price} per device-hour for one model in one region (this test's, unless given). */
    public static final class Prices extends PriceCatalog {
        private final String region;
        private final String model;
        private final String price;

        Prices(String price) {
            this(REGION, MODEL, price);
        }

        public Prices(String region, String model, String price) {
            this.region = region;
            this.model = model;
            this.price = price;
        }

        @Override
        public Optional<PriceBook> book() {
            return Optional.of(PriceBook.of(List.of(new PriceEntry(null, region, model, null, null,
                    PriceTerm.ON_DEMAND, new BigDecimal(price), PriceEntry.DEFAULT_CURRENCY, Instant.EPOCH))));
        }

        @Override
        public Optional<io.computenet.placement.PriceFilter.Prices> current() {
            return book().map(b -> wholeDevicesOnDemand(b, Instant.now()));
        }
    }

    @BeforeAll
    static void fleet() {
        TestInventory.publish(TestInventory.inventory("quote-node", REGION,
                TestInventory.devices(Vendor.NVIDIA, MODEL, 81920, "quote-gpu", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> DeviceEntity.count("nodeId", "quote-node")) == 2);
    }

    @BeforeEach
    void prices() {
        QuarkusMock.installMockForType(new Prices("12.00"), PriceCatalog.class);
    }

    @AfterEach
    void release() {
        leases.releaseAll();
    }

    private static ValidatableResponse quote(String tenant) {
        Map<String, Object> body = new HashMap<>(ASKED);
        body.put("tenantId", tenant);
        return given().contentType(ContentType.JSON).body(body).post("/internal/v1/quotes").then();
    }

    private static String firstQuote() {
        return quote(TENANT).statusCode(200).extract().path("quotes[0].quoteId");
    }

    @Test
    void aQuoteIsBookedByIdInsideItsOptionAtTheHeldPriceAndOnlyOnce() {
        // given: a quote at 12.00 per device-hour, held for 15 minutes
        ValidatableResponse quoted = quote(TENANT).statusCode(200)
                .body("quotes[0].quoteId", startsWith("qt-")).body("quotes[0].validUntil", notNullValue())
                .body("quotes[0].region", equalTo(REGION)).body("quotes[0].model", equalTo(MODEL))
                .body("quotes[0].pricePerHour", equalTo(12.0f)).body("quotes[0].estimatedCost", equalTo(18.0f))
                .body("quotes[0].currency", equalTo("CNY"));
        String quoteId = quoted.extract().path("quotes[0].quoteId");
        Instant validUntil = Instant.parse(quoted.extract().path("quotes[0].validUntil"));
        assertThat(Duration.between(Instant.now(), validUntil)).isBetween(Duration.ofMinutes(14),
                Duration.ofMinutes(15));

        // when: the price rises to 30.00, then the quote is booked with nothing but its id
        QuarkusMock.installMockForType(new Prices("30.00"), PriceCatalog.class);
        leases.request(Map.of("quoteId", quoteId)).statusCode(201)
                .body("quoteId", equalTo(quoteId)).body("deviceModel", equalTo(MODEL)).body("region", equalTo(REGION))
                .body("memoryGiB", equalTo(40)).body("durationMinutes", equalTo(90))
                // then: the lease is charged the held price, not the new one
                .body("pricePerHour", equalTo(12.0f)).body("currency", equalTo("CNY"))
                .body("estimatedCost", equalTo(18.0f));

        // and: a quote is booked once
        leases.request(Map.of("quoteId", quoteId)).statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/quote-booked"))
                .body("detail", containsString(quoteId));
    }

    @Test
    void anotherTenantsQuoteIsNotFound() {
        String quoteId = quote("t-quotes-other").statusCode(200).extract().path("quotes[0].quoteId");

        leases.request(Map.of("quoteId", quoteId)).statusCode(404)
                .body("type", equalTo("https://computenet.io/problems/quote-not-found"));
    }

    @Test
    void anExpiredQuoteIsGoneWithItsValidity() {
        // given: a quote whose hold has ended
        String quoteId = firstQuote();
        Instant ended = Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> QuoteEntity.update("validUntil = ?1 where quoteId = ?2", ended,
                quoteId));

        // when / then
        leases.request(Map.of("quoteId", quoteId)).statusCode(410)
                .contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/quote-expired"))
                .body("detail", containsString(ended.toString()))
                .body("reasons[0]", equalTo("validUntil: " + ended));
    }

    @Test
    void aQuoteWhoseOptionIsTakenIsRefusedOrQueuedNamingTheQuote() {
        // given: a quote, then both GPUs taken by another lease
        String quoteId = firstQuote();
        leases.request(Map.of("memoryGiB", 40, "deviceCount", 2, "region", REGION, "model", MODEL,
                "durationMinutes", 30)).statusCode(201);

        // when: booked without waiting, then with a wait
        leases.request(Map.of("quoteId", quoteId)).statusCode(409)
                .body("type", equalTo("https://computenet.io/problems/quote-unavailable"))
                .body("reasons[0]", startsWith("quote " + quoteId + " (whole " + MODEL + " in " + REGION));
        leases.request(Map.of("quoteId", quoteId, "maxWaitMinutes", 5)).statusCode(201)
                .body("state", equalTo("QUEUED")).body("quoteId", equalTo(quoteId))
                .body("pendingReasons[0]", startsWith("quote " + quoteId));
    }

    @Test
    void fieldsThatDisagreeWithTheQuoteAreRefusedByName() {
        String quoteId = firstQuote();

        leases.request(Map.of("quoteId", quoteId, "memoryGiB", 20)).statusCode(400)
                .body("errors[0].field", equalTo("memoryGiB"));
        leases.request(Map.of("quoteId", quoteId, "region", "cn-west-nm")).statusCode(400)
                .body("errors[0].field", equalTo("region"));
        leases.request(Map.of("quoteId", quoteId, "maxPricePerHour", 5)).statusCode(409)
                .body("type", equalTo("https://computenet.io/problems/price-ceiling"))
                .body("reasons[0]", containsString("12.00 CNY per hour"));
        leases.request(Map.of("durationMinutes", 30)).statusCode(400)
                .body("errors[0].field", equalTo("memoryGiB"));
    }

    @Test
    void expiredQuotesNeverBookedArePrunedAndBookedOnesKept() {
        // given: two quotes, one booked, both expired two days ago
        String unbooked = firstQuote();
        String booked = firstQuote();
        leases.request(Map.of("quoteId", booked)).statusCode(201);
        Instant longAgo = Instant.now().minus(Duration.ofDays(2));
        QuarkusTransaction.requiringNew().run(() -> QuoteEntity.update("validUntil = ?1 where quoteId in ?2",
                longAgo, List.of(unbooked, booked)));

        // when
        int deleted = pruning.deleteBatch(io.computenet.scheduler.Pruning.Kept.EXPIRED_QUOTES);

        // then
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> QuoteEntity.<QuoteEntity>findById(unbooked)))
                .isNull();
        assertThat(QuarkusTransaction.requiringNew().call(() -> QuoteEntity.<QuoteEntity>findById(booked)))
                .isNotNull();
    }
}
