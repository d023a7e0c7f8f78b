package io.computenet.scheduler.pricing;

import io.computenet.contracts.pricing.PriceBookEvent;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceQuery;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceBookCopyTest {

    static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    static PriceBookEvent.Entry h100(String price, String currency, String term, String sliceKind, Instant from) {
        return new PriceBookEvent.Entry("cn-east-yrd", "H100", sliceKind, null, term, new BigDecimal(price), currency,
                from);
    }

    static BigDecimal wholeH100(PriceBook book, String operator) {
        return book.priceAt(PriceQuery.wholeDevice(operator, "cn-east-yrd", "H100"), NOW).orElseThrow()
                .pricePerDeviceHour();
    }

    @Test
    void hasNoPricesBeforeAnyBookHasArrived() {
        assertThat(new PriceBookCopy().book()).isEmpty();
    }

    @Test
    void answersThePriceInForceNowFromEveryVersionOfEveryBook() {
        // given: the default book, and op-a's with a past and a future change, an interruptible, a slice and a USD entry
        PriceBookCopy copy = new PriceBookCopy();
        copy.apply(PriceBookEvent.of(NOW, null, 3, List.of(h100("22.00", "CNY", "ON_DEMAND", null, LONG_AGO))));
        copy.apply(PriceBookEvent.of(NOW, "op-a", 9, List.of(
                h100("20.00", "CNY", "ON_DEMAND", null, Instant.parse("2026-01-01T00:00:00Z")),
                h100("30.00", "CNY", "ON_DEMAND", null, Instant.parse("2027-01-01T00:00:00Z")),
                h100("9.00", "CNY", "INTERRUPTIBLE", null, LONG_AGO),
                h100("40.00", "CNY", "ON_DEMAND", "MIG", LONG_AGO))));
        copy.apply(PriceBookEvent.of(NOW, "op-b", 4, List.of(h100("3.00", "USD", "ON_DEMAND", null, LONG_AGO))));

        // when
        PriceBook book = copy.book().orElseThrow();

        // then: op-a's own price now; op-b's USD entry is left out, so the default answers for it
        assertThat(wholeH100(book, "op-a")).isEqualByComparingTo("20.00");
        assertThat(wholeH100(book, "op-b")).isEqualByComparingTo("22.00");
        assertThat(book.priceAt(PriceQuery.wholeDevice("op-a", "cn-west-nm", "H100"), NOW)).isEmpty();
    }

    @Test
    void keepsTheNewestVersionOfABookWhateverTheOrderTheRecordsArriveIn() {
        // given: op-a's book at version 7
        PriceBookCopy copy = new PriceBookCopy();
        PriceBookEvent v7 = PriceBookEvent.of(NOW, "op-a", 7, List.of(h100("25.00", "CNY", "ON_DEMAND", null,
                LONG_AGO)));
        PriceBookEvent v5 = PriceBookEvent.of(NOW, "op-a", 5, List.of(h100("21.00", "CNY", "ON_DEMAND", null,
                LONG_AGO)));
        assertThat(copy.apply(v7)).isTrue();

        // when: an older state arrives late, and the same one again
        boolean older = copy.apply(v5);
        boolean repeated = copy.apply(v7);

        // then: neither changes anything
        assertThat(older).isFalse();
        assertThat(repeated).isFalse();
        assertThat(copy.version("operator/op-a")).isEqualTo(7);
        assertThat(wholeH100(copy.book().orElseThrow(), "op-a")).isEqualByComparingTo("25.00");

        // and when: a newer one arrives, it replaces the book
        assertThat(copy.apply(PriceBookEvent.of(NOW, "op-a", 8, List.of(h100("26.00", "CNY", "ON_DEMAND", null,
                LONG_AGO))))).isTrue();
        assertThat(wholeH100(copy.book().orElseThrow(), "op-a")).isEqualByComparingTo("26.00");
    }

    @Test
    void refusesABookWithAnEntryThatIsNoPriceAndKeepsWhatItHad() {
        // given
        PriceBookCopy copy = new PriceBookCopy();
        copy.apply(PriceBookEvent.of(NOW, null, 1, List.of(h100("22.00", "CNY", "ON_DEMAND", null, LONG_AGO))));

        // when / then: an unknown term names the book, its version and the entry
        assertThatThrownBy(() -> copy.apply(PriceBookEvent.of(NOW, null, 2, List.of(
                h100("23.00", "CNY", "SPOT", null, LONG_AGO)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("price book default v2").hasMessageContaining("SPOT");
        assertThat(copy.version("default")).isEqualTo(1);
        assertThat(wholeH100(copy.book().orElseThrow(), "op-x")).isEqualByComparingTo("22.00");
    }
}
