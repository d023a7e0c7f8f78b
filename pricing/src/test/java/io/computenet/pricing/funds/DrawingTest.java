package io.computenet.pricing.funds;

import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrawingTest {

    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String YRD = "cn-east-yrd";

    private static BigDecimal cny(String amount) {
        return new BigDecimal(amount);
    }

    private static Voucher voucher(String id, String remaining, Instant expires, VoucherScope scope) {
        return new Voucher(id, CNY, cny(remaining), expires, scope);
    }

    private static Usage usage(String amount) {
        return new Usage("ls-1", YRD, Vendor.NVIDIA, CNY, cny(amount), NOW);
    }

    @Test
    void drawsTheEarliestExpiringApplicableVoucherFirstThenTheNextThenTheBalance() {
        // given: two vouchers, the later-expiring one listed first
        Funds funds = new Funds(CNY, cny("100.00"), List.of(
                voucher("v-late", "30.00", NOW.plusSeconds(7200), VoucherScope.ALL),
                voucher("v-early", "10.00", NOW.plusSeconds(3600), VoucherScope.ALL)));

        // when
        List<Draw> draws = Drawing.follow(usage("55.00"), List.of(), funds);

        // then
        assertThat(draws).containsExactly(new Draw("v-early", cny("10.00")), new Draw("v-late", cny("30.00")),
                Draw.fromBalance(cny("15.00")));
        Funds after = funds.after(draws);
        assertThat(after.balance()).isEqualByComparingTo("85.00");
        assertThat(after.vouchers()).extracting(Voucher::remaining).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(cny("0.00"), cny("0.00"));
    }

    @Test
    void drawsPartOfAVoucherWhenItCoversTheWholeDelta() {
        // given
        Funds funds = new Funds(CNY, cny("5.00"), List.of(voucher("v", "20.00", NOW.plusSeconds(60),
                VoucherScope.ALL)));

        // when
        List<Draw> draws = Drawing.follow(usage("7.25"), List.of(), funds);

        // then
        assertThat(draws).containsExactly(new Draw("v", cny("7.25")));
        assertThat(funds.after(draws).vouchers().get(0).remaining()).isEqualByComparingTo("12.75");
        assertThat(funds.after(draws).balance()).isEqualByComparingTo("5.00");
    }

    @Test
    void skipsAVoucherThatExpiredByTheUsageInstant() {
        // given: one voucher expired exactly at the usage instant, one a second before
        Funds funds = new Funds(CNY, cny("50.00"), List.of(voucher("v-now", "10.00", NOW, VoucherScope.ALL),
                voucher("v-before", "10.00", NOW.minusSeconds(1), VoucherScope.ALL)));

        // when
        List<Draw> draws = Drawing.follow(usage("4.00"), List.of(), funds);

        // then
        assertThat(draws).containsExactly(Draw.fromBalance(cny("4.00")));
    }

    @Test
    void skipsVouchersScopedToAnotherRegionOrVendorOrCurrency() {
        // given
        Funds funds = new Funds(CNY, cny("50.00"), List.of(
                voucher("v-guizhou", "10.00", NOW.plusSeconds(60), new VoucherScope("cn-southwest-gz", null)),
                voucher("v-ascend", "10.00", NOW.plusSeconds(60), new VoucherScope(null, Vendor.HUAWEI_ASCEND)),
                new Voucher("v-usd", Currency.getInstance("USD"), cny("10.00"), NOW.plusSeconds(60), null),
                voucher("v-yrd-nvidia", "1.00", NOW.plusSeconds(120), new VoucherScope(YRD, Vendor.NVIDIA))));

        // when
        List<Draw> draws = Drawing.follow(usage("4.00"), List.of(), funds);

        // then
        assertThat(draws).containsExactly(new Draw("v-yrd-nvidia", cny("1.00")), Draw.fromBalance(cny("3.00")));
    }

    @Test
    void letsTheBalanceGoNegativeWhenEverythingIsExhausted() {
        // given
        Funds funds = new Funds(CNY, cny("2.00"), List.of(voucher("v", "1.00", NOW.plusSeconds(60),
                VoucherScope.ALL)));

        // when
        List<Draw> draws = Drawing.follow(usage("5.50"), List.of(), funds);
        Funds after = funds.after(draws);

        // then: the usage happened; the tenant owes 2.50 and nothing is left to spend
        assertThat(draws).containsExactly(new Draw("v", cny("1.00")), Draw.fromBalance(cny("4.50")));
        assertThat(after.balance()).isEqualByComparingTo("-2.50");
        assertThat(after.covers(YRD, Vendor.NVIDIA, NOW)).isFalse();
        assertThat(after.available(YRD, Vendor.NVIDIA, NOW)).isEqualByComparingTo("0");
    }

    @Test
    void drawsOnlyTheDeltaSinceTheLastDrawAndNothingWhenTheSameAmountIsFollowedAgain() {
        // given: the lease drew 3.00 at the last accrual
        Funds funds = new Funds(CNY, cny("10.00"), List.of());
        List<Draw> ledger = new ArrayList<>(Drawing.follow(usage("3.00"), List.of(), funds));
        funds = funds.after(ledger);

        // when: it accrued to 4.20, then the same accrual is applied twice more (re-run, replay)
        List<Draw> second = Drawing.follow(usage("4.20"), ledger, funds);
        ledger.addAll(second);
        funds = funds.after(second);
        List<Draw> replay = Drawing.follow(usage("4.20"), ledger, funds);
        List<Draw> replayAgain = Drawing.follow(usage("4.20"), ledger, funds.after(replay));

        // then
        assertThat(second).containsExactly(Draw.fromBalance(cny("1.20")));
        assertThat(replay).isEmpty();
        assertThat(replayAgain).isEmpty();
        assertThat(funds.balance()).isEqualByComparingTo("5.80");
    }

    @Test
    void givesBackToTheLastUsedSourcesFirstWhenTheChargeIsCutBack() {
        // given: the lease drew 5.00 from a voucher, then 3.00 from the balance
        Funds funds = new Funds(CNY, cny("7.00"), List.of(voucher("v", "0.00", NOW.plusSeconds(60),
                VoucherScope.ALL)));
        List<Draw> earlier = List.of(new Draw("v", cny("5.00")), Draw.fromBalance(cny("3.00")));

        // when: its end arrived, cutting the charge back to 4.00
        List<Draw> draws = Drawing.follow(usage("4.00"), earlier, funds);

        // then: 3.00 back to the balance, 1.00 back to the voucher
        assertThat(draws).containsExactly(Draw.fromBalance(cny("-3.00")), new Draw("v", cny("-1.00")));
        Funds after = funds.after(draws);
        assertThat(after.balance()).isEqualByComparingTo("10.00");
        assertThat(after.vouchers().get(0).remaining()).isEqualByComparingTo("1.00");
    }

    @Test
    void aZeroChargeDrawsNothing() {
        // given
        Funds funds = new Funds(CNY, cny("0.00"), List.of());

        // when / then
        assertThat(Drawing.follow(usage("0.00"), List.of(), funds)).isEmpty();
    }

    @Test
    void refusesFundsInAnotherCurrency() {
        // given
        Funds usd = new Funds(Currency.getInstance("USD"), cny("10.00"), List.of());

        // when / then
        assertThatThrownBy(() -> Drawing.follow(usage("1.00"), List.of(), usd))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USD");
    }

    @Test
    void coversUsageOnlyWhereAnApplicableVoucherOrAPositiveBalanceIsLeft() {
        // given: no balance, a voucher for Guizhou only
        Funds funds = new Funds(CNY, cny("0.00"), List.of(voucher("v", "3.00", NOW.plusSeconds(60),
                new VoucherScope("cn-southwest-gz", null))));

        // when / then
        assertThat(funds.covers("cn-southwest-gz", Vendor.CAMBRICON, NOW)).isTrue();
        assertThat(funds.covers(YRD, Vendor.NVIDIA, NOW)).isFalse();
        assertThat(funds.covers("cn-southwest-gz", Vendor.CAMBRICON, NOW.plusSeconds(60))).isFalse();
    }
}
