package io.computenet.billing.pricing;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceTerm;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The price book of every entry ever written, as the pure {@link PriceBook} that answers "what does this cost at t",
 * kept in memory and rebuilt after a write here or at most {@code computenet.billing.price-book-refresh} after a write
 * elsewhere; and the demo price book seed.
 */
@ApplicationScoped
public class PriceBooks {

    private static final Logger LOG = Logger.getLogger(PriceBooks.class);
    /** Seeded demo prices apply from long before any lease, so replayed old events are rated too. */
    static final Instant SEED_VALID_FROM = Instant.parse("2020-01-01T00:00:00Z");

    @ConfigProperty(name = "computenet.billing.seed-demo-price-books", defaultValue = "false")
    boolean seedDemo;
    @ConfigProperty(name = "computenet.billing.price-book-refresh", defaultValue = "10s")
    Duration refresh;
    @Inject
    Clock clock;

    private record Loaded(PriceBook book, Instant at) {
    }

    private volatile Loaded loaded;

    /** The price book now (every version of every entry). */
    public PriceBook book() {
        Loaded current = loaded;
        Instant now = clock.instant();
        if (current == null || current.at().plus(refresh).isBefore(now)) {
            current = new Loaded(PriceBook.of(PriceBookEntry.<PriceBookEntry>list("order by id").stream()
                    .map(PriceBookEntry::toPriceEntry).toList()), now);
            loaded = current;
        }
        return current.book();
    }

    /** Makes the next {@link #book()} read the table again (after a write). */
    public void changed() {
        loaded = null;
    }

    public List<PriceBookEntry> all() {
        return PriceBookEntry.list("order by region, deviceModel, operatorId, validFrom, id");
    }

    @Transactional
    void seed(@Observes StartupEvent start) {
        if (!seedDemo || PriceBookEntry.count() > 0) {
            return;
        }
        List<PriceBookEntry> entries = parse(getClass().getResourceAsStream("/demo-price-books.csv"),
                "demo-price-books.csv");
        entries.forEach(e -> e.persist());
        changed();
        LOG.infof("seeded %d demo price book entries", entries.size());
    }

    /**
     * Parses {@code region,vendor,device_model,price_per_device_hour,currency[,term[,slice_kind[,slice_profile]]]}
     * lines ('#' starts a comment); each applies from {@link #SEED_VALID_FROM}.
     */
    static List<PriceBookEntry> parse(InputStream in, String source) {
        if (in == null) {
            throw new IllegalStateException("price book " + source + " not found");
        }
        List<PriceBookEntry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < 5 || f.length > 8) {
                    throw new IllegalArgumentException(source + " line " + n + ": expected 5 to 8 fields but got "
                            + f.length + ": " + line);
                }
                PriceBookEntry e = new PriceBookEntry();
                e.region = f[0].trim();
                try {
                    e.vendor = Vendor.valueOf(f[1].trim());
                    e.pricePerDeviceHour = new BigDecimal(f[3].trim());
                    e.term = f.length > 5 ? PriceTerm.valueOf(f[5].trim()) : PriceTerm.ON_DEMAND;
                    e.sliceKind = f.length > 6 ? SliceKind.valueOf(f[6].trim()) : null;
                    e.sliceProfile = f.length > 7 ? f[7].trim() : null;
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(source + " line " + n + ": " + ex.getMessage() + ": " + line);
                }
                e.deviceModel = f[2].trim();
                e.currency = f[4].trim();
                e.validFrom = SEED_VALID_FROM;
                e.createdAt = SEED_VALID_FROM;
                e.createdBy = "seed:" + source;
                if (e.pricePerDeviceHour.signum() < 0 || e.currency.length() != 3) {
                    throw new IllegalArgumentException(source + " line " + n + ": bad price or currency: " + line);
                }
                entries.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
