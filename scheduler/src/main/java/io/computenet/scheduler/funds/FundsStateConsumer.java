package io.computenet.scheduler.funds;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.EventDecodingException;
import io.computenet.contracts.funds.FundsStateEvent;
import io.computenet.scheduler.messaging.DeadLetters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads billing's prepaid funds states ({@code computenet.funds-state.v1}, compacted) into {@link TenantFunds}; a
 * state older than or as old as the one kept changes nothing, so redelivery and replay are harmless. A record that
 * does not decode goes to the dead letters.
 */
@ApplicationScoped
public class FundsStateConsumer {

    private static final Logger LOG = Logger.getLogger(FundsStateConsumer.class);

    @Inject
    TenantFunds funds;
    @Inject
    DeadLetters deadLetters;

    @Incoming("funds-state")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
        FundsStateEvent event;
        try {
            event = EventCodec.decode(record.value(), FundsStateEvent.class);
        } catch (EventDecodingException e) {
            deadLetters.send(record, e);
            return;
        }
        if (funds.apply(event)) {
            LOG.debugf("tenant %s funds v%d: balance %s %s, %d voucher(s)", event.tenantId(), event.version(),
                    event.balance(), event.currency(), event.vouchers().size());
        }
    }
}
