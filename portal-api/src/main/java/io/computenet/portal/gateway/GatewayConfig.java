package io.computenet.portal.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The inference gateway's settings ({@code cn.gateway.*}). */
@ConfigMapping(prefix = "cn.gateway")
public interface GatewayConfig {

    /** How long a request waits for a ready replica (scale from zero, all replicas starting) before 503. */
    @WithDefault("120s")
    Duration coldStartTimeout();

    /** How often the routing table is fetched from the scheduler. */
    @WithDefault("1s")
    Duration routesInterval();

    /** How often traffic is reported to the scheduler while there is traffic. */
    @WithDefault("1s")
    Duration reportInterval();

    /** Connecting to a replica; a replica that does not accept in time counts as not reached (another is tried). */
    @WithDefault("2s")
    Duration connectTimeout();

    /** A replica that sends nothing for this long (no token, no byte) has its request ended. */
    @WithDefault("10m")
    Duration idleTimeout();

    /** Connections kept open to one replica. */
    @WithDefault("256")
    int maxConnectionsPerReplica();

    /** The largest request body accepted (413 above). */
    @WithDefault("16777216")
    int maxRequestBytes();
}
