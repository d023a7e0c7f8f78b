package io.computenet.scheduler.pricing;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.EventDecodingException;
import io.computenet.contracts.pricing.PriceBookEvent;
import io.computenet.scheduler.messaging.DeadLetters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads billing's price books ({@code computenet.price-books.v1}, compacted) into the {@link PriceCatalog}: every
 * instance reads the whole topic from the beginning under a group of its own, at each start. A record that does not
 * decode, holds an entry that is no price, or is filed under another book's key goes to the dead letters with the
 * reason (and the copy keeps what it had).
 */
@ApplicationScoped
public class PriceBookConsumer {

    @Inject
    PriceCatalog catalog;
    @Inject
    DeadLetters deadLetters;

    @Incoming("price-books")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("a price book record without a value: books are never deleted");
            }
            PriceBookEvent event = EventCodec.decode(record.value(), PriceBookEvent.class);
            if (!event.key().equals(record.key())) {
                throw new IllegalArgumentException("price book " + event.key() + " filed under key " + record.key());
            }
            catalog.apply(event);
        } catch (EventDecodingException | IllegalArgumentException e) {
            deadLetters.send(record, e);
        }
    }
}
