package io.computenet.portal.gateway;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Routes put into the running {@link SchedulerRoutesDouble}, for tests outside this package. */
public final class GatewayTestRoutes {

    private GatewayTestRoutes() {
    }

    /** Lists {@code tenantId}'s endpoint {@code name} (id {@code endpointId}) with a new key, once the gateway knows it. */
    public static String routeWithKey(String endpointId, String tenantId, String name, URL portal) {
        String key = GatewayCalls.newKey();
        SchedulerRoutesDouble.running().put(GatewayCalls.route(endpointId, tenantId, name, key, 600, List.of()));
        GatewayCalls.awaitRouted(portal, endpointId, key);
        return key;
    }

    /** 404 while the gateway accepts {@code key} for the endpoint, 401 when it does not. */
    public static int probe(URL portal, String endpointId, String key) {
        return GatewayCalls.probe(portal, endpointId, key);
    }

    /** Until the gateway has fetched the routing table {@code count} more times. */
    public static void awaitPolls(int count) {
        int seen = SchedulerRoutesDouble.running().routeFetches();
        await().atMost(Duration.ofSeconds(10)).until(() -> SchedulerRoutesDouble.running().routeFetches() >= seen + count);
    }
}
