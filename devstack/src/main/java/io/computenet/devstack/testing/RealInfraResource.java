package io.computenet.devstack.testing;

import io.computenet.devstack.KafkaBroker;
import io.computenet.devstack.Ports;
import io.computenet.devstack.PostgresServer;
import io.computenet.devstack.RegionSpec;
import io.computenet.devstack.RegionalCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts real PostgreSQL and a real Kafka broker (and, with {@code kubernetes=true}, one Kubernetes API stand-in per
 * demo region) for a service's {@code @QuarkusTest}s, and points the service's configuration at them.
 * The service logs in to Kafka as the principal {@code kafkaPrincipal} ({@code KafkaAccess}), with the password the
 * broker got for this run. Init args: {@code database} (required), {@code kafkaPrincipal} (required),
 * {@code kubernetes} ({@code true}/{@code false}).
 */
public class RealInfraResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker sharedKafka;
    private PostgresServer postgres;
    private static final Map<String, RegionalCluster> CLUSTERS = new java.util.concurrent.ConcurrentHashMap<>();
    private String database;
    private String kafkaPrincipal;
    private boolean kubernetes;

    /** The broker of the running test, so tests can stop and start it or talk to it directly. */
    public static KafkaBroker kafka() {
        return sharedKafka;
    }

    /** The Kubernetes stand-in of a demo region, when this resource started them. */
    public static RegionalCluster cluster(String region) {
        return CLUSTERS.get(region);
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "app");
        kafkaPrincipal = initArgs.get("kafkaPrincipal");
        if (kafkaPrincipal == null) {
            throw new IllegalArgumentException("RealInfraResource needs the init arg kafkaPrincipal: the service's"
                    + " Kafka principal (KafkaAccess)");
        }
        kubernetes = Boolean.parseBoolean(initArgs.getOrDefault("kubernetes", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            Path home = Path.of(System.getProperty("computenet.home", "..")).toAbsolutePath().normalize();
            Path work = Files.createTempDirectory("cn-test-" + database);
            postgres = PostgresServer.start(Ports.free(), work.resolve("pg"), List.of(database));
            int[] kafkaPorts = Ports.distinct(2);
            sharedKafka = KafkaBroker.start(home.resolve("kafka-broker/target/libs"), work.resolve("kafka"),
                    kafkaPorts[0], kafkaPorts[1]);
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
            config.put("quarkus.datasource.username", PostgresServer.USER);
            config.put("quarkus.datasource.password", "postgres");
            config.putAll(sharedKafka.serviceConfig(kafkaPrincipal));
            if (kubernetes) {
                for (RegionSpec region : RegionSpec.demo(0)) {
                    RegionalCluster cluster = RegionalCluster.start(region.id(), Ports.free());
                    CLUSTERS.put(region.id(), cluster);
                    String p = "computenet.scheduler.regions." + region.id() + ".";
                    config.put(p + "kubernetes-url", cluster.url());
                    config.put(p + "token", cluster.token());
                    config.put(p + "ca-cert-file", cluster.caCertFile());
                    config.put(p + "tier", region.tier());
                    config.put(p + "display-name", region.displayName());
                }
            }
            return config;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    @Override
    public void stop() {
        CLUSTERS.values().forEach(RegionalCluster::close);
        CLUSTERS.clear();
        if (sharedKafka != null) {
            sharedKafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
