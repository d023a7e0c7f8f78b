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

    /**
     * Directory of the node identities (node id and credential, one JSON file per node, owner-only permissions).
     * Keep it on persistent storage: an agent that loses it must be enrolled again.
     */
    @WithDefault("${user.home}/.computenet-agent/identity")
    String identityDir();

    /**
     * Live mode: a directory (e.g. the mounted Secret {@code node-agent-identity}) holding identities made with
     * {@code node-agent enroll}, one file per node name; when it has this node's, the agent uses it read-only.
     */
    Optional<String> identitySecretDir();

    /**
     * Live mode: the Kubernetes node name this agent runs on. The DaemonSet sets it from the downward API
     * ({@code spec.nodeName}; the container's host name is the Pod's name); enrolment binds the node to it, lease Pods
     * are pinned to it, and it is the default node name. Absent: the host name (an agent outside Kubernetes).
     */
    Optional<String> kubernetesNodeName();

    /**
     * Live mode: this node's topology label (rack or switch, e.g. {@code guian-1/rack-a12}; letters, digits and
     * {@code . _ / -}), as its operator knows the data centre. Sent in the node's inventory; gang leases prefer nodes
     * that share one. An operator's label set through the API overrides it. Environment:
     * {@code COMPUTENET_AGENT_TOPOLOGY}.
     */
    Optional<String> topology();

    /**
     * Live mode: the Ascend host's {@code hccn.conf}, where each NPU's own network address is configured
     * ({@code address_<id>=...}); reported as the device's {@code deviceIp} for the HCCL rank table. Absent: no
     * addresses.
     */
    @WithDefault("/etc/hccn.conf")
    String hccnConf();

    /** How a node that has no identity yet gets one. */
    Enrollment enrollment();

    Simulate simulate();

    enum Mode { LIVE, SIMULATE }

    interface Enrollment {
        /** Base URL of the portal that exchanges enrolment tokens, e.g. {@code https://portal.example}. */
        Optional<String> url();

        /** The one-time token an operator created ({@code POST /api/v1/operator/enrollment-tokens}). */
        Optional<String> token();

        /** A file holding the token instead (e.g. a mounted Kubernetes Secret). */
        Optional<String> tokenFile();

        /** The node name to ask for (live mode); defaults to the Kubernetes node name, else the host name. */
        Optional<String> nodeName();
    }

    interface Simulate {
        /** Number of simulated nodes. */
        @WithDefault("12")
        int nodes();

        /** Regions as {@code region:cluster} pairs; nodes are spread over them round robin. */
        @WithDefault("cn-east-yrd:wuhu-1,cn-west-nm:horinger-1,cn-west-gz:guian-1")
        List<String> regions();

        @WithDefault("42")
        long seed();

        /**
         * Enrolment tokens for simulated nodes that have no identity yet: one per line, {@code region:cluster token}
         * (the token's scope), used in file order for the nodes of that region and cluster.
         */
        Optional<String> tokensFile();

        /**
         * Extra nodes after the round-robin ones: 8x Ascend 910B3 servers in one region and cluster
         * ({@link #trainingRegion()}), all in one rack ({@link #trainingTopology()}), for gang leases.
         */
        @WithDefault("0")
        int trainingNodes();

        /** {@code region:cluster} of the training nodes. */
        @WithDefault("cn-west-gz:guian-1")
        String trainingRegion();

        /** The training nodes' shared topology label. */
        @WithDefault("guian-1/rack-a12")
        String trainingTopology();

        /**
         * A file listing simulated node ids (one a line) that send nothing more until removed from it, as failed
         * nodes: read every heartbeat round ({@code SilencedNodes}).
         */
        Optional<String> silencedFile();
    }
}
