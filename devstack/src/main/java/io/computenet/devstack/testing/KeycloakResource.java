package io.computenet.devstack.testing;

import io.computenet.devstack.DevStack;
import io.computenet.devstack.KeycloakServer;
import io.computenet.devstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts the real Keycloak server with the repository's realm for a service's {@code @QuarkusTest}s and points
 * {@code quarkus.oidc.auth-server-url} at it.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String realmUrl;
    private KeycloakServer keycloak;

    /** The realm URL of the running server, for fetching tokens in tests. */
    public static String realmUrl() {
        return realmUrl;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path home = Path.of(System.getProperty("computenet.home", "..")).toAbsolutePath().normalize();
            Path work = Files.createTempDirectory("cn-test-keycloak");
            keycloak = KeycloakServer.start(new KeycloakServer.Options(
                    home.resolve("devstack/target/keycloak/keycloak-quarkus-dist-" + DevStack.KEYCLOAK_VERSION
                            + ".tar.gz"),
                    home.resolve(".computenet/cache"),
                    home.resolve("devstack/src/main/resources/keycloak/computenet-realm.json"),
                    Ports.free(), Ports.free(), work.resolve("keycloak.log"), "admin", "admin",
                    Duration.ofMinutes(4)));
            realmUrl = keycloak.realmUrl(DevStack.REALM);
            return Map.of("quarkus.oidc.auth-server-url", realmUrl);
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
