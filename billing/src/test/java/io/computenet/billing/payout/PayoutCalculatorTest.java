package io.computenet.billing.payout;

import io.computenet.billing.invoice.BilledUsage;
import io.computenet.billing.invoice.LineKind;
import io.computenet.billing.invoice.PeriodNotClosedException;
import io.computenet.billing.invoice.UsageLine;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PayoutCalculatorTest {

    static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    static final Clock DECEMBER_1ST = Clock.fixed(Instant.parse("2026-12-01T01:00:00Z"), ZoneOffset.UTC);

    static UsageLine line(String lease, YearMonth period, String start, long seconds, String amount) {
        Instant s = Instant.parse(start);
        return new UsageLine("tenant-a", lease, period, "op-demo", "cn-east-yrd", "H100", 1, BigDecimal.ONE, null,
                null, false, s, s.plusSeconds(seconds), seconds, new BigDecimal("22"), "CNY", new BigDecimal(amount));
    }

    static PayoutRequest request(List<UsageLine> usage, List<UsageLine> earlier, List<BilledUsage> paid,
                                 List<FeeChange> fees) {
        return new PayoutRequest("op-demo", NOVEMBER, usage, earlier, paid, fees, BigDecimal.ZERO);
    }

    @Test
    void paysWhatTheNodesEarnedMinusTheFeeInForceWhenEachLeaseBegan() {
        // given: 12.5 % until Nov 15th, 10 % from then; a lease before and one after the change
        List<FeeChange> fees = List.of(new FeeChange(Instant.parse("2026-11-15T00:00:00Z"), new BigDecimal("10")),
                new FeeChange(Instant.parse("2026-01-01T00:00:00Z"), new BigDecimal("12.5")));
        List<UsageLine> usage = List.of(line("ls-1", NOVEMBER, "2026-11-03T10:00:00Z", 3600, "22.00"),
                line("ls-1", NOVEMBER, "2026-11-03T11:00:00Z", 1800, "11.00"),
                line("ls-2", NOVEMBER, "2026-11-20T10:00:00Z", 3600, "22.01"));

        // when
        PayoutDraft d = PayoutCalculator.statements(request(usage, List.of(), List.of(), fees), DECEMBER_1ST).get(0);

        // then: 33.00 x 12.5 % = 4.125 -> 4.13; 22.01 x 10 % = 2.201 -> 2.20
        assertThat(d.lines()).extracting(PayoutLine::leaseId, PayoutLine::seconds, PayoutLine::gross,
                        PayoutLine::feePercent, PayoutLine::fee, PayoutLine::net)
                .containsExactly(tuple("ls-1", 5400L, new BigDecimal("33.00"), new BigDecimal("12.5"),
                                new BigDecimal("4.13"), new BigDecimal("28.87")),
                        tuple("ls-2", 3600L, new BigDecimal("22.01"), new BigDecimal("10"), new BigDecimal("2.20"),
                                new BigDecimal("19.81")));
        assertThat(d.gross()).isEqualTo(new BigDecimal("55.01"));
        assertThat(d.fee().add(d.net())).isEqualTo(d.gross());
        assertThat(d.net()).isEqualTo(new BigDecimal("48.68"));
    }

    @Test
    void usesTheDefaultFeeBeforeAnyChangeAndCorrectsLateChangesToEarlierPeriods() {
        // given: no fee set; October paid a lease for 10.00, rated now at 15.00
        List<UsageLine> octoberNow = List.of(line("ls-late", OCTOBER, "2026-10-30T10:00:00Z", 2700, "15.00"));
        List<BilledUsage> paid = List.of(new BilledUsage("ls-late", OCTOBER, "op-demo", "CNY", 1800,
                new BigDecimal("10.00")));

        // when
        List<PayoutDraft> drafts = PayoutCalculator.statements(request(List.of(), octoberNow, paid, List.of()),
                DECEMBER_1ST);

        // then
        assertThat(drafts).singleElement().satisfies(d -> {
            assertThat(d.lines()).extracting(PayoutLine::kind, PayoutLine::usagePeriod, PayoutLine::seconds,
                    PayoutLine::gross, PayoutLine::fee).containsExactly(tuple(LineKind.CORRECTION, OCTOBER, 900L,
                    new BigDecimal("5.00"), new BigDecimal("0.00")));
            assertThat(d.net()).isEqualTo(new BigDecimal("5.00"));
        });
    }

    @Test
    void refusesAPeriodThatHasNotEnded() {
        Clock midNovember = Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC);
        assertThatThrownBy(() -> PayoutCalculator.statements(request(List.of(), List.of(), List.of(), List.of()),
                midNovember)).isInstanceOf(PeriodNotClosedException.class);
    }

    @Test
    void refusesUsageOnAnotherOperatorsNodes() {
        UsageLine other = new UsageLine("tenant-a", "ls-x", NOVEMBER, "op-other", "cn-east-yrd", "H100", 1,
                BigDecimal.ONE, null, null, false, Instant.parse("2026-11-03T10:00:00Z"),
                Instant.parse("2026-11-03T11:00:00Z"), 3600, new BigDecimal("22"), "CNY", new BigDecimal("22.00"));
        assertThatThrownBy(() -> request(List.of(other), List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ls-x");
    }
}
