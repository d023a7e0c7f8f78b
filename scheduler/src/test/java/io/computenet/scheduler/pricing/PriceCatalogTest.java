package io.computenet.scheduler.pricing;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceQuery;
import io.computenet.pricing.PriceTerm;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PriceCatalogTest {

    static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void answersTheWholeDeviceOnDemandPriceInForceNowFromEveryVersionBillingServes() {
        // given: billing's entries with their validity, a slice and an interruptible one, a future change, USD
        PriceBook book = PriceCatalog.index(List.of(
                new PriceCatalog.Price(null, "cn-east-yrd", "H100", new BigDecimal("22.00"), "CNY", null, null,
                        PriceTerm.ON_DEMAND, Instant.parse("2020-01-01T00:00:00Z")),
                new PriceCatalog.Price("op-a", "cn-east-yrd", "H100", new BigDecimal("20.00"), "CNY", null, null,
                        PriceTerm.ON_DEMAND, Instant.parse("2026-01-01T00:00:00Z")),
                new PriceCatalog.Price("op-a", "cn-east-yrd", "H100", new BigDecimal("30.00"), "CNY", null, null,
                        PriceTerm.ON_DEMAND, Instant.parse("2027-01-01T00:00:00Z")),
                new PriceCatalog.Price("op-a", "cn-east-yrd", "H100", new BigDecimal("9.00"), "CNY", null, null,
                        PriceTerm.INTERRUPTIBLE, Instant.parse("2026-01-01T00:00:00Z")),
                new PriceCatalog.Price("op-a", "cn-east-yrd", "H100", new BigDecimal("40.00"), "CNY", SliceKind.MIG,
                        null, PriceTerm.ON_DEMAND, Instant.parse("2026-01-01T00:00:00Z")),
                new PriceCatalog.Price("op-b", "cn-east-yrd", "H100", new BigDecimal("3.00"), "USD", null, null,
                        PriceTerm.ON_DEMAND, Instant.parse("2026-01-01T00:00:00Z"))));

        // then
        assertThat(book.priceAt(PriceQuery.wholeDevice("op-a", "cn-east-yrd", "H100"), NOW).orElseThrow()
                .pricePerDeviceHour()).isEqualByComparingTo("20.00");
        assertThat(book.priceAt(PriceQuery.wholeDevice("op-b", "cn-east-yrd", "H100"), NOW).orElseThrow()
                .pricePerDeviceHour()).isEqualByComparingTo("22.00");
        assertThat(book.priceAt(PriceQuery.wholeDevice("op-a", "cn-west-nm", "H100"), NOW)).isEmpty();
    }
}
