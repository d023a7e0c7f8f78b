package io.computenet.pricing.funds;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FundsGateTest {

    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final List<FundsGate.RunningLease> RUNNING = List.of(new FundsGate.RunningLease("ls-od", false),
            new FundsGate.RunningLease("ls-int", true));

    private static FundsGate.Reported reported(String balance, Voucher... vouchers) {
        return new FundsGate.Reported(new Funds(CNY, new BigDecimal(balance), List.of(vouchers)), T0);
    }

    private static Voucher voucher(String remaining, Instant expires) {
        return new Voucher("v", CNY, new BigDecimal(remaining), expires, VoucherScope.ALL);
    }

    @Test
    void aTenantWithoutAFundsStateIsNeverRefusedNorStopped() {
        // given / when / then
        assertThat(FundsGate.admits(Optional.empty(), T0)).isTrue();
        assertThat(FundsGate.leasesToEnd(Optional.empty(), RUNNING, GRACE, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void admitsWhileABalanceOrAnUnexpiredVoucherIsLeft() {
        // given / when / then
        assertThat(FundsGate.admits(Optional.of(reported("0.01")), T0)).isTrue();
        assertThat(FundsGate.admits(Optional.of(reported("-3.00", voucher("1.00", T0.plusSeconds(60)))), T0))
                .isTrue();
        assertThat(FundsGate.admits(Optional.of(reported("0.00", voucher("0.00", T0.plusSeconds(60)))), T0))
                .isFalse();
        assertThat(FundsGate.admits(Optional.of(reported("-0.50")), T0)).isFalse();
    }

    @Test
    void fundsAreExhaustedFromWhenTheLastVoucherWithMoneyLeftExpired() {
        // given: no balance, a voucher with 5.00 left expiring a minute after the report
        FundsGate.Reported r = reported("0.00", voucher("5.00", T0.plusSeconds(60)));

        // when / then
        assertThat(FundsGate.exhaustedSince(r, T0.plusSeconds(59))).isEmpty();
        assertThat(FundsGate.exhaustedSince(r, T0.plusSeconds(61))).contains(T0.plusSeconds(60));
        assertThat(FundsGate.admits(Optional.of(r), T0.plusSeconds(60))).isFalse();
    }

    @Test
    void endsInterruptibleLeasesAtOnceAndOnDemandOnesWhenTheGraceIsOver() {
        // given: exhausted when reported
        Optional<FundsGate.Reported> r = Optional.of(reported("-1.00"));

        // when / then
        assertThat(FundsGate.leasesToEnd(r, RUNNING, GRACE, T0)).containsExactly("ls-int");
        assertThat(FundsGate.leasesToEnd(r, RUNNING, GRACE, T0.plus(GRACE).minusMillis(1)))
                .containsExactly("ls-int");
        assertThat(FundsGate.leasesToEnd(r, RUNNING, GRACE, T0.plus(GRACE))).containsExactly("ls-od", "ls-int");
    }

    @Test
    void endsNothingWhileFundsAreLeft() {
        // given
        Optional<FundsGate.Reported> r = Optional.of(reported("2.00"));

        // when / then
        assertThat(FundsGate.leasesToEnd(r, RUNNING, GRACE, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void reportsTheLowestThresholdAChangeCrossedDownward() {
        // given
        List<BigDecimal> thresholds = List.of(new BigDecimal("100"), new BigDecimal("10"), BigDecimal.ZERO);

        // when / then
        assertThat(FundsGate.crossed(new BigDecimal("120"), new BigDecimal("5"), thresholds))
                .hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("10"));
        assertThat(FundsGate.crossed(new BigDecimal("12"), new BigDecimal("0"), thresholds))
                .hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("0"));
        assertThat(FundsGate.crossed(new BigDecimal("9"), new BigDecimal("8"), thresholds)).isEmpty();
        assertThat(FundsGate.crossed(new BigDecimal("5"), new BigDecimal("50"), thresholds)).isEmpty();
    }

    @Test
    void availableAnywhereCountsThePositiveBalanceAndUnexpiredVouchers() {
        // given
        Funds funds = new Funds(CNY, new BigDecimal("-2.00"), List.of(voucher("3.00", T0.plusSeconds(1)),
                new Voucher("old", CNY, new BigDecimal("9.00"), T0, VoucherScope.ALL)));

        // when / then
        assertThat(FundsGate.availableAnywhere(funds, T0)).isEqualByComparingTo("3.00");
    }
}
