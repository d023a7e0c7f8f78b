package io.computenet.billing.invoice;

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

class InvoiceGeneratorTest {

    static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    static final Clock DECEMBER_1ST = Clock.fixed(Instant.parse("2026-12-01T01:00:00Z"), ZoneOffset.UTC);
    static final TaxRule VAT = new TaxRule("VAT", new BigDecimal("0.06"));

    static UsageLine line(String lease, YearMonth period, String operator, String sliceKind, String profile,
                          String start, long seconds, String price, String amount) {
        Instant s = Instant.parse(start);
        return new UsageLine("tenant-a", lease, period, operator, "cn-east-yrd", "H100", 1,
                sliceKind == null ? BigDecimal.ONE : new BigDecimal("0.1429"), sliceKind, profile, false, s,
                s.plusSeconds(seconds), seconds, new BigDecimal(price), "CNY", new BigDecimal(amount));
    }

    static InvoiceRequest request(List<UsageLine> usage, List<UsageLine> earlier, List<BilledUsage> billed,
                                  List<Credit> credits) {
        return new InvoiceRequest("tenant-a", NOVEMBER, usage, earlier, billed, credits, VAT);
    }

    @Test
    void billsOneLinePerLeaseWithItsSliceThenTaxAsItsOwnLineAndTheTotal() {
        // given: a whole H100 for an hour at 20 CNY/h, and a MIG slice rated at two prices (a price change)
        List<UsageLine> usage = List.of(
                line("ls-whole", NOVEMBER, "op-demo", null, null, "2026-11-03T10:00:00Z", 3600, "20", "20.00"),
                line("ls-mig", NOVEMBER, "运营商-甲", "MIG", "1g.10gb", "2026-11-04T10:00:00Z", 1800, "20", "1.43"),
                line("ls-mig", NOVEMBER, "运营商-甲", "MIG", "1g.10gb", "2026-11-04T10:30:00Z", 1800, "24", "1.71"));

        // when
        List<InvoiceDraft> drafts = InvoiceGenerator.generate(request(usage, List.of(), List.of(), List.of()),
                DECEMBER_1ST);

        // then
        assertThat(drafts).hasSize(1);
        InvoiceDraft d = drafts.get(0);
        assertThat(d.lines(LineKind.USAGE)).extracting(InvoiceLine::leaseId, InvoiceLine::slice,
                        InvoiceLine::seconds, InvoiceLine::amount, InvoiceLine::unitPrice)
                .containsExactly(
                        tuple("ls-whole", "whole device", 3600L, new BigDecimal("20.00"),
                                new BigDecimal("20")),
                        tuple("ls-mig", "MIG 1g.10gb", 3600L, new BigDecimal("3.14"),
                                null));
        assertThat(d.subtotal()).isEqualByComparingTo("23.14");
        assertThat(d.lines(LineKind.TAX)).singleElement().satisfies(t -> {
            assertThat(t.amount()).isEqualTo(new BigDecimal("1.39")); // 23.14 x 0.06 = 1.3884, half-up
            assertThat(t.description()).isEqualTo("VAT 6 %");
        });
        assertThat(d.total()).isEqualTo(new BigDecimal("24.53"));
        assertThat(d.issuedAt()).isEqualTo(DECEMBER_1ST.instant());
        assertThat(d.usageSeconds()).isEqualTo(7200);
    }

