package io.computenet.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a real Keycloak from the Maven Central distribution and talks OIDC to it. The first test
 * pays for unpack and {@code kc.sh build} unless {@code target/keycloak/cache} already holds them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakServerTest {

    private static final ServiceClients SERVICE_CLIENTS = ServiceClients.generate();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path work;

    private static Path logs;

    private static Path dist;
    private static Path cache;
    private static Path realmFile;

    @BeforeAll
    static void locateDistribution() {
        String property = System.getProperty("keycloak.dist");
        assertThat(property).as("system property keycloak.dist (set in the surefire configuration)").isNotBlank();
        dist = Path.of(property);
        assertThat(dist).as("Keycloak distribution copied by maven-dependency-plugin").isRegularFile();
        // surefire points this at target/keycloak/cache so warm builds skip unpack + kc.sh build
        cache = Path.of(System.getProperty("keycloak.cache", work.resolve("cache").toString()));
        // logs outlive the temporary directory, for a look after a failed or slow run
        logs = Path.of(System.getProperty("keycloak.logs", work.resolve("logs").toString()));
        realmFile = KeycloakServer.writeBundledRealm(work.resolve("computenet-realm.json"));
    }

    @Test
    @Order(1)
    void startsRealKeycloakThatIssuesTokensWithRolesAndTenantClaims() throws Exception {
        long t0 = System.nanoTime();
        KeycloakServer kc = KeycloakServer.start(options("first.log", realmFile));
        long javaPid;
        try {
            System.out.printf("Keycloak ready after %.1f s (cached distribution reused: %s)%n",
                    (System.nanoTime() - t0) / 1e9, kc.reusedCachedDistribution());
            assertThat(kc.baseUrl()).isEqualTo("http://127.0.0.1:" + kc.options().httpPort());
            assertThat(kc.realmUrl("computenet")).isEqualTo(kc.baseUrl() + "/realms/computenet");
            javaPid = ProcessHandle.of(kc.pid()).orElseThrow().children()
                    .findFirst().orElseThrow().pid();

            JsonNode researcher = claims(passwordGrant(kc, "researcher1", "researcher1"));
            // fetched over 127.0.0.1, the issuer is still the one fixed hostname
            assertThat(researcher.path("iss").asText())
                    .isEqualTo("http://localhost:" + kc.options().httpPort() + "/realms/computenet");
            assertThat(researcher.path("azp").asText()).isEqualTo("portal");
            assertThat(researcher.path("preferred_username").asText()).isEqualTo("researcher1");
            assertThat(roles(researcher)).containsExactly("researcher");
            assertThat(researcher.path("tenant").asText()).isEqualTo("tenant-lab-alpha");
            assertThat(researcher.has("organisation")).isFalse();

            JsonNode operator = claims(passwordGrant(kc, "operator1", "operator1"));
            assertThat(roles(operator)).containsExactly("operator");
            assertThat(operator.path("tenant").asText()).isEqualTo("op-demo");
            assertThat(operator.path("organisation").asText()).isEqualTo("op-demo");

            JsonNode finance = claims(passwordGrant(kc, "finance1", "finance1"));
            assertThat(roles(finance)).containsExactly("finance");
            assertThat(finance.path("tenant").asText()).isEqualTo("finance");

            JsonNode admin = claims(passwordGrant(kc, "admin1", "admin1"));
            assertThat(roles(admin)).containsExactlyInAnyOrder("researcher", "operator", "finance", "admin");
            assertThat(admin.path("tenant").asText()).isEqualTo("platform");

            // Keycloak 26.7 answers a wrong user password with 400 invalid_grant (RFC 6749 5.2);
            // 401 is reserved for failed client authentication, checked below
            HttpResponse<String> wrongPassword = tokenRequest(kc, "computenet", Map.of(
                    "grant_type", "password", "client_id", "portal",
                    "username", "researcher1", "password", "not-the-password"));
            assertThat(wrongPassword.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(wrongPassword.body()).path("error").asText()).isEqualTo("invalid_grant");

            // a service client authenticates with the secret generated for this run (the realm file holds only a
            // placeholder); its token carries its role and the audiences of the services it may call
            HttpResponse<String> service = tokenRequest(kc, "computenet", Map.of(
                    "grant_type", "client_credentials", "client_id", ServiceClients.PORTAL,
                    "client_secret", SERVICE_CLIENTS.portalSecret()));
            assertThat(service.statusCode()).as(service.body()).isEqualTo(200);
            JsonNode portalService = claims(service);
            assertThat(portalService.path("azp").asText()).isEqualTo(ServiceClients.PORTAL);
            assertThat(roles(portalService)).contains(ServiceClients.PORTAL);
            assertThat(portalService.path("aud").toString()).contains(ServiceClients.SCHEDULER_AUDIENCE,
                    ServiceClients.BILLING_AUDIENCE);
            JsonNode schedulerService = claims(tokenRequest(kc, "computenet", Map.of(
                    "grant_type", "client_credentials", "client_id", ServiceClients.SCHEDULER,
                    "client_secret", SERVICE_CLIENTS.schedulerSecret())));
            assertThat(roles(schedulerService)).contains(ServiceClients.SCHEDULER).doesNotContain(ServiceClients.PORTAL);
            assertThat(schedulerService.path("aud").toString()).contains(ServiceClients.BILLING_AUDIENCE)
                    .doesNotContain(ServiceClients.SCHEDULER_AUDIENCE);
            // and a user's token is for the portal only
            assertThat(researcher.path("aud").toString()).contains("portal")
                    .doesNotContain(ServiceClients.SCHEDULER_AUDIENCE);

            HttpResponse<String> wrongSecret = tokenRequest(kc, "computenet", Map.of(
                    "grant_type", "client_credentials", "client_id", ServiceClients.PORTAL,
                    "client_secret", "${CN_SVC_PORTAL_SECRET}"));
            assertThat(wrongSecret.statusCode()).isEqualTo(401);

            // the bootstrap admin from the options can use the master realm (admin REST API)
            HttpResponse<String> adminCli = tokenRequest(kc, "master", Map.of(
                    "grant_type", "password", "client_id", "admin-cli",
                    "username", "admin", "password", "admin-secret"));
            assertThat(adminCli.statusCode()).as(adminCli.body()).isEqualTo(200);
        } finally {
            kc.close();
        }

        assertThat(kc.isAlive()).isFalse();
        assertThat(ProcessHandle.of(kc.pid()).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(ProcessHandle.of(javaPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(portIsFree(kc.options().httpPort())).isTrue();
        assertThat(portIsFree(kc.options().managementPort())).isTrue();
        kc.close(); // idempotent
    }

    @Test
    @Order(2)
    void secondStartReusesTheCachedDistributionAndImportsTheRealmAfresh() throws Exception {
        // no-op after the first test; makes this test meaningful when run on its own
        KeycloakServer.install(dist, cache, logs.resolve("install.log"));
        Path home = cache.resolve("keycloak-26.7.3");
        // leftovers of an earlier run must not leak into the next one
        Files.createDirectories(home.resolve("data/import"));
        Files.writeString(home.resolve("data/import/stale-realm.json"), "{\"realm\":\"stale\",\"enabled\":true}");

        long t0 = System.nanoTime();
        Path log = logs.resolve("second.log");
        try (KeycloakServer kc = KeycloakServer.start(options("second.log", realmFile))) {
            System.out.printf("Keycloak warm start ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            assertThat(kc.reusedCachedDistribution()).isTrue();
            assertThat(kc.home()).isEqualTo(home);
            assertThat(Files.readString(log)).doesNotContain("bin/kc.sh build").contains("Realm 'computenet' imported");

            JsonNode researcher = claims(passwordGrant(kc, "researcher1", "researcher1"));
            assertThat(researcher.path("tenant").asText()).isEqualTo("tenant-lab-alpha");
            HttpResponse<String> stale = HTTP.send(HttpRequest.newBuilder(URI.create(kc.realmUrl("stale"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stale.statusCode()).isEqualTo(404);

            // one distribution directory serves one server at a time (shared H2 database)
            assertThatThrownBy(() -> KeycloakServer.start(options("third.log", realmFile)))
                    .isInstanceOf(KeycloakServer.StartException.class)
                    .hasMessageContaining("already running in this JVM");
        }
    }

    @Test
    @Order(3)
    void refusesAPortThatIsAlreadyTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            KeycloakServer.Options free = options("taken.log", realmFile);
            KeycloakServer.Options o = new KeycloakServer.Options(dist, cache, realmFile, taken.getLocalPort(),
                    free.managementPort(), free.logFile(), "admin", "admin-secret", START_TIMEOUT);
            assertThatThrownBy(() -> KeycloakServer.start(o))
                    .isInstanceOf(KeycloakServer.StartException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    @Order(4)
    void serverThatExitsDuringStartupFailsWithTheLogTail() throws Exception {
        // valid JSON with a realm name, but not a valid realm representation: Keycloak's import
        // fails and the server exits (a user with an unknown role, by contrast, is imported anyway)
        ObjectNode broken = (ObjectNode) JSON.readTree(realmFile.toFile());
        broken.putObject("enabled").put("not", "a boolean");
        Path brokenFile = work.resolve("broken-realm.json");
        JSON.writeValue(brokenFile.toFile(), broken);

        KeycloakServer.Options o = options("broken.log", brokenFile);
        assertThatThrownBy(() -> KeycloakServer.start(o))
                .isInstanceOf(KeycloakServer.StartException.class)
                .hasMessageContaining("exited during startup")
                .hasMessageContaining("--- last ")
                .hasMessageContaining("Failed to run import");
        assertThat(portIsFree(o.httpPort())).isTrue();
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> new KeycloakServer.Options(dist, cache, realmFile, 8080, 8080,
                work.resolve("x.log"), "admin", "pw", START_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
        assertThatThrownBy(() -> new KeycloakServer.Options(dist, cache, realmFile, 0, 8081,
                work.resolve("x.log"), "admin", "pw", START_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpPort");
        assertThatThrownBy(() -> new KeycloakServer.Options(dist, cache, realmFile, 8080, 8081,
                work.resolve("x.log"), " ", "pw", START_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adminUser");
        assertThatThrownBy(() -> new KeycloakServer.Options(dist, cache, realmFile, 8080, 8081,
                work.resolve("x.log"), "admin", "pw", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startTimeout");
    }

    // ------------------------------------------------------------------ helpers

    private static KeycloakServer.Options options(String logName, Path realm) throws IOException {
        int[] ports = freePorts(2);
        return new KeycloakServer.Options(dist, cache, realm, ports[0], ports[1], logs.resolve(logName),
                "admin", "admin-secret", START_TIMEOUT, SERVICE_CLIENTS.keycloakEnvironment());
    }

    /** Ports the kernel hands out for port 0; held together so the two are distinct. */
    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> passwordGrant(KeycloakServer kc, String user, String password)
            throws Exception {
        HttpResponse<String> r = tokenRequest(kc, "computenet", Map.of(
                "grant_type", "password", "client_id", "portal", "username", user, "password", password));
        assertThat(r.statusCode()).as("token for %s: %s", user, r.body()).isEqualTo(200);
        return r;
    }

    private static HttpResponse<String> tokenRequest(KeycloakServer kc, String realm, Map<String, String> form)
            throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(kc.realmUrl(realm) + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Payload of the access token; the signature is Keycloak's business, not this test's. */
    private static JsonNode claims(HttpResponse<String> tokenResponse) throws IOException {
        String jwt = JSON.readTree(tokenResponse.body()).path("access_token").asText();
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("JWT segments").hasSize(3);
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static List<String> roles(JsonNode claims) {
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }
}
