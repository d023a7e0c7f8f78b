package io.computenet.scheduler.pricing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.placement.PriceFilter;
import io.computenet.scheduler.SchedulerConfig;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The price books in force, read from billing ({@code GET /internal/v1/price-books}) and kept for a short while, as
 * billing rates a lease: the operator's own price for the model in the region, else the marketplace default. Used only
 * for lease requests with a price ceiling; when billing cannot be reached the last prices serve for a while, then
 * there are none (and such a lease waits, with the reason). The request carries the scheduler's own service token
 * (client credentials of {@code svc-scheduler}, the only role besides the portal's that billing lets read prices).
 */
@ApplicationScoped
public class PriceCatalog {

    private static final Logger LOG = Logger.getLogger(PriceCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One price book entry; a null operator is the marketplace default. */
    public record Price(String operatorId, String region, String deviceModel, BigDecimal pricePerDeviceHour,
                        String currency) {
    }

    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;
    @Inject
    OidcClient oidc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Map<String, BigDecimal> byKey;
    private volatile Instant fetchedAt;
    private volatile Tokens tokens;

    /** The prices, or empty when none can be had (no billing configured, or unreachable for too long). */
    public Optional<PriceFilter.Prices> current() {
        Instant now = clock.instant();
        if (byKey == null || fetchedAt.plus(config.pricing().cacheTtl()).isBefore(now)) {
            refresh(now);
        }
        Map<String, BigDecimal> prices = byKey;
        if (prices == null || fetchedAt.plus(config.pricing().staleFor()).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of((operator, region, model) -> Optional.ofNullable(
                prices.getOrDefault(key(operator, region, model), prices.get(key("*", region, model)))));
    }

    private synchronized void refresh(Instant now) {
        if (byKey != null && !fetchedAt.plus(config.pricing().cacheTtl()).isBefore(now)) {
            return; // another caller refreshed meanwhile
        }
        Optional<String> billing = config.pricing().billingUrl();
        if (billing.isEmpty()) {
            return;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(billing.get().replaceAll(
                    "/+$", "") + "/internal/v1/price-books")).timeout(Duration.ofSeconds(3))
                            .header("Authorization", "Bearer " + accessToken()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("billing answered " + response.statusCode());
            }
            byKey = index(JSON.readValue(response.body(), new TypeReference<List<Price>>() {
            }));
            fetchedAt = now;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("price books could not be read from billing (%s); %s", e.getMessage(),
                    byKey == null ? "no prices yet" : "using those of " + fetchedAt);
        }
    }

    /** The scheduler's service token, fetched again when it has expired or is about to. */
    private String accessToken() {
        Tokens current = tokens;
        if (current == null || current.isAccessTokenExpired() || current.isAccessTokenWithinRefreshInterval()) {
            current = oidc.getTokens().await().atMost(Duration.ofSeconds(5));
            tokens = current;
        }
        return current.getAccessToken();
    }

    /** Prices in the marketplace currency only: a ceiling is compared in CNY. */
    static Map<String, BigDecimal> index(List<Price> prices) {
        Map<String, BigDecimal> map = new HashMap<>();
        for (Price p : prices) {
            if (p.pricePerDeviceHour() == null || p.region() == null || p.deviceModel() == null
                    || (p.currency() != null && !"CNY".equals(p.currency()))) {
                continue;
            }
            map.putIfAbsent(key(p.operatorId() == null ? "*" : p.operatorId(), p.region(), p.deviceModel()),
                    p.pricePerDeviceHour());
        }
        return map;
    }

    private static String key(String operator, String region, String model) {
        return operator + "\u0000" + region + "\u0000" + model;
    }
}
