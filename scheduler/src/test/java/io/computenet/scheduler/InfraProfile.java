package io.computenet.scheduler;

import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every scheduler @QuarkusTest runs on real PostgreSQL, a real Kafka broker, per-region Kubernetes stand-ins and a
 * real Keycloak (the internal API takes service tokens only: tests call it through {@code ServiceCalls}).
 */
@QuarkusTestResource(value = KeycloakResource.class, restrictToAnnotatedClass = false, initArgs =
        @ResourceArg(name = "client", value = "svc-scheduler"))
@QuarkusTestResource(value = RealInfraResource.class, restrictToAnnotatedClass = false, initArgs = {
        @ResourceArg(name = "database", value = "scheduler"),
        @ResourceArg(name = "kafkaPrincipal", value = "scheduler"),
        @ResourceArg(name = "kubernetes", value = "true")})
public final class InfraProfile {
    private InfraProfile() {
    }
}
