package io.computenet.billing.rating;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatingTest {

    @ParameterizedTest
    @CsvSource({
            "2026-11-23T10:00:00Z, 2026-11-23T10:00:00Z, 0",
            "2026-11-23T10:00:00Z, 2026-11-23T10:00:00.000001Z, 1",
            "2026-11-23T10:00:00Z, 2026-11-23T10:00:59.999Z, 60",
            "2026-11-23T10:00:00Z, 2026-11-23T11:00:00Z, 3600"})
    void billsEveryStartedSecond(Instant start, Instant end, long seconds) {
        assertThat(Rating.billableSeconds(start, end)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({
            "3600, 1, 22.00, 22.00",
            "1, 1, 22.00, 0.01",
            "59, 1, 7.60, 0.12",
            "90, 8, 17.50, 3.50",
            "0, 1, 22.00, 0.00",
            "7200, 2, 0.95, 3.80"})
    void ratesSecondsTimesDevicesTimesHourlyPrice(long seconds, int devices, BigDecimal price, BigDecimal expected) {
        assertThat(Rating.amount(seconds, devices, price)).isEqualByComparingTo(expected);
        assertThat(Rating.amount(seconds, devices, price).scale()).isEqualTo(2);
    }

    @Test
    void splitsAnIntervalAtTheMonthBoundary() {
        // given
        Instant start = Instant.parse("2026-11-30T23:30:00Z");
        Instant end = Instant.parse("2026-12-01T00:15:00.5Z");

        // when
        List<RatedSegment> segments = Rating.rate(start, end, 1, new BigDecimal("3.60"));

        // then
        assertThat(segments).extracting(RatedSegment::period)
                .containsExactly(YearMonth.of(2026, 11), YearMonth.of(2026, 12));
        assertThat(segments).extracting(RatedSegment::seconds).containsExactly(1800L, 901L);
        assertThat(segments).extracting(RatedSegment::amount)
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactly(new BigDecimal("1.80"), new BigDecimal("0.90"));
        assertThat(segments.stream().mapToLong(RatedSegment::seconds).sum())
                .isEqualTo(Rating.billableSeconds(start, end));
    }

    @Test
    void keepsAnIntervalWithinOneMonthInOneSegment() {
        List<RatedSegment> segments = Rating.rate(Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-30T23:59:59Z"), 1, BigDecimal.ONE);
        assertThat(segments).hasSize(1);
        assertThat(segments.get(0).seconds()).isEqualTo(30L * 86400 - 1);
    }

    @Test
    void spansSeveralMonths() {
        List<RatedSegment> segments = Rating.rate(Instant.parse("2026-10-15T00:00:00Z"),
                Instant.parse("2027-01-02T00:00:00Z"), 1, BigDecimal.ONE);
        assertThat(segments).extracting(RatedSegment::period).containsExactly(YearMonth.of(2026, 10),
                YearMonth.of(2026, 11), YearMonth.of(2026, 12), YearMonth.of(2027, 1));
    }

    @Test
    void rejectsAnEndBeforeTheStartAndNegativePrices() {
        assertThatThrownBy(() -> Rating.rate(Instant.parse("2026-11-02T00:00:00Z"),
                Instant.parse("2026-11-01T00:00:00Z"), 1, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rating.amount(1, 1, new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSliceIsBilledItsShareOfTheDevicePrice() {
        // given a soft share of 13 % of an H100 at 20.00 per device-hour, for one hour
        Instant start = Instant.parse("2026-11-02T10:00:00Z");

        // when
        List<RatedSegment> segments = Rating.rate(start, start.plusSeconds(3600), 1, new BigDecimal("0.13"),
                new BigDecimal("20.00"));

        // then
        assertThat(segments).singleElement().satisfies(s -> assertThat(s.amount()).isEqualByComparingTo("2.60"));
        assertThatThrownBy(() -> Rating.amount(60, 1, BigDecimal.ZERO, BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
        assertThatThrownBy(() -> Rating.amount(60, 1, new BigDecimal("1.01"), BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
    }
}
