package io.computenet.scheduler;

import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every scheduler @QuarkusTest runs on real PostgreSQL, a real Kafka broker and per-region Kubernetes stand-ins. */
@QuarkusTestResource(value = RealInfraResource.class, restrictToAnnotatedClass = false, initArgs = {
        @ResourceArg(name = "database", value = "scheduler"),
        @ResourceArg(name = "kafkaPrincipal", value = "scheduler"),
        @ResourceArg(name = "kubernetes", value = "true")})
public final class InfraProfile {
    private InfraProfile() {
    }
}
