package io.computenet.scheduler.kubernetes;

import io.computenet.scheduler.SchedulerConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One Fabric8 client per region, built from typed configuration, created on first use. */
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
            Config k8s = new ConfigBuilder(Config.empty())
                    .withMasterUrl(rc.kubernetesUrl())
                    .withNamespace(config.namespace())
                    .withRequestTimeout(10_000)
                    .withConnectionTimeout(5_000)
                    .build();
            return new KubernetesClientBuilder().withConfig(k8s).build();
        });
    }

    @PreDestroy
    void close() {
        clients.values().forEach(KubernetesClient::close);
    }
}
