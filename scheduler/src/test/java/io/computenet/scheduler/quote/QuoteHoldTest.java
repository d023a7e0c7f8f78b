package io.computenet.scheduler.quote;

import io.computenet.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hold of a quote as a pure function of the stored quote, the tenant and the clock. */
class QuoteHoldTest {

    private static final Instant QUOTED = Instant.parse("2026-12-07T09:00:00Z");
    private static final Instant UNTIL = QUOTED.plus(Duration.ofMinutes(15));
    private static final QuoteHold.Quote QUOTE = new QuoteHold.Quote("qt-1", "tenant-a", UNTIL, null);

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void aQuoteHoldsItsPriceForTheConfiguredMinutes() {
        assertThat(QuoteHold.validUntil(at(QUOTED), Duration.ofMinutes(15))).isEqualTo(UNTIL);
        assertThatThrownBy(() -> QuoteHold.validUntil(at(QUOTED), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTenantBooksItUntilTheLastInstantBeforeValidUntil() {
        assertThatCode(() -> QuoteHold.checkBookable(QUOTE, "qt-1", "tenant-a", at(UNTIL.minusMillis(1))))
                .doesNotThrowAnyException();
    }

    @Test
    void atValidUntilItIsExpiredWithItsValidity() {
        assertThatThrownBy(() -> QuoteHold.checkBookable(QUOTE, "qt-1", "tenant-a", at(UNTIL)))
                .isInstanceOfSatisfying(QuoteProblems.Expired.class, e -> {
                    assertThat(e.status()).isEqualTo(410);
                    assertThat(e.toProblem().type()).endsWith("/quote-expired");
                    assertThat(e.toProblem().reasons()).containsExactly("validUntil: " + UNTIL);
                });
    }

    @Test
    void anotherTenantsQuoteAndAnUnknownOneAreNotFound() {
        assertThatThrownBy(() -> QuoteHold.checkBookable(QUOTE, "qt-1", "tenant-b", at(QUOTED)))
                .isInstanceOf(QuoteProblems.NotFound.class)
                .extracting(e -> ((ProblemException) e).status()).isEqualTo(404);
        assertThatThrownBy(() -> QuoteHold.checkBookable(null, "qt-9", "tenant-a", at(QUOTED)))
                .isInstanceOf(QuoteProblems.NotFound.class).hasMessageContaining("qt-9");
    }

    @Test
    void aBookedQuoteIsRefusedEvenBeforeItExpires() {
        QuoteHold.Quote booked = new QuoteHold.Quote("qt-1", "tenant-a", UNTIL, "ls-1");

        assertThatThrownBy(() -> QuoteHold.checkBookable(booked, "qt-1", "tenant-a", at(QUOTED)))
                .isInstanceOfSatisfying(QuoteProblems.Booked.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("ls-1");
                });
    }
}
