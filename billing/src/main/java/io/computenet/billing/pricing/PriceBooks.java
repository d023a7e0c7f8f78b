package io.computenet.billing.pricing;

import io.computenet.contracts.inventory.Vendor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Price look-up (operator's own price first, then the marketplace default) and the demo price book seed. */
@ApplicationScoped
public class PriceBooks {

    private static final Logger LOG = Logger.getLogger(PriceBooks.class);

    @ConfigProperty(name = "computenet.billing.seed-demo-price-books", defaultValue = "false")
    boolean seedDemo;

    public Optional<PriceBookEntry> priceFor(String operatorId, String region, String deviceModel) {
        Optional<PriceBookEntry> own = PriceBookEntry.find("operatorId = ?1 and region = ?2 and deviceModel = ?3",
                operatorId, region, deviceModel).firstResultOptional();
        return own.isPresent() ? own : PriceBookEntry.find(
                "operatorId is null and region = ?1 and deviceModel = ?2", region, deviceModel).firstResultOptional();
    }

    public List<PriceBookEntry> all() {
        return PriceBookEntry.list("order by region, deviceModel, operatorId");
    }

    @Transactional
    void seed(@Observes StartupEvent start) {
        if (!seedDemo || PriceBookEntry.count() > 0) {
            return;
        }
        List<PriceBookEntry> entries = parse(getClass().getResourceAsStream("/demo-price-books.csv"),
                "demo-price-books.csv");
        entries.forEach(e -> e.persist());
        LOG.infof("seeded %d demo price book entries", entries.size());
    }

    /** Parses {@code region,vendor,device_model,price_per_device_hour,currency} lines; '#' starts a comment. */
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
                if (f.length != 5) {
                    throw new IllegalArgumentException(source + " line " + n + ": expected 5 fields but got "
                            + f.length + ": " + line);
                }
                PriceBookEntry e = new PriceBookEntry();
                e.region = f[0].trim();
                try {
                    e.vendor = Vendor.valueOf(f[1].trim());
                    e.pricePerDeviceHour = new BigDecimal(f[3].trim());
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(source + " line " + n + ": " + ex.getMessage() + ": " + line);
                }
                e.deviceModel = f[2].trim();
                e.currency = f[4].trim();
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
