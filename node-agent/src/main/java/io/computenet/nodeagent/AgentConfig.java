package io.computenet.nodeagent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the node agent. */
@ConfigMapping(prefix = "computenet.agent")
public interface AgentConfig {

    /** {@code live}: discover this node's devices with the vendor tools; {@code simulate}: publish a fleet. */
    @WithDefault("live")
    Mode mode();

    /** How often a heartbeat with fresh health and utilisation is sent. */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** Directory of the on-disk spool that holds events until Kafka acknowledges them. */
    @WithDefault("${user.home}/.computenet-agent/spool")
    String spoolDir();

    /** Bound of the spool; past it the oldest unsent events are dropped (and counted). */
    @WithDefault("268435456")
    long spoolMaxBytes();

    /** Identity of this node (live mode). */
    Optional<String> nodeId();

    @WithDefault("op-demo")
    String operatorId();

    Optional<String> region();

    Optional<String> cluster();

    Simulate simulate();

    enum Mode { LIVE, SIMULATE }

    interface Simulate {
        /** Number of simulated nodes. */
        @WithDefault("12")
        int nodes();

        /** Regions as {@code region:cluster} pairs; nodes are spread over them round robin. */
        @WithDefault("cn-east-yrd:wuhu-1,cn-west-nm:horinger-1,cn-west-gz:guian-1")
        List<String> regions();

        @WithDefault("42")
        long seed();
    }
}