    @Test
    void freezesTheRatedStretchesEachUsageLineSums() {
        // given: a whole H100 and a MIG slice rated at two prices
        List<UsageLine> usage = List.of(
                line("ls-mig", NOVEMBER, "op-demo", "MIG", "1g.10gb", "2026-11-04T10:30:00Z", 1800, "24", "1.71"),
                line("ls-whole", NOVEMBER, "op-demo", null, null, "2026-11-03T10:00:00Z", 3600, "20", "20.00"),
                line("ls-mig", NOVEMBER, "op-demo", "MIG", "1g.10gb", "2026-11-04T10:00:00Z", 1800, "20", "1.43"));
        InvoiceDraft d = InvoiceGenerator.generate(request(usage, List.of(), List.of(), List.of()), DECEMBER_1ST)
                .get(0);

        // when
        List<InvoicedStretch> stretches = InvoiceGenerator.stretches(d, usage);

        // then: each stretch under its lease's usage line, in order of start, adding up to the line
        assertThat(stretches).extracting(InvoicedStretch::lineNo, InvoicedStretch::seq, s -> s.usage().amount())
                .containsExactly(tuple(1, 1, new BigDecimal("20.00")), tuple(2, 1, new BigDecimal("1.43")),
                        tuple(2, 2, new BigDecimal("1.71")));
        for (InvoiceLine l : d.lines(LineKind.USAGE)) {
            assertThat(stretches.stream().filter(s -> s.lineNo() == l.lineNo()).map(s -> s.usage().amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(l.amount());
        }
    }

    @Test
    void appliesCreditsBeforeTaxAndNeverBelowZero() {
        // given: 20 CNY of usage and two vouchers of 15 CNY each
        List<UsageLine> usage = List.of(
                line("ls-1", NOVEMBER, "op-demo", null, null, "2026-11-03T10:00:00Z", 3600, "20", "20.00"));
        List<Credit> credits = List.of(new Credit("v-1", "算力券 contest", new BigDecimal("15"), "CNY"),
                new Credit("v-2", "new user", new BigDecimal("15"), "CNY"),
                new Credit("v-usd", "other currency", new BigDecimal("5"), "USD"));

        // when
        InvoiceDraft d = InvoiceGenerator.generate(request(usage, List.of(), List.of(), credits), DECEMBER_1ST).get(0);

        // then: 15 then the 5 left; the USD credit does not apply to a CNY invoice
        assertThat(d.lines(LineKind.CREDIT)).extracting(InvoiceLine::reference, InvoiceLine::amount)
                .containsExactly(tuple("v-1", new BigDecimal("-15.00")),
                        tuple("v-2", new BigDecimal("-5.00")));
        assertThat(d.lines(LineKind.CREDIT).get(0).description()).isEqualTo("算力券 contest");
        assertThat(d.credits()).isEqualByComparingTo("-20");
        assertThat(d.tax()).isEqualByComparingTo("0");
        assertThat(d.total()).isEqualByComparingTo("0");
    }

    @Test
    void billsALateChangeToAnInvoicedPeriodAsACorrectionLine() {
        // given: October billed a lease for 30 minutes (10.00); a late event made it 45 minutes (15.00), and a lease
        // October's invoice never saw arrived late (4.00); another October lease is unchanged
        List<UsageLine> octoberNow = List.of(
                line("ls-longer", OCTOBER, "op-demo", null, null, "2026-10-30T10:00:00Z", 2700, "20", "15.00"),
                line("ls-late", OCTOBER, "op-demo", null, null, "2026-10-31T10:00:00Z", 720, "20", "4.00"),
                line("ls-same", OCTOBER, "op-demo", null, null, "2026-10-29T10:00:00Z", 360, "20", "2.00"));
        List<BilledUsage> billed = List.of(
                new BilledUsage("ls-longer", OCTOBER, "op-demo", "CNY", 1800, new BigDecimal("10.00")),
                new BilledUsage("ls-same", OCTOBER, "op-demo", "CNY", 360, new BigDecimal("2.00")));
        List<UsageLine> november = List.of(
                line("ls-n", NOVEMBER, "op-demo", null, null, "2026-11-03T10:00:00Z", 3600, "20", "20.00"));

        // when
        InvoiceDraft d = InvoiceGenerator.generate(request(november, octoberNow, billed, List.of()), DECEMBER_1ST)
                .get(0);

        // then
        assertThat(d.lines(LineKind.CORRECTION)).extracting(InvoiceLine::leaseId, InvoiceLine::usagePeriod,
                        InvoiceLine::seconds, InvoiceLine::amount)
                .containsExactly(
                        tuple("ls-late", OCTOBER, 720L, new BigDecimal("4.00")),
                        tuple("ls-longer", OCTOBER, 900L, new BigDecimal("5.00")));
        assertThat(d.subtotal()).isEqualByComparingTo("29.00");
        assertThat(d.usageSeconds()).isEqualTo(3600);
        assertThat(d.lines(LineKind.CORRECTION).get(0).description()).startsWith("Correction of 2026-10");
    }

    @Test
    void givesACorrectionTheUnitPriceOfItsUsageWhenItRanAtOnePrice() {
        // given: two October leases lengthened by late events: one ran at 20 throughout, the other crossed a price
        // change from 20 to 24
        List<UsageLine> octoberNow = List.of(
                line("ls-one-price", OCTOBER, "op-demo", null, null, "2026-10-30T10:00:00Z", 2700, "20", "15.00"),
                line("ls-two-prices", OCTOBER, "op-demo", null, null, "2026-10-30T10:00:00Z", 1800, "20", "10.00"),
                line("ls-two-prices", OCTOBER, "op-demo", null, null, "2026-10-30T10:30:00Z", 900, "24", "6.00"));
        List<BilledUsage> billed = List.of(
                new BilledUsage("ls-one-price", OCTOBER, "op-demo", "CNY", 1800, new BigDecimal("10.00")),
                new BilledUsage("ls-two-prices", OCTOBER, "op-demo", "CNY", 1800, new BigDecimal("10.00")));

        // when
        InvoiceDraft d = InvoiceGenerator.generate(request(List.of(), octoberNow, billed, List.of()), DECEMBER_1ST)
                .get(0);

        // then
        assertThat(d.lines(LineKind.CORRECTION)).extracting(InvoiceLine::leaseId, InvoiceLine::unitPrice)
                .containsExactly(tuple("ls-one-price", new BigDecimal("20")), tuple("ls-two-prices", null));
    }

    @Test
    void aCorrectionAloneMakesAnInvoiceAndCanBeNegative() {
        // given: a lease billed in October for 10.00 was cut back by a late end to 6.00, nothing else
        List<UsageLine> octoberNow = List.of(
                line("ls-cut", OCTOBER, "op-demo", null, null, "2026-10-30T10:00:00Z", 1080, "20", "6.00"));
        List<BilledUsage> billed = List.of(
                new BilledUsage("ls-cut", OCTOBER, "op-demo", "CNY", 1800, new BigDecimal("10.00")));

        // when
        List<InvoiceDraft> drafts = InvoiceGenerator.generate(request(List.of(), octoberNow, billed, List.of()),
                DECEMBER_1ST);

        // then
        assertThat(drafts).singleElement().satisfies(d -> {
            assertThat(d.lines(LineKind.CORRECTION)).singleElement()
                    .satisfies(c -> assertThat(c.amount()).isEqualTo(new BigDecimal("-4.00")));
            assertThat(d.tax()).isEqualTo(new BigDecimal("-0.24"));
            assertThat(d.total()).isEqualTo(new BigDecimal("-4.24"));
        });
    }

    @Test
    void issuesNothingForAMonthWithoutUsageOrCorrections() {
        // given: billed October equals October now, and a credit
        List<UsageLine> octoberNow = List.of(
                line("ls-same", OCTOBER, "op-demo", null, null, "2026-10-29T10:00:00Z", 360, "20", "2.00"));
        List<BilledUsage> billed = List.of(
                new BilledUsage("ls-same", OCTOBER, "op-demo", "CNY", 360, new BigDecimal("2.00")));

        // when / then
        assertThat(InvoiceGenerator.generate(request(List.of(), octoberNow, billed,
                List.of(new Credit("v-1", null, BigDecimal.TEN, "CNY"))), DECEMBER_1ST)).isEmpty();
    }

    @Test
    void issuesOneInvoicePerCurrency() {
        // given
        UsageLine cny = line("ls-cny", NOVEMBER, "op-demo", null, null, "2026-11-03T10:00:00Z", 3600, "20", "20.00");
        Instant s = Instant.parse("2026-11-05T00:00:00Z");
        UsageLine usd = new UsageLine("tenant-a", "ls-usd", NOVEMBER, "op-us", "us-west", "A100", 2, BigDecimal.ONE,
                null, null, true, s, s.plusSeconds(3600), 3600, new BigDecimal("2.5"), "USD", new BigDecimal("5.00"));

        // when
        List<InvoiceDraft> drafts = InvoiceGenerator.generate(request(List.of(usd, cny), List.of(), List.of(),
                List.of()), DECEMBER_1ST);

        // then
        assertThat(drafts).extracting(InvoiceDraft::currency, InvoiceDraft::total)
                .containsExactly(tuple("CNY", new BigDecimal("21.20")),
                        tuple("USD", new BigDecimal("5.30")));
        assertThat(drafts.get(1).lines(LineKind.USAGE).get(0).description()).contains("interruptible");
    }

    @Test
    void refusesAPeriodThatHasNotEndedYet() {
        // given
        Clock lastMinuteOfNovember = Clock.fixed(Instant.parse("2026-11-30T23:59:59Z"), ZoneOffset.UTC);

        // when / then
        assertThatThrownBy(() -> InvoiceGenerator.generate(request(List.of(), List.of(), List.of(), List.of()),
                lastMinuteOfNovember)).isInstanceOf(PeriodNotClosedException.class)
                .hasMessageContaining("2026-12-01T00:00:00Z");
    }

    @Test
    void refusesUsageOfAnotherTenantOrPeriod() {
        UsageLine october = line("ls-1", OCTOBER, "op-demo", null, null, "2026-10-03T10:00:00Z", 60, "20", "0.33");
        assertThatThrownBy(() -> request(List.of(october), List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ls-1");
    }

    @Test
    void numbersInvoicesPerYearAndReadsThemBack() {
        assertThat(new InvoiceNumber(2026, 123)).hasToString("CN-2026-000123");
        assertThat(InvoiceNumber.parse("CN-2026-000123")).contains(new InvoiceNumber(2026, 123));
        assertThat(InvoiceNumber.parse("CN-2026-000000")).isEmpty();
        assertThat(InvoiceNumber.parse("CN-2026-12")).isEmpty();
        assertThat(InvoiceNumber.parse("CN-2026-000123 ")).isEmpty();
    }

    @Test
    void rendersAReadableEscapedHtmlPageWithTheTaxLineAndTotal() {
        // given
        UsageLine u = new UsageLine("tenant-a", "ls-<script>", NOVEMBER, "运营商-甲", "cn-east-yrd", "Ascend910B3", 1,
                BigDecimal.ONE, "VNPU", "vir05_1c_16g", false, Instant.parse("2026-11-03T10:00:00Z"),
                Instant.parse("2026-11-03T11:00:00Z"), 3600, new BigDecimal("12"), "CNY", new BigDecimal("12.00"));
        InvoiceDraft d = InvoiceGenerator.generate(request(List.of(u), List.of(), List.of(), List.of()), DECEMBER_1ST)
                .get(0);

        // when
        String html = InvoiceHtml.render(new Invoice(new InvoiceNumber(2026, 7), d));

        // then
        assertThat(html).contains("<meta charset=\"utf-8\">", "Invoice CN-2026-000007", "运营商-甲",
                "VNPU vir05_1c_16g", "VAT 6 % of 12.00", "0.72", "Total CNY", "12.72", "ls-&lt;script&gt;")
                .doesNotContain("<script>");
    }
}
