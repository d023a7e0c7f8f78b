package io.computenet.scheduler.kubernetes;

import io.computenet.scheduler.SchedulerConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Fabric8 client per region, built from typed configuration, created on first use. Each region names how it is
 * reached ({@link SchedulerConfig.Region}): a kubeconfig file, or the API server's URL with a bearer token and the CA
 * certificate its serving certificate is checked against. A region whose credentials are wrong fails at first use
 * with an error naming the region and the setting to fix ({@link #describe}); requests are not retried on a refusal.
 */
@ApplicationScoped
public class RegionalClients {

    @Inject
    SchedulerConfig config;

    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public KubernetesClient forRegion(String region) {
        return clients.computeIfAbsent(region, r -> {
            SchedulerConfig.Region rc = config.regions().get(r);
            if (rc == null) {
                throw new IllegalArgumentException("no Kubernetes cluster configured for region " + r);
            }
            return new KubernetesClientBuilder().withConfig(clientConfig(r, rc, config.namespace())).build();
        });
    }

    /**
     * The client configuration of one region. Nothing is taken from the scheduler's own environment (no
     * {@code ~/.kube/config}, no in-cluster service account, no {@code KUBERNETES_*} variables): a region's cluster is
     * reached exactly as configured, so a scheduler running in one cluster never talks to that cluster by accident.
     */
    static Config clientConfig(String region, SchedulerConfig.Region rc, String namespace) {
        Config base;
        if (rc.kubeconfig().isPresent()) {
            Path file = Path.of(rc.kubeconfig().get());
            try {
                base = Config.fromKubeconfig(rc.kubeconfigContext().orElse(null), Files.readString(file),
                        file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("region " + region + ": cannot read its kubeconfig " + file, e);
            } catch (KubernetesClientException e) {
                throw new IllegalStateException("region " + region + ": kubeconfig " + file + " is not usable: "
                        + e.getMessage(), e);
            }
        } else {
            base = Config.empty();
        }
        ConfigBuilder builder = new ConfigBuilder(base).withNamespace(namespace)
                .withRequestTimeout(10_000).withConnectionTimeout(5_000)
                // a refusal or an unreachable server is reported to the caller, which retries on its own schedule
                .withRequestRetryBackoffLimit(0);
        rc.kubernetesUrl().ifPresent(builder::withMasterUrl);
        if (rc.kubeconfig().isEmpty() && rc.kubernetesUrl().isEmpty()) {
            throw new IllegalStateException("region " + region + ": set computenet.scheduler.regions." + region
                    + ".kubernetes-url or .kubeconfig");
        }
        rc.caCertFile().ifPresent(ca -> {
            if (!Files.isReadable(Path.of(ca))) {
                throw new IllegalStateException("region " + region + ": CA certificate file " + ca
                        + " cannot be read");
            }
            builder.withCaCertFile(ca);
        });
        if (rc.token().isPresent() && rc.tokenFile().isPresent()) {
            throw new IllegalStateException("region " + region + ": set token or token-file, not both");
        }
        rc.token().ifPresent(builder::withOauthToken);
        rc.tokenFile().ifPresent(f -> builder.withOauthTokenProvider(new TokenFile(region, Path.of(f))));
        return builder.build();
    }

    /**
     * What went wrong talking to a region's API server, in words that name the region and, for a refusal of the
     * scheduler's credentials, what to fix.
     */
    public static String describe(String region, KubernetesClientException e) {
        return switch (e.getCode()) {
            case 401 -> "region " + region + ": the Kubernetes API server refused the scheduler's credentials (401 "
                    + "Unauthorized); check computenet.scheduler.regions." + region + ".token, .token-file or "
                    + ".kubeconfig";
            case 403 -> "region " + region + ": the scheduler's Kubernetes identity may not do this (403 Forbidden): "
                    + firstLine(e.getMessage()) + "; check its RBAC (k8s/README.md)";
            case 0 -> "region " + region + ": the Kubernetes API server cannot be reached: " + firstLine(
                    e.getCause() != null ? e.getCause().toString() : e.getMessage());
            default -> "region " + region + ": the Kubernetes API server answered " + e.getCode() + ": "
                    + firstLine(e.getMessage());
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    @PreDestroy
    void close() {
        clients.values().forEach(KubernetesClient::close);
    }

    /** A token read from a file on each request (kept until the file changes), so a rotated token is picked up. */
    private static final class TokenFile implements io.fabric8.kubernetes.client.OAuthTokenProvider {
        private final String region;
        private final Path file;
        private volatile String token;
        private volatile long modified = -1;

        TokenFile(String region, Path file) {
            this.region = region;
            this.file = file;
        }

        @Override
        public String getToken() {
            try {
                long now = Files.getLastModifiedTime(file).toMillis();
                if (token == null || now != modified) {
                    token = Files.readString(file).trim();
                    modified = now;
                }
                return token;
            } catch (IOException e) {
                throw new UncheckedIOException("region " + region + ": cannot read its token file " + file, e);
            }
        }
    }
}
