package io.computenet.portal.gateway.core;

import io.computenet.contracts.api.endpoint.EndpointRoutes;
import io.computenet.contracts.api.endpoint.EndpointRoutes.EndpointRoute;
import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteKey;
import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteReplica;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    private static EndpointRoutes routes(Instant at) {
        return new EndpointRoutes(at, List.of(
                new EndpointRoute("ep-a", "t1", "chat", "m", "READY", 600,
                        List.of(new RouteKey("k1", "aa"), new RouteKey("k2", "bb")),
                        List.of(new RouteReplica("l1", "cn-east-yrd", "http://127.0.0.2:8000", true))),
                new EndpointRoute("ep-b", "t2", "chat", "m", "READY", 600, List.of(), List.of())));
    }

    @Test
    void servesTheSchedulersRoutesByEndpointId() {
        // when
        RouteTable table = RouteTable.EMPTY.apply(routes(T0), T0);
        // then
        assertThat(table.route("ep-a")).map(EndpointRoute::name).contains("chat");
        assertThat(table.route("ep-x")).isEmpty();
    }

    @Test
    void aRevokedKeyStaysOutOfATableGeneratedBeforeTheRevocation() {
        // given
        RouteTable table = RouteTable.EMPTY.apply(routes(T0), T0);
        // when
        RouteTable revoked = table.revokeKey("t1", "chat", "k1", T0.plusSeconds(1));
        RouteTable stale = revoked.apply(routes(T0), T0.plusSeconds(2));
        // then
        assertThat(revoked.route("ep-a").orElseThrow().keys()).extracting(RouteKey::keyId).containsExactly("k2");
        assertThat(stale.route("ep-a").orElseThrow().keys()).extracting(RouteKey::keyId).containsExactly("k2");
    }

    @Test
    void aRevocationTouchesOnlyTheNamedEndpointsKey() {
        // given: tenant t2 names a key id of tenant t1's endpoint
        RouteTable table = RouteTable.EMPTY.apply(routes(T0), T0);
        // when
        RouteTable revoked = table.revokeKey("t2", "chat", "k1", T0);
        // then
        assertThat(revoked.route("ep-a").orElseThrow().keys()).hasSize(2);
    }

    @Test
    void aDeletedEndpointIsGoneAtOnceAndStaysGone() {
        // given
        RouteTable table = RouteTable.EMPTY.apply(routes(T0), T0);
        // when: tenant t1 deletes its endpoint "chat"
        RouteTable deleted = table.deleteEndpoint("t1", "chat", T0.plusSeconds(1));
        RouteTable stale = deleted.apply(routes(T0), T0.plusSeconds(2));
        // then: tenant t2's endpoint of the same name stays
        assertThat(deleted.endpointIds()).containsExactly("ep-b");
        assertThat(stale.endpointIds()).containsExactly("ep-b");
    }

    @Test
    void forgetsTombstonesAfterAWhile() {
        // given
        RouteTable revoked = RouteTable.EMPTY.apply(routes(T0), T0).revokeKey("t1", "chat", "k1", T0);
        // when: the scheduler, much later, lists the key again (it never does for a revoked key; this shows the
        // tombstone does not grow forever)
        RouteTable later = revoked.apply(routes(T0), T0.plus(RouteTable.REMEMBER));
        // then
        assertThat(later.route("ep-a").orElseThrow().keys()).hasSize(2);
    }
}
