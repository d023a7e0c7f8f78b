package io.computenet.pricing.rating;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseCostTest {

    static final Currency CNY = Currency.getInstance("CNY");

    @Test
    void wholeDevicesCostTheirCountTimesThePriceAnHour() {
        // when: two H100s at 22.00 for 90 minutes
        LeaseCost cost = LeaseCost.of(new BigDecimal("22.00"), CNY, 2, null, 5_400);

        // then
        assertThat(cost.pricePerHour()).isEqualByComparingTo("44.00");
        assertThat(cost.estimatedCost()).isEqualByComparingTo("66.00");
        assertThat(cost.currency()).isEqualTo(CNY);
    }

    @Test
    void aSliceCostsItsShareRoundedOnceToTheMinorUnit() {
        // given: a 3g.40gb MIG instance holds 0.4286 of an A100 at 10.80
        LeaseCost cost = LeaseCost.of(new BigDecimal("10.80"), CNY, 1, new BigDecimal("0.4286"), 3_600);

        // then: 4.62888 an hour, shown as 4.63; the hour costs what rating bills for it
        assertThat(cost.pricePerHour()).isEqualByComparingTo("4.63");
        assertThat(cost.estimatedCost()).isEqualByComparingTo(Rating.amount(3_600, 1, new BigDecimal("0.4286"),
                new BigDecimal("10.80"), CNY)).isEqualByComparingTo("4.63");
    }

    @Test
    void theEstimateOfAnOddDurationIsRatedAsTheBillWouldBe() {
        // when: a soft share of 13 % of a 20.00 GPU for 61 seconds: 20 x 0.13 x 61 / 3600 = 0.04405...
        LeaseCost cost = LeaseCost.of(new BigDecimal("20.00"), CNY, 1, new BigDecimal("0.13"), 61);

        // then
        assertThat(cost.pricePerHour()).isEqualByComparingTo("2.60");
        assertThat(cost.estimatedCost()).isEqualByComparingTo("0.04");
    }

    @Test
    void aCurrencyWithoutMinorUnitsRoundsToWholeUnits() {
        // when: 1,500 JPY a device-hour, a quarter share, one hour
        LeaseCost cost = LeaseCost.of(new BigDecimal("1500"), Currency.getInstance("JPY"), 1,
                new BigDecimal("0.25"), 3_600);

        // then
        assertThat(cost.pricePerHour()).isEqualByComparingTo("375");
        assertThat(cost.pricePerHour().scale()).isZero();
    }

    @Test
    void refusesNoDevicesAndNegativeDurations() {
        assertThatThrownBy(() -> LeaseCost.of(BigDecimal.ONE, CNY, 0, null, 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("devices");
        assertThatThrownBy(() -> LeaseCost.of(BigDecimal.ONE, CNY, 1, null, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationSeconds");
    }
}
