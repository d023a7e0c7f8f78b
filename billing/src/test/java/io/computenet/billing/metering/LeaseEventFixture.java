package io.computenet.billing.metering;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The lease events billing's broker tests put on {@code computenet.lease-events.v1}, and the broker client that puts
 * them there: register it with {@code @RegisterExtension static final}; it connects (as the broker's super user) on
 * first use, once the test resources run, and disconnects after the class.
 */
public final class LeaseEventFixture implements AfterAllCallback {

    private KafkaTestClient kafka;

    /**
     * An event of a 2-device NVIDIA lease of {@code model} on node-1 of wuhu-1 in cn-east-yrd, running from
     * {@code started}, released at {@code ended} when not null (and then occurring at its end).
     */
    public static LeaseEvent event(String type, String leaseId, String tenantId, String operatorId, String model,
                                   Instant started, Instant ended, BigDecimal share, boolean interruptible) {
        return LeaseEvent.of(type, ended != null ? ended : started, leaseId, tenantId,
                ended == null ? LeaseState.RUNNING : LeaseState.RELEASED, "cn-east-yrd", "wuhu-1", "node-1",
                operatorId, Vendor.NVIDIA, model, 2, 81559, List.of("g0", "g1"), started, ended, null, null, null,
                share, interruptible);
    }

    /** The test broker's client, connected on first use. */
    public KafkaTestClient kafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient(RealInfraResource.kafka().superUser());
        }
        return kafka;
    }

    /** Puts {@code event} on the lease-events topic, keyed by its lease. */
    public void send(LeaseEvent event) {
        kafka().send(Topics.LEASE_EVENTS, event.leaseId(), EventCodec.encode(event));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
