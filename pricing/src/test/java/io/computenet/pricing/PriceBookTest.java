package io.computenet.pricing;

import io.computenet.contracts.inventory.SliceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceBookTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2026-06-01T00:00:00Z");
    static final String H100 = "H100 80GB HBM3";
    static final String EAST = "cn-east-yrd";

    static PriceEntry entry(String operator, SliceKind kind, String profile, PriceTerm term, String price,
                            Instant from) {
        return new PriceEntry(operator, EAST, H100, kind, profile, term, new BigDecimal(price), null, from);
    }

    /** The book every parameterised case reads: marketplace defaults, op-a's own prices, a change at T1. */
    static PriceBook book() {
        List<PriceEntry> entries = new ArrayList<>();
        entries.add(entry(null, null, null, PriceTerm.ON_DEMAND, "22.00", T0));
        entries.add(entry(null, null, null, PriceTerm.INTERRUPTIBLE, "11.00", T0));
        entries.add(entry(null, SliceKind.MIG, "1g.10gb", PriceTerm.ON_DEMAND, "26.00", T0));
        entries.add(entry("op-a", null, null, PriceTerm.ON_DEMAND, "20.00", T0));
        entries.add(entry("op-a", null, null, PriceTerm.ON_DEMAND, "24.00", T1));
        entries.add(entry("op-a", SliceKind.MIG, null, PriceTerm.ON_DEMAND, "21.00", T0));
        entries.add(entry("op-a", SliceKind.MIG, "3g.40gb", PriceTerm.ON_DEMAND, "23.00", T0));
        entries.add(entry("op-a", SliceKind.SOFT, null, PriceTerm.INTERRUPTIBLE, "9.00", T0));
        return PriceBook.of(entries);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} at {4} -> {5}")
    @CsvSource(nullValues = "-", value = {
            // operator, kind, profile, term, at, expected price
            "op-a, -, -, ON_DEMAND, 2026-03-01T00:00:00Z, 20.00",          // own whole-device price
            "op-a, -, -, ON_DEMAND, 2026-05-31T23:59:59Z, 20.00",          // the change is not yet in force
            "op-a, -, -, ON_DEMAND, 2026-06-01T00:00:00Z, 24.00",          // in force from its start on
            "op-a, -, -, ON_DEMAND, 2027-01-01T00:00:00Z, 24.00",
            "op-b, -, -, ON_DEMAND, 2026-03-01T00:00:00Z, 22.00",          // another operator: the default
            "op-b, -, -, INTERRUPTIBLE, 2026-03-01T00:00:00Z, 11.00",      // default interruptible, cheaper
            "op-a, -, -, INTERRUPTIBLE, 2026-03-01T00:00:00Z, 20.00",      // own on-demand before any default
            "op-a, MIG, 3g.40gb, ON_DEMAND, 2026-03-01T00:00:00Z, 23.00",  // own profile price
            "op-a, MIG, 1g.10gb, ON_DEMAND, 2026-03-01T00:00:00Z, 21.00",  // own kind price before a default profile
            "op-a, MIG, 3g.40gb, ON_DEMAND, 2026-07-01T00:00:00Z, 23.00",  // the whole-device change leaves it
            "op-b, MIG, 1g.10gb, ON_DEMAND, 2026-03-01T00:00:00Z, 26.00",  // default profile price
            "op-b, MIG, 2g.20gb, ON_DEMAND, 2026-03-01T00:00:00Z, 22.00",  // no profile price: the device's
            "op-b, VNPU, vir05_1c_16g, ON_DEMAND, 2026-03-01T00:00:00Z, 22.00",
            "op-a, SOFT, -, INTERRUPTIBLE, 2026-03-01T00:00:00Z, 9.00",    // own interruptible soft shares
            "op-a, SOFT, -, ON_DEMAND, 2026-03-01T00:00:00Z, 20.00",       // an on-demand query never takes it
            "op-a, SMLU, -, INTERRUPTIBLE, 2026-07-01T00:00:00Z, 24.00",
    })
    void answersThePriceInForce(String operator, SliceKind kind, String profile, PriceTerm term, Instant at,
                                String expected) {
        // given
        PriceBook book = book();

        // when
        PriceAnswer answer = book.at(new PriceQuery(operator, EAST, H100, kind, profile, term), at);

        // then
        assertThat(answer).isInstanceOf(PriceAnswer.Priced.class);
        assertThat(answer.found().orElseThrow().pricePerDeviceHour()).isEqualByComparingTo(expected);
        assertThat(answer.found().orElseThrow().currency()).isEqualTo(Currency.getInstance("CNY"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "op-a, cn-east-yrd, A100-SXM4-80GB, 2026-03-01T00:00:00Z",  // no entry for the model
            "op-a, cn-west-nm, H100 80GB HBM3, 2026-03-01T00:00:00Z",   // none in the region
            "op-a, cn-east-yrd, H100 80GB HBM3, 2025-12-31T23:59:59Z",  // before every entry's start
    })
    void saysExplicitlyWhenNoPriceIsValid(String operator, String region, String model, Instant at) {
        // when
        PriceAnswer answer = book().at(PriceQuery.wholeDevice(operator, region, model), at);

        // then
        assertThat(answer).isInstanceOf(PriceAnswer.NoPrice.class);
        assertThat(answer.found()).isEmpty();
        assertThat(((PriceAnswer.NoPrice) answer).reason()).contains("no valid price", model, region, operator);
    }

    @Test
    void saysUntilWhenTheAnswerHolds() {
        // when
        PriceAnswer before = book().at(PriceQuery.wholeDevice("op-a", EAST, H100), T1.minusSeconds(10));
        PriceAnswer after = book().at(PriceQuery.wholeDevice("op-a", EAST, H100), T1);
        PriceAnswer notYet = book().at(PriceQuery.wholeDevice("op-a", EAST, H100), T0.minusSeconds(1));

        // then
        assertThat(before.until()).isEqualTo(T1);
        assertThat(after.until()).isNull();
        assertThat(notYet).isInstanceOf(PriceAnswer.NoPrice.class);
        assertThat(notYet.until()).isEqualTo(T0);
    }

    @Test
    void ofTwoEntriesWithTheSameKeyAndStartTheLastWrittenWins() {
        // given
        PriceBook book = PriceBook.of(List.of(entry("op-a", null, null, PriceTerm.ON_DEMAND, "20.00", T0),
                entry("op-a", null, null, PriceTerm.ON_DEMAND, "19.00", T0)));

        // then
        assertThat(book.priceAt(PriceQuery.wholeDevice("op-a", EAST, H100), T1).orElseThrow().pricePerDeviceHour())
                .isEqualByComparingTo("19.00");
    }

    @Test
    void aLaterEntryNeverChangesThePriceBeforeItsStart() {
        // given
        PriceBook before = book();
        List<PriceEntry> more = new ArrayList<>(before.entries());
        more.add(entry("op-a", null, null, PriceTerm.ON_DEMAND, "99.00", Instant.parse("2026-09-01T00:00:00Z")));
        PriceBook after = PriceBook.of(more);
        PriceQuery q = PriceQuery.wholeDevice("op-a", EAST, H100);

        // then
        for (Instant t = T0; t.isBefore(Instant.parse("2026-09-01T00:00:00Z")); t = t.plusSeconds(86_400 * 7)) {
            assertThat(after.priceAt(q, t)).isEqualTo(before.priceAt(q, t).map(p -> new Price(p.pricePerDeviceHour(),
                    p.currency(), p.entry(), p.until() == null ? Instant.parse("2026-09-01T00:00:00Z") : p.until())));
        }
        assertThat(after.priceAt(q, Instant.parse("2026-09-01T00:00:00Z")).orElseThrow().pricePerDeviceHour())
                .isEqualByComparingTo("99.00");
    }

    @Test
    void keepsEachEntrysCurrencyAndTruncatesStartsToSeconds() {
        // given
        PriceEntry usd = new PriceEntry("op-a", EAST, H100, null, null, PriceTerm.ON_DEMAND, new BigDecimal("3.10"),
                Currency.getInstance("USD"), T0.plusMillis(1500));

        // then
        assertThat(usd.validFrom()).isEqualTo(T0.plusSeconds(1));
        assertThat(PriceBook.of(List.of(usd)).priceAt(PriceQuery.wholeDevice("op-a", EAST, H100), T1).orElseThrow()
                .currency()).isEqualTo(Currency.getInstance("USD"));
    }

    @Test
    void aSliceCostsItsShareOfTheDevicePrice() {
        // given
        Price price = book().priceAt(new PriceQuery("op-b", EAST, H100, SliceKind.SOFT, null, PriceTerm.ON_DEMAND),
                T1).orElseThrow();

        // then: a quarter of two devices at 22.00
        assertThat(price.perHour(2, new BigDecimal("0.25"))).isEqualByComparingTo("11.00");
    }

    @Test
    void rejectsEntriesThatCannotBeAPrice() {
        assertThatThrownBy(() -> entry(null, null, null, PriceTerm.ON_DEMAND, "-1", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pricePerDeviceHour");
        assertThatThrownBy(() -> entry(null, null, "1g.10gb", PriceTerm.ON_DEMAND, "1", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sliceProfile");
        assertThatThrownBy(() -> new PriceEntry(null, " ", H100, null, null, null, BigDecimal.ONE, null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> entry(" ", null, null, PriceTerm.ON_DEMAND, "1", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operatorId");
    }
}
