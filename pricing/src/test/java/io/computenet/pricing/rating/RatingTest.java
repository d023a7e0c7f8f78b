package io.computenet.pricing.rating;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceEntry;
import io.computenet.pricing.PriceQuery;
import io.computenet.pricing.PriceTerm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatingTest {

    static final String MODEL = "Ascend910B3";
    static final String REGION = "cn-east-yrd";
    static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");
    static final PriceQuery WHOLE = PriceQuery.wholeDevice("op-a", REGION, MODEL);

    static PriceEntry price(String amount, Instant from) {
        return new PriceEntry("op-a", REGION, MODEL, null, null, PriceTerm.ON_DEMAND, new BigDecimal(amount), null,
                from);
    }

    static PriceBook flat(String amount) {
        return PriceBook.of(List.of(price(amount, EPOCH)));
    }

    static Rated rate(PriceBook book, int devices, String share, String start, String end) {
        return Rating.rate(new BillableUsage(WHOLE, devices, new BigDecimal(share), Instant.parse(start),
                Instant.parse(end)), book);
    }

    @ParameterizedTest(name = "{0} devices x {1} for {2}..{3} at {4} -> {5} s, {6}")
    @CsvSource({
            "2, 1, 2026-11-10T08:00:00Z, 2026-11-10T08:30:00.200Z, 7.60, 1801, 7.60",  // a started second is billed
            "1, 1, 2026-11-10T08:00:00Z, 2026-11-10T09:00:00Z, 7.60, 3600, 7.60",
            "1, 0.5, 2026-11-10T08:00:00Z, 2026-11-10T09:00:00Z, 7.60, 3600, 3.80",     // a slice: its share
            "8, 1, 2026-11-10T08:00:00Z, 2026-11-10T08:00:01Z, 22.00, 1, 0.05",         // 0.0489 rounds half-up
            "1, 1, 2026-11-10T08:00:00Z, 2026-11-10T08:00:09Z, 0.20, 9, 0.00",          // 0.0005 rounds half-up to 0.00
            "1, 1, 2026-11-10T08:00:00Z, 2026-11-10T08:00:18Z, 0.50, 18, 0.00",         // 0.0025 -> 0.00
            "1, 1, 2026-11-10T08:00:00Z, 2026-11-10T08:01:12Z, 0.25, 72, 0.01",         // 0.005 -> 0.01
            "1, 0.1429, 2026-11-10T08:00:00Z, 2026-11-11T08:00:00Z, 22.00, 86400, 75.45", // MIG 1g.10gb a day
    })
    void ratesSecondsTimesDevicesTimesShareAtThePrice(int devices, String share, String start, String end,
                                                       String price, long seconds, String amount) {
        // when
        Rated rated = rate(flat(price), devices, share, start, end);

        // then
        assertThat(rated.seconds()).isEqualTo(seconds);
        assertThat(rated.lines()).hasSize(1);
        assertThat(rated.lines().get(0).amount()).isEqualByComparingTo(amount);
        assertThat(rated.lines().get(0).amount().scale()).isEqualTo(2);
        assertThat(rated.totals()).containsOnlyKeys(Currency.getInstance("CNY"));
    }

    @Test
    void splitsAtAPriceChangeMidLeaseAndRatesEachPartWithItsPrice() {
        // given: 10.00 until 12:00, 16.00 from then
        PriceBook book = PriceBook.of(List.of(price("10.00", EPOCH),
                price("16.00", Instant.parse("2026-11-10T12:00:00Z"))));

        // when: 11:00 .. 13:30
        Rated rated = rate(book, 1, "1", "2026-11-10T11:00:00Z", "2026-11-10T13:30:00Z");

        // then
        assertThat(rated.lines()).extracting(RatedLine::start, RatedLine::end, RatedLine::seconds)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-10T11:00:00Z"),
                                Instant.parse("2026-11-10T12:00:00Z"), 3600L),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-10T12:00:00Z"),
                                Instant.parse("2026-11-10T13:30:00Z"), 5400L));
        assertThat(rated.lines()).extracting(l -> l.amount().toPlainString()).containsExactly("10.00", "24.00");
        assertThat(rated.totals().get(Currency.getInstance("CNY"))).isEqualByComparingTo("34.00");
    }

    @Test
    void splitsAtTheMonthBoundaryInUtc() {
        // when: 23:00 on 31 October .. 01:00 on 1 November (UTC)
        Rated rated = rate(flat("3.60"), 1, "1", "2026-10-31T23:00:00Z", "2026-11-01T01:00:00Z");

        // then
        assertThat(rated.lines()).extracting(RatedLine::period).containsExactly(YearMonth.of(2026, 10),
                YearMonth.of(2026, 11));
        assertThat(rated.lines()).extracting(RatedLine::seconds).containsExactly(3600L, 3600L);
        assertThat(rated.lines()).extracting(l -> l.amount().toPlainString()).containsExactly("3.60", "3.60");
    }

    @Test
    void theRoundingUpSecondFallsWhereTheFractionEndsAndLinesAddUpToTheInterval() {
        // when: started at a fraction of a second, crossing a month and a price change
        PriceBook book = PriceBook.of(List.of(price("10.00", EPOCH),
                price("12.00", Instant.parse("2026-11-01T06:00:00Z"))));
        Rated rated = rate(book, 1, "1", "2026-10-31T23:59:59.400Z", "2026-11-01T07:00:00.100Z");

        // then
        assertThat(rated.lines()).extracting(RatedLine::seconds).containsExactly(1L, 21600L, 3600L);
        assertThat(rated.seconds()).isEqualTo(Rating.billableSeconds(Instant.parse("2026-10-31T23:59:59.400Z"),
                Instant.parse("2026-11-01T07:00:00.100Z")));
    }

    @Test
    void anUnchangedPriceDoesNotSplitTheLine() {
        // given: an entry of another key starts mid-lease, the price of this one stays
        PriceBook book = PriceBook.of(List.of(price("10.00", EPOCH), new PriceEntry("op-a", REGION, MODEL,
                SliceKind.VNPU, null, PriceTerm.ON_DEMAND, new BigDecimal("30.00"), null,
                Instant.parse("2026-11-10T12:00:00Z")), price("10.00", Instant.parse("2026-11-10T12:30:00Z"))));

        // when
        Rated rated = rate(book, 1, "1", "2026-11-10T11:00:00Z", "2026-11-10T13:00:00Z");

        // then
        assertThat(rated.lines()).hasSize(1);
        assertThat(rated.lines().get(0).amount()).isEqualByComparingTo("20.00");
    }

    @Test
    void aRenewedLeaseIsOneIntervalRatedAsAWhole() {
        // given: booked 08:00..09:00, renewed to 10:00 (the renewal only moves the end), price change at 09:30
        PriceBook book = PriceBook.of(List.of(price("10.00", EPOCH),
                price("20.00", Instant.parse("2026-11-10T09:30:00Z"))));

        // when: accrued to the first booked end, then rated to the renewed end
        Rated first = rate(book, 1, "1", "2026-11-10T08:00:00Z", "2026-11-10T09:00:00Z");
        Rated renewed = rate(book, 1, "1", "2026-11-10T08:00:00Z", "2026-11-10T10:00:00Z");

        // then: the renewed rating extends the first one and keeps its past
        assertThat(first.totals().get(Currency.getInstance("CNY"))).isEqualByComparingTo("10.00");
        assertThat(renewed.lines()).extracting(l -> l.amount().toPlainString()).containsExactly("15.00", "10.00");
        assertThat(renewed.lines().get(0).start()).isEqualTo(first.lines().get(0).start());
    }

    @Test
    void aPreemptedInterruptibleLeasePaysTheInterruptiblePriceUpToThePreemption() {
        // given
        PriceBook book = PriceBook.of(List.of(price("10.00", EPOCH), new PriceEntry("op-a", REGION, MODEL, null, null,
                PriceTerm.INTERRUPTIBLE, new BigDecimal("4.00"), null, EPOCH)));

        // when: preempted 25 minutes in
        Rated rated = Rating.rate(new BillableUsage(WHOLE.on(PriceTerm.INTERRUPTIBLE), 2, BigDecimal.ONE,
                Instant.parse("2026-11-10T08:00:00Z"), Instant.parse("2026-11-10T08:25:00Z")), book);

        // then: 1,500 s x 2 x 4.00 / 3600
        assertThat(rated.totals().get(Currency.getInstance("CNY"))).isEqualByComparingTo("3.33");
    }

    @Test
    void aZeroLengthLeaseBillsNothing() {
        // when
        Rated rated = rate(flat("10.00"), 1, "1", "2026-11-10T08:00:00Z", "2026-11-10T08:00:00Z");

        // then
        assertThat(rated.lines()).isEmpty();
        assertThat(rated.seconds()).isZero();
        assertThat(rated.totals()).isEmpty();
    }

    @Test
    void aLeaseThatNeverStartedHasNothingToBill() {
        // then: a lease that failed before its Pod ran has no started instant
        assertThat(BillableUsage.of(WHOLE, 1, BigDecimal.ONE, null, Instant.parse("2026-11-10T08:00:00Z")))
                .isEmpty();
        // and an end reported before the start bills nothing rather than a negative interval
        assertThat(BillableUsage.of(WHOLE, 1, BigDecimal.ONE, Instant.parse("2026-11-10T08:00:00Z"),
                Instant.parse("2026-11-10T07:59:00Z")).map(u -> Rating.rate(u, flat("10.00")).seconds()))
                .contains(0L);
    }

    @Test
    void anUnpricedStretchIsALineWithoutAmountNeverAZero() {
        // given: the price starts 30 minutes into the lease
        PriceBook book = PriceBook.of(List.of(price("10.00", Instant.parse("2026-11-10T08:30:00Z"))));

        // when
        Rated rated = rate(book, 1, "1", "2026-11-10T08:00:00Z", "2026-11-10T09:00:00Z");

        // then
        assertThat(rated.unpricedSeconds()).isEqualTo(1800);
        assertThat(rated.lines().get(0).priced()).isFalse();
        assertThat(rated.lines().get(0).amount()).isNull();
        assertThat(rated.pricedLines()).extracting(l -> l.amount().toPlainString()).containsExactly("5.00");
    }

    @Test
    void aCurrencyWithoutMinorUnitsRoundsToWholeUnits() {
        // given
        PriceBook book = PriceBook.of(List.of(new PriceEntry("op-a", REGION, MODEL, null, null, PriceTerm.ON_DEMAND,
                new BigDecimal("350"), Currency.getInstance("JPY"), EPOCH)));

        // when
        Rated rated = rate(book, 1, "1", "2026-11-10T08:00:00Z", "2026-11-10T08:10:00Z");

        // then: 58.33 -> 58
        assertThat(rated.lines().get(0).amount().toPlainString()).isEqualTo("58");
    }

    @Test
    void rejectsAnIntervalThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> rate(flat("1"), 1, "1", "2026-11-10T08:00:00Z", "2026-11-10T07:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rate(flat("1"), 1, "1.5", "2026-11-10T08:00:00Z", "2026-11-10T09:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
    }
}
