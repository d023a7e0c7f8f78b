package io.computenet.benchmarks;

import io.computenet.contracts.access.KafkaAccess;
import io.computenet.devstack.DevStack;
import io.computenet.devstack.KafkaBroker;
import io.computenet.devstack.KeycloakServer;
import io.computenet.devstack.Ports;
import io.computenet.devstack.PostgresServer;
import io.computenet.devstack.ServiceClients;
import io.computenet.devstack.ServiceProcess;
import io.computenet.devstack.testing.ServiceToken;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the billing harnesses start around billing, as the devstack does: PostgreSQL 17 (embedded binaries, database
 * {@code billing}), the KRaft broker with SCRAM logins and the ACLs of {@code KafkaAccess}, and Keycloak (billing's
 * internal API takes service tokens only); then billing's packaged fast-jar, logged in to Kafka as {@code billing},
 * with the devstack's JVM flags and billing's memory settings ({@code DevStack.BILLING_MEMORY}) but the maximum heap
 * given.
 *
 * @param token the portal's service token, for billing's internal API
 */
record BillingStack(Path home, Path workDir, PostgresServer postgres, KafkaBroker kafka, Map<String, String> config,
                    ServiceToken token) {

    /** How long billing may take to become ready on a busy machine. */
    static final Duration READY = Duration.ofMinutes(5);

    static BillingStack start(StartedComponents started, Path home, Path workDir, Path brokerLibs) {
        PostgresServer postgres = started.track(PostgresServer.start(Ports.free(), workDir.resolve("postgres"),
                List.of("billing")));
        KafkaBroker kafka = started.track(KafkaBroker.start(home.resolve(brokerLibs), workDir.resolve("kafka"),
                Ports.free(), Ports.free()));
        Map<String, String> config = new LinkedHashMap<>(kafka.serviceConfig(KafkaAccess.BILLING));
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl("billing"));
        config.put("quarkus.datasource.username", PostgresServer.USER);
        config.put("quarkus.datasource.password", "postgres");
        config.put("computenet.billing.seed-demo-price-books", "true");
        ServiceClients serviceClients = ServiceClients.generate();
        KeycloakServer keycloak = started.track(DevStack.startKeycloak(home, workDir.resolve("logs/keycloak.log"),
                serviceClients));
        config.putAll(ServiceClients.calleeConfig(keycloak.realmUrl(DevStack.REALM)));
        ServiceToken token = new ServiceToken(keycloak.realmUrl(DevStack.REALM), ServiceClients.PORTAL,
                serviceClients.portalSecret());
        return new BillingStack(home, workDir, postgres, kafka, Map.copyOf(config), token);
    }

    /**
     * Launches billing's packaged jar (Flyway creates the schema on the first start) without waiting: call
     * {@code awaitReady(BillingStack.READY)} next.
     */
    ServiceProcess launchBilling(StartedComponents started, String heap) {
        return started.track(ServiceProcess.launch(home, "billing", Ports.free(), config, workDir.resolve("logs"),
                DevStack.BILLING_MEMORY.withMaxHeap(heap)));
    }

    /** A connection to billing's database as the superuser. */
    Connection database() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("billing"), PostgresServer.USER, "postgres");
    }
}
