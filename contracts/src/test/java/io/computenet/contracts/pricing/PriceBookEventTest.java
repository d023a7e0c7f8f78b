package io.computenet.contracts.pricing;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.EventDecodingException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceBookEventTest {

    static final PriceBookEvent.Entry ENTRY = new PriceBookEvent.Entry("cn-east-yrd", "H100", "MIG", "1g.10gb",
            "INTERRUPTIBLE", new BigDecimal("12.50"), "CNY", Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aBookIsKeyedByItsOperatorOrAsTheDefaultAndTravelsWhole() {
        // given
        PriceBookEvent book = PriceBookEvent.of(Instant.now(), "op-a", 42, List.of(ENTRY));

        // when
        PriceBookEvent read = EventCodec.decode(EventCodec.encode(book), PriceBookEvent.class);

        // then
        assertThat(read).isEqualTo(book);
        assertThat(read.key()).isEqualTo("operator/op-a");
        assertThat(PriceBookEvent.of(Instant.now(), null, 1, List.of()).key()).isEqualTo("default");
        assertThat(PriceBookEvent.operatorOf("operator/op-a")).isEqualTo("op-a");
        assertThat(PriceBookEvent.operatorOf("default")).isNull();
        assertThatThrownBy(() -> PriceBookEvent.operatorOf("op-a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBookWithoutAVersionOrWithAnIncompleteEntryDoesNotDecode() {
        String noVersion = EventCodec.encode(PriceBookEvent.of(Instant.now(), "op-a", 0, List.of(ENTRY)));
        String noCurrency = EventCodec.encode(PriceBookEvent.of(Instant.now(), "op-a", 3, List.of(
                new PriceBookEvent.Entry("cn-east-yrd", "H100", null, null, "ON_DEMAND", BigDecimal.ONE, null,
                        Instant.now()))));

        assertThatThrownBy(() -> EventCodec.decode(noVersion, PriceBookEvent.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> EventCodec.decode(noCurrency, PriceBookEvent.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("entries");
    }
}
