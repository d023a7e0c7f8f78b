package io.computenet.scheduler.pricing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.placement.PriceFilter;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceEntry;
import io.computenet.pricing.PriceQuery;
import io.computenet.pricing.PriceTerm;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The price books, read from billing ({@code GET /internal/v1/price-books?all=true}: every entry with its validity
 * start) and kept for a short while, answered by the same pure {@link PriceBook} billing rates with (the price in
 * force now: the operator's own, else the marketplace default). Used for quotes, for ranking a lease request's options
 * and for price ceilings; when billing cannot be reached the last prices serve for a while, then there are none (and such a lease waits, with
 * the reason); a failed read is tried again after 5 s at the soonest, since every lease request asks (its options are
 * ranked by price).
 * The request carries the scheduler's own service token (client credentials of {@code svc-scheduler}, the only
 * role besides the portal's that billing lets read prices).
 */
@ApplicationScoped
public class PriceCatalog {

    private static final Logger LOG = Logger.getLogger(PriceCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One price book entry as billing serves it; a null operator is the marketplace default. */
    public record Price(String operatorId, String region, String deviceModel, BigDecimal pricePerDeviceHour,
                        String currency, SliceKind sliceKind, String sliceProfile, PriceTerm term,
                        Instant validFrom) {
    }

    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;
    @Inject
    OidcClient oidc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile PriceBook byKey;
    private volatile Instant fetchedAt;
    private volatile Tokens tokens;
    /** When billing was last asked: a failed read is not tried again before {@link #RETRY} (every lease asks). */
    private volatile Instant triedAt;

    /** How long after a failed read billing is not asked again (the last prices, or none, serve meanwhile). */
    static final Duration RETRY = Duration.ofSeconds(5);

    /** The whole-device on-demand prices now, or empty when none can be had (see {@link #book()}). */
    public Optional<PriceFilter.Prices> current() {
        Instant now = clock.instant();
        return book().map(prices -> wholeDevicesOnDemand(prices, now));
    }

    /** The book's whole-device on-demand prices at {@code now}, as the price ceiling compares them. */
    public static PriceFilter.Prices wholeDevicesOnDemand(PriceBook book, Instant now) {
        return (operator, region, model) -> book.priceAt(PriceQuery.wholeDevice(operator, region, model), now)
                .map(io.computenet.pricing.Price::pricePerDeviceHour);
    }

    /**
     * Every option's price at {@code now} from the book (its slice kind and profile, on demand or interruptible): how
     * quotes are priced and ranked, and the lease decision ranks the same options with the same prices.
     */
    public static io.computenet.scheduler.decision.Quotes.Pricing options(PriceBook book, Instant now) {
        return (o, interruptible) -> book.priceAt(new PriceQuery(o.operatorId(), o.region(), o.model(),
                o.sliceKind() == null ? null : SliceKind.valueOf(o.sliceKind()), o.sliceProfile(),
                interruptible ? PriceTerm.INTERRUPTIBLE : PriceTerm.ON_DEMAND), now)
                .map(io.computenet.pricing.Price::pricePerDeviceHour);
    }

    /**
     * Every price billing serves, in the marketplace currency, or empty when none can be had (no billing configured,
     * or unreachable for too long).
     */
    public Optional<PriceBook> book() {
        Instant now = clock.instant();
        if ((byKey == null || fetchedAt.plus(config.pricing().cacheTtl()).isBefore(now))
                && (triedAt == null || !triedAt.plus(RETRY).isAfter(now))) {
            refresh(now);
        }
        PriceBook prices = byKey;
        if (prices == null || fetchedAt.plus(config.pricing().staleFor()).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(prices);
    }

    private synchronized void refresh(Instant now) {
        if (byKey != null && !fetchedAt.plus(config.pricing().cacheTtl()).isBefore(now)) {
            return; // another caller refreshed meanwhile
        }
        triedAt = now;
        Optional<String> billing = config.pricing().billingUrl();
        if (billing.isEmpty()) {
            return;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(billing.get().replaceAll(
                    "/+$", "") + "/internal/v1/price-books?all=true")).timeout(Duration.ofSeconds(3))
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
    static PriceBook index(List<Price> prices) {
        List<PriceEntry> entries = new ArrayList<>();
        for (Price p : prices) {
            if (p.pricePerDeviceHour() == null || p.region() == null || p.deviceModel() == null
                    || (p.currency() != null && !PriceEntry.DEFAULT_CURRENCY.getCurrencyCode().equals(p.currency()))) {
                continue;
            }
            entries.add(new PriceEntry(p.operatorId(), p.region(), p.deviceModel(), p.sliceKind(), p.sliceProfile(),
                    p.term(), p.pricePerDeviceHour(), PriceEntry.DEFAULT_CURRENCY,
                    p.validFrom() == null ? Instant.EPOCH : p.validFrom()));
        }
        return PriceBook.of(entries);
    }
}
