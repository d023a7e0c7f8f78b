package io.computenet.pricing;

import java.time.Instant;
import java.util.Optional;

/** The answer of a price lookup: a price, or explicitly none (with why and until when). */
public sealed interface PriceAnswer {

    /** The next instant the answer may change, null when no later entry is known. */
    Instant until();

    /** The price, if there is one. */
    default Optional<Price> found() {
        return this instanceof Priced p ? Optional.of(p.price()) : Optional.empty();
    }

    /** A price is in force. */
    record Priced(Price price) implements PriceAnswer {
        @Override
        public Instant until() {
            return price.until();
        }
    }

    /** No valid price: nothing may be offered, placed or charged on this basis. */
    record NoPrice(String reason, Instant until) implements PriceAnswer {
    }
}
