package io.computenet.scheduler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Typed configuration of the scheduler. */
@ConfigMapping(prefix = "computenet.scheduler")
public interface SchedulerConfig {

    /** Regions by id, each with its Kubernetes API server. */
    Map<String, Region> regions();

    /** Namespace the lease workloads run in. */
    @WithDefault("computenet-leases")
    String namespace();

    /** A workload that is not running after this long fails its lease, and the user is not charged. */
    @WithDefault("2m")
    Duration podStartTimeout();

    /**
     * A node silent for longer than this is silent: it gets no new leases, offers do not count it, and its leases fail
     * (ended at its last heartbeat as the scheduler received it, so billing stops there) as long as other nodes are
     * still heard. One threshold for both, so a node is never failed while still receiving leases. Agents send a
     * heartbeat every 10 s.
     */
    @WithDefault("30s")
    Duration nodeFailureTimeout();

    /** How far ahead an advance booking must start at least. */
    @WithDefault("60s")
    Duration bookingMinLead();

    /** Image for leases that do not name one. */
    String defaultImage();

    /** How the scheduler follows the Pods of leases in each region's cluster. */
    Kubernetes kubernetes();

    /** Node identity: the key every node credential is derived from (the same on every scheduler instance). */
    Identity identity();

    /**
     * How clusters without a {@code placement-policy} of their own rank placements: {@code binpack}, {@code spread}
     * or an FGD policy ({@code fgd}, {@code fgd-cpu-aware}, ...; {@code ClusterPolicy.names()} lists them). Checked
     * at startup. The default is the trace replay's winner without foreknowledge, the simulator's default too
     * ({@code Policies.ONLINE_RECOMMENDED}: {@code fgd-cpu-aware-learned}, the CPU-aware FGD with the task mix learned
     * online from the lease requests).
     */
    @WithDefault(io.computenet.placement.policy.Policies.ONLINE_RECOMMENDED)
    String placementPolicy();

    /** Per-cluster settings, by cluster name as nodes are enrolled ({@code NodeCapacity.cluster}). */
    Map<String, Cluster> clusters();

    /** Where the FGD policies' typical-task mix comes from: the shapes of recent leases. */
    PlacementMix placementMix();

    /** How long rows are kept that only serve to recognise a repeat: relayed outbox rows, applied event ids. */
    Retention retention();

    /** The low-balance stop for prepaid tenants ({@code funds/FundsStopJob}). */
    Funds funds();

    /** Inference endpoints' autoscaling ({@code decision/Autoscaling}). */
    Endpoints endpoints();

    interface Endpoints {
        /** An endpoint scales in only once its load has wanted fewer replicas for this long without a break. */
        @WithDefault("60s")
        Duration scaleDownDelay();
    }

    interface Funds {
        /** How long a prepaid tenant's on-demand leases keep running once its funds are exhausted. */
        @WithDefault("15m")
        Duration grace();

        /** How often the stop looks for leases to end. */
        @WithDefault("10s")
        Duration checkInterval();
    }

    interface Cluster {
        /** This cluster's placement policy (same names as {@link #placementPolicy()}); absent: the default. */
        Optional<String> placementPolicy();
    }

    interface PlacementMix {
        /** How many of the most recently placed leases (live ones included) the mix is counted from. */
        @WithDefault("1000")
        int leases();

        /** How long a counted mix is used before it is counted again. */
        @WithDefault("60s")
        Duration refresh();
    }

    interface Retention {
        /**
         * How long an outbox row is kept after it was relayed to Kafka (for inspection: Kafka holds the event);
         * deleted after that, a batch at a time, once a minute.
         */
        @WithDefault("24h")
        Duration outbox();

        /**
         * How long the id of an applied inventory event is kept to recognise a redelivery. After that a redelivered
         * event is still recognised: an event older than its node's last one is never applied, and one as old as the
         * last is taken for a repeat when nothing was applied for the node within this window.
         */
        @WithDefault("1h")
        Duration eventIds();

        /** How long a quote never booked is kept after its hold ended (a booked one is kept with its lease). */
        @WithDefault("24h")
        Duration quotes();
    }

    /** Quotes: priced options held for a while. */
    QuoteSettings quotes();

    interface QuoteSettings {
        /** How long a quote's price is held: a lease request with its id books it until then. */
        @WithDefault("15m")
        Duration hold();
    }

    interface Identity {
        /** At least 32 characters; keep it in a secret. Changing it invalidates every node credential. */
        String masterKey();
    }

    interface Kubernetes {
        /**
         * Watch the lease Pods of each region (one informer per region, its cache answers Pod phases and its events
         * move leases at once) instead of asking the API server for every live lease on every reconcile tick.
         */
        @WithDefault("true")
        boolean watch();

        /** How often each region's informer re-delivers its cache (0: never); a safety net, not a re-list. */
        @WithDefault("10m")
        Duration resyncPeriod();

        /**
         * How often each region's Node names are listed: a lease Pod is created only on a node whose enrolled
         * Kubernetes node name is a Node of its region's cluster, and the list also shows whether the scheduler's
         * credentials for the region are accepted (readiness check {@code kubernetes-clusters}).
         */
        @WithDefault("30s")
        Duration nodeRefresh();
    }

    /**
     * A region and how the scheduler reaches its Kubernetes API server: a kubeconfig file, or the URL with a bearer
     * token (or token file, e.g. a projected service-account token) and the CA certificate that signed the server's
     * certificate. With neither a kubeconfig nor a token the API server is called anonymously (the local stand-ins).
     */
    interface Region {
        /** The API server; with a kubeconfig it overrides the kubeconfig's server when set. */
        Optional<String> kubernetesUrl();

        /** A kubeconfig file (its current context, or {@link #kubeconfigContext()}). */
        Optional<String> kubeconfig();

        /** The context of {@link #kubeconfig()} to use instead of its current one. */
        Optional<String> kubeconfigContext();

        /** A bearer token (keep it in a Secret); {@link #tokenFile()} is preferred where the token rotates. */
        Optional<String> token();

        /** A file holding the bearer token, read again whenever the API server refuses the one in use. */
        Optional<String> tokenFile();

        /** The PEM CA certificate(s) the API server's certificate is checked against (file). */
        Optional<String> caCertFile();

        /** {@code east} or {@code west}. */
        String tier();

        Optional<String> displayName();
    }
}
