package io.computenet.billing.invoice;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.awaitility.Awaitility.await;

/** Leases that ran, sent as the scheduler's lease events through the real broker; metering rates them. */
public final class LeaseRuns implements AutoCloseable {

    private final KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().superUser());

    /** A lease on H100s in the east region (22.00 CNY per device-hour in the demo price book) from start to end. */
    public void ran(String leaseId, String tenant, String operator, int devices, String sliceKind, String sliceProfile,
             BigDecimal share, Instant start, Instant end) {
        for (LeaseEvent e : List.of(
                LeaseEvent.of(LeaseEvent.TYPE_STARTED, start, leaseId, tenant, LeaseState.RUNNING, "cn-east-yrd",
                        "wuhu-1", "node-1", operator, Vendor.NVIDIA, "H100 80GB HBM3", devices, 81920,
                        List.of("g0"), start, null, null, sliceKind, sliceProfile, share),
                LeaseEvent.of(LeaseEvent.TYPE_ENDED, end, leaseId, tenant, LeaseState.RELEASED, "cn-east-yrd",
                        "wuhu-1", "node-1", operator, Vendor.NVIDIA, "H100 80GB HBM3", devices, 81920,
                        List.of("g0"), start, end, null, sliceKind, sliceProfile, share))) {
            kafka.send(Topics.LEASE_EVENTS, e.leaseId(), EventCodec.encode(e));
        }
    }

    /** Waits until metering closed the leases' charges. */
    public static void rated(String... leaseIds) {
        for (String leaseId : leaseIds) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var r = given().get("/internal/v1/charges/" + leaseId);
                return r.statusCode() == 200 && "CLOSED".equals(r.path("status"));
            });
        }
    }

    @Override
    public void close() {
        kafka.close();
    }
}
