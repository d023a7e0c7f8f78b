package io.computenet.billing.invoice;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DailySpendTest {

    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    private static UsageLine line(String lease, String start, String end, long seconds, String amount,
                                  String currency) {
        return new UsageLine("tenant-a", lease, NOVEMBER, "op", "cn-east-yrd", "H100", 1, BigDecimal.ONE, null, null,
                false, Instant.parse(start), Instant.parse(end), seconds, new BigDecimal("10"), currency,
                new BigDecimal(amount));
    }

    private static DailySpend.Day day(List<DailySpend.Day> days, int dayOfMonth, String currency) {
        return days.stream().filter(d -> d.date().equals(NOVEMBER.atDay(dayOfMonth)) && d.currency().equals(currency))
                .findFirst().orElseThrow();
    }

    @Test
    void sharesAStretchOverMidnightByItsTimeInEachDay() {
        // given: 22:00 to 04:00, 6 hours for 60.00 CNY
        UsageLine overnight = line("ls-1", "2026-11-03T22:00:00Z", "2026-11-04T04:00:00Z", 21600, "60.00", "CNY");

        // when
        List<DailySpend.Day> days = DailySpend.of(List.of(overnight), NOVEMBER);

        // then: two hours on the 3rd, four on the 4th; every day of the month is there
        assertThat(days).hasSize(30);
        assertThat(day(days, 3, "CNY")).isEqualTo(new DailySpend.Day(LocalDate.of(2026, 11, 3), "CNY", 7200,
                new BigDecimal("20.00")));
        assertThat(day(days, 4, "CNY").amount()).isEqualByComparingTo("40.00");
        assertThat(day(days, 4, "CNY").seconds()).isEqualTo(14400);
        assertThat(day(days, 5, "CNY").amount()).isEqualByComparingTo("0");
    }

    @Test
    void addsUpExactlyToTheLinesWhateverTheRounding() {
        // given: three days' stretch whose amount does not divide by three
        UsageLine stretch = line("ls-2", "2026-11-10T00:00:00Z", "2026-11-13T00:00:00Z", 259200, "100.00", "CNY");
        UsageLine other = line("ls-3", "2026-11-10T10:00:00Z", "2026-11-10T10:30:00Z", 1800, "5.01", "CNY");

        // when
        List<DailySpend.Day> days = DailySpend.of(List.of(stretch, other), NOVEMBER);

        // then
        assertThat(days.stream().map(DailySpend.Day::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("105.01");
        assertThat(day(days, 10, "CNY").amount()).isEqualByComparingTo("38.34");
        assertThat(day(days, 11, "CNY").amount()).isEqualByComparingTo("33.33");
        assertThat(day(days, 12, "CNY").amount()).isEqualByComparingTo("33.34");
        assertThat(days.stream().mapToLong(DailySpend.Day::seconds).sum()).isEqualTo(259200 + 1800);
    }

    @Test
    void keepsCurrenciesApartAndLeavesOutWhatLiesOutsideTheMonth() {
        // given: a stretch from the last evening of October into November, and one in USD
        UsageLine fromOctober = line("ls-4", "2026-10-31T23:00:00Z", "2026-11-01T01:00:00Z", 7200, "10.00", "CNY");
        UsageLine dollars = line("ls-5", "2026-11-30T12:00:00Z", "2026-11-30T13:00:00Z", 3600, "3.00", "USD");

        // when
        List<DailySpend.Day> days = DailySpend.of(List.of(fromOctober, dollars), NOVEMBER);

        // then: one series per currency over the whole month; October's hour is not November's
        assertThat(days).hasSize(60);
        assertThat(day(days, 1, "CNY").amount()).isEqualByComparingTo("5.00");
        assertThat(day(days, 30, "USD").amount()).isEqualByComparingTo("3.00");
        assertThat(day(days, 30, "CNY").amount()).isEqualByComparingTo("0");
    }

    @Test
    void hasNoDaysWithoutLines() {
        assertThat(DailySpend.of(List.of(), NOVEMBER)).isEmpty();
    }
}
