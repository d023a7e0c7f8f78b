package io.computenet.devstack.testing;

import io.computenet.devstack.DevStack;
import io.computenet.devstack.KeycloakServer;
import io.computenet.devstack.Ports;
import io.computenet.devstack.ServiceClients;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the real Keycloak server with the repository's realm for a service's {@code @QuarkusTest}s, with freshly
 * generated service client secrets, and points {@code quarkus.oidc.auth-server-url} at it. Init arg {@code client}
 * (optional): the service client the service under test calls others as ({@code svc-portal}, {@code svc-scheduler});
 * its OIDC client is configured with that client's secret.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String realmUrl;
    private static volatile ServiceClients serviceClients;
    private KeycloakServer keycloak;
    private String client;

    /** The realm URL of the running server, for fetching tokens in tests. */
    public static String realmUrl() {
        return realmUrl;
    }

    /** The service client secrets of the running server, for fetching service tokens in tests. */
    public static ServiceClients serviceClients() {
        return serviceClients;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        client = initArgs.get("client");
    }

    @Override
    public Map<String, String> start() {
        try {
            Path home = Path.of(System.getProperty("computenet.home", "..")).toAbsolutePath().normalize();
            Path work = Files.createTempDirectory("cn-test-keycloak");
            ServiceClients clients = ServiceClients.generate();
            int[] ports = Ports.distinct(2);
            keycloak = KeycloakServer.start(new KeycloakServer.Options(
                    home.resolve("devstack/target/keycloak/keycloak-quarkus-dist-" + DevStack.KEYCLOAK_VERSION
                            + ".tar.gz"),
                    home.resolve(".computenet/cache"),
                    home.resolve("devstack/src/main/resources/keycloak/computenet-realm.json"),
                    ports[0], ports[1], work.resolve("keycloak.log"), "admin", "admin",
                    DevStack.KEYCLOAK_START_LIMIT, clients.keycloakEnvironment()));
            realmUrl = keycloak.realmUrl(DevStack.REALM);
            serviceClients = clients;
            Map<String, String> config = new HashMap<>(ServiceClients.calleeConfig(realmUrl));
            if (client != null) {
                config.putAll(clients.callerConfig(realmUrl, client));
            }
            return config;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
