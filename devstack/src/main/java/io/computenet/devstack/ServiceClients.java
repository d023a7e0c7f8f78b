package io.computenet.devstack;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets of the realm's confidential service clients for one run. The realm file names them as placeholders
 * ({@code "secret": "${CN_SVC_PORTAL_SECRET}"}) that Keycloak resolves from its environment at import, so no secret
 * is fixed in the repository: every stack and every test run generates its own and hands it to Keycloak and to the
 * service that authenticates with it.
 *
 * <p>Who calls whom: portal-api ({@value #PORTAL}) calls the scheduler's and billing's internal APIs; the scheduler
 * ({@value #SCHEDULER}) reads billing's price books. Each client carries the realm role of its own name and the
 * audiences of the services it may call.
 *
 * @param portalSecret    the secret of {@value #PORTAL}
 * @param schedulerSecret the secret of {@value #SCHEDULER}
 */
public record ServiceClients(String portalSecret, String schedulerSecret) {

    /** portal-api's client id and realm role. */
    public static final String PORTAL = "svc-portal";
    /** The scheduler's client id and realm role. */
    public static final String SCHEDULER = "svc-scheduler";
    /** The audience the scheduler requires of a bearer token. */
    public static final String SCHEDULER_AUDIENCE = "computenet-scheduler";
    /** The audience billing requires of a bearer token. */
    public static final String BILLING_AUDIENCE = "computenet-billing";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh random secrets. */
    public static ServiceClients generate() {
        return new ServiceClients(randomSecret(), randomSecret());
    }

    /** The secret of a service client. */
    public String secret(String clientId) {
        return switch (clientId) {
            case PORTAL -> portalSecret;
            case SCHEDULER -> schedulerSecret;
            default -> throw new IllegalArgumentException("no service client " + clientId);
        };
    }

    /** The environment that resolves the realm file's secret placeholders, for Keycloak's realm import. */
    public Map<String, String> keycloakEnvironment() {
        return Map.of("CN_SVC_PORTAL_SECRET", portalSecret, "CN_SVC_SCHEDULER_SECRET", schedulerSecret);
    }

    /**
     * The configuration of a service that calls others: its OIDC client (client credentials as {@code clientId}),
     * whose tokens the service's REST calls carry.
     */
    public Map<String, String> callerConfig(String realmUrl, String clientId) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("quarkus.oidc-client.auth-server-url", realmUrl);
        c.put("quarkus.oidc-client.client-id", clientId);
        c.put("quarkus.oidc-client.credentials.secret", secret(clientId));
        return c;
    }

    /** The configuration of a service whose internal API accepts only service tokens from the realm. */
    public static Map<String, String> calleeConfig(String realmUrl) {
        return Map.of("quarkus.oidc.auth-server-url", realmUrl);
    }

    private static String randomSecret() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Override
    public String toString() {
        return "ServiceClients[" + PORTAL + ", " + SCHEDULER + "; secrets hidden]";
    }
}
