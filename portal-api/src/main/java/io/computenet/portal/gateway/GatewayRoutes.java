package io.computenet.portal.gateway;

import io.computenet.portal.gateway.core.RouteTable;
import io.computenet.contracts.api.endpoint.EndpointRoutes.EndpointRoute;
import io.computenet.portal.upstream.EndpointRoutesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's routing table, fetched from the scheduler every {@code cn.gateway.routes-interval} and at once after
 * the portal creates an endpoint or key; a key the portal revokes and an endpoint it deletes leave the table before
 * the portal answers ({@link RouteTable} keeps them out of tables fetched before the change). Listeners hear of every
 * new table (requests waiting for a ready replica).
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);

    @Inject
    Vertx vertx;
    @Inject
    @RestClient
    EndpointRoutesClient scheduler;
    @Inject
    GatewayConfig config;

    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<RouteTable> table = new AtomicReference<>(RouteTable.EMPTY);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean fetching = new AtomicBoolean();
    private final AtomicBoolean fetchAgain = new AtomicBoolean();
    private volatile boolean failing;
    private long timer = -1;

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.routesInterval().toMillis(), id -> refresh());
        refresh();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    /** The endpoint's route, empty when the scheduler does not list it (unknown, deleted). */
    public Optional<EndpointRoute> route(String endpointId) {
        return table.get().route(endpointId);
    }

    /** Runs {@code listener} after each new table; the returned action stops that. */
    public Runnable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Fetches the table now (or right after the fetch under way, whose answer may predate a change). */
    public void refresh() {
        if (!fetching.compareAndSet(false, true)) {
            fetchAgain.set(true);
            return;
        }
        fetchAgain.set(false);
        scheduler.routes().subscribe().with(routes -> {
            table.updateAndGet(current -> current.apply(routes, clock.instant()));
            if (failing) {
                LOG.info("endpoint routes are read from the scheduler again");
                failing = false;
            }
            fetched();
        }, failure -> {
            if (!failing) {
                LOG.warnf("cannot read the endpoint routes from the scheduler (keeping the last table): %s",
                        failure.getMessage());
                failing = true;
            }
            fetching.set(false);
            fetchAgain.set(false);
        });
    }

    /** The portal revoked {@code keyId} of its tenant's endpoint {@code name}: refused from now on. */
    public void keyRevoked(String tenantId, String endpointName, String keyId) {
        table.updateAndGet(current -> current.revokeKey(tenantId, endpointName, keyId, clock.instant()));
        refresh();
    }

    /** The portal deleted the tenant's endpoint {@code name}: not routed from now on. */
    public void endpointDeleted(String tenantId, String endpointName) {
        table.updateAndGet(current -> current.deleteEndpoint(tenantId, endpointName, clock.instant()));
        notifyListeners();
        refresh();
    }

    /** The endpoints the table holds. */
    public java.util.Set<String> endpointIds() {
        return table.get().endpointIds();
    }

    private void fetched() {
        fetching.set(false);
        notifyListeners();
        if (fetchAgain.getAndSet(false)) {
            refresh();
        }
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("a routing-table listener failed", e);
            }
        }
    }
}
