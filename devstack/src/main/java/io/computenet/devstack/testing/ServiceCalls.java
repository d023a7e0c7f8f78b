package io.computenet.devstack.testing;

import io.computenet.devstack.ServiceClients;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests to an internal API as a service makes them, for a service's {@code @QuarkusTest}s: each carries a real
 * client-credentials token of a service client from the Keycloak that {@link KeycloakResource} started.
 */
public final class ServiceCalls {

    /** By realm URL and client: a test profile change restarts Keycloak on another port with other keys. */
    private static final Map<String, ServiceToken> TOKENS = new ConcurrentHashMap<>();

    private ServiceCalls() {
    }

    /** A RestAssured request as the portal makes it (token of {@code svc-portal}). */
    public static RequestSpecification given() {
        return as(ServiceClients.PORTAL);
    }

    /** A RestAssured request carrying the token of the service client {@code clientId}. */
    public static RequestSpecification as(String clientId) {
        return RestAssured.given().auth().oauth2(token(clientId));
    }

    /** A current token of the service client {@code clientId}. */
    public static String token(String clientId) {
        String realmUrl = KeycloakResource.realmUrl();
        return TOKENS.computeIfAbsent(realmUrl + " " + clientId, key -> new ServiceToken(realmUrl, clientId,
                KeycloakResource.serviceClients().secret(clientId))).get();
    }
}
