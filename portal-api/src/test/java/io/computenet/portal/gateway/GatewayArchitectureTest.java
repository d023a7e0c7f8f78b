package io.computenet.portal.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.computenet.portal.gateway.core.ApiKeys;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The gateway's decisions stay pure, checked on every build: {@code gateway.core} imports no framework (Jackson, a
 * library, is allowed) and nothing else of the portal; the Quarkus and Vert.x edge lives beside it.
 */
class GatewayArchitectureTest {

    private static final String[] FRAMEWORKS = {"jakarta..", "javax.ws..", "javax.inject..", "io.quarkus..",
            "io.smallrye..", "org.eclipse.microprofile..", "io.vertx..", "io.netty..", "org.jboss..",
            "io.micrometer.."};

    private static final JavaClasses PORTAL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importUrl(ApiKeys.class.getProtectionDomain().getCodeSource().getLocation());

    @Test
    void gatewayCoreImportsNoFramework() {
        // given
        ArchRule rule = noClasses().that().resideInAPackage("io.computenet.portal.gateway.core..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS);
        // when // then
        rule.check(PORTAL);
    }

    @Test
    void gatewayCoreDependsOnNothingElseOfThePortal() {
        // given
        ArchRule rule = classes().that().resideInAPackage("io.computenet.portal.gateway.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.computenet.portal.gateway.core..",
                        "io.computenet.contracts.api.endpoint..", "java..", "com.fasterxml.jackson..");
        // when // then
        rule.check(PORTAL);
    }
}
