package io.computenet.scheduler;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.computenet.scheduler.quota.Admission;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The structure the scheduler relies on, checked on every build: its packages form no cycle, the decisions and the
 * shared pure modules ({@code placement}, {@code contracts}) import no framework, and the scheduler imports no other
 * service's code (services meet only through {@code contracts}, REST and Kafka), and no production class places on
 * the scan that is the indexed engine's test oracle ({@code Planner}).
 */
class ArchitectureTest {

    /** Frameworks and their APIs: what a pure core may not import. */
    static final String[] FRAMEWORKS = {"jakarta..", "javax.persistence..", "javax.ws..", "javax.inject..",
            "io.quarkus..", "org.hibernate..", "io.fabric8..", "org.apache.kafka..", "io.smallrye..",
            "org.eclipse.microprofile..", "io.micrometer..", "io.vertx..", "org.jboss..", "io.netty.."};

    /** The API records shared by the portal and the scheduler (contracts), with their validation annotations. */
    static final String API_RECORDS = "io.computenet.contracts.api..";

    /** The other services' code. */
    static final String[] OTHER_SERVICES = {"io.computenet.billing..", "io.computenet.portal..",
            "io.computenet.nodeagent..", "io.computenet.simulator..", "io.computenet.benchmarks.."};

    /** The scheduler's main classes: the build output its own main class sits in. */
    private static final JavaClasses SCHEDULER = classesBeside(SchedulerConfig.class);

    /** The placement and contracts modules, each whole (their jar or build output). */
    private static final JavaClasses PURE_MODULES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importUrls(List.of(locationOf(io.computenet.placement.Planner.class),
                    locationOf(io.computenet.contracts.Topics.class)));

    /** Imports only where the class was loaded from, instead of scanning every jar of the class path. */
    private static JavaClasses classesBeside(Class<?> type) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importUrl(locationOf(type));
    }

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void schedulerPackagesFormNoCycle() {
        // given
        ArchRule rule = slices().matching("io.computenet.scheduler.(*)..").should().beFreeOfCycles();

        // when // then
        rule.check(SCHEDULER);
    }

    @Test
    void leaseDecisionsImportNoFramework() {
        // given
        ArchRule rule = noClasses().that().resideInAPackage("io.computenet.scheduler.decision..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS);

        // when // then
        rule.check(SCHEDULER);
    }

    @Test
    void leaseDecisionsDependOnlyOnThePureCore() {
        // given: the placement core, the contracts, and the pure admission rules of the quota package
        ArchRule rule = classes().that().resideInAPackage("io.computenet.scheduler.decision..")
                .should().onlyDependOnClassesThat(or(
                        resideInAnyPackage("io.computenet.scheduler.decision..", "io.computenet.placement..",
                                "io.computenet.contracts..", "java.."),
                        belongToAnyOf(Admission.class)));

        // when // then
        rule.check(SCHEDULER);
    }

    @Test
    void placementAndContractsImportNoFramework() {
        // given
        ArchRule rule = noClasses().that().resideOutsideOfPackage(API_RECORDS)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS);

        // when // then
        rule.check(PURE_MODULES);
    }

    @Test
    void sharedApiRecordsImportOnlyTheValidationAnnotations() {
        // given: the API records carry their field rules as Bean Validation annotations (declarations only)
        ArchRule rule = noClasses().that().resideInAPackage(API_RECORDS).should().dependOnClassesThat(
                resideInAnyPackage(FRAMEWORKS).and(not(resideInAPackage("jakarta.validation.."))));

        // when // then
        rule.check(PURE_MODULES);
    }

    @Test
    void schedulerImportsNoOtherServicesCode() {
        // given
        ArchRule rule = noClasses().should().dependOnClassesThat().resideInAnyPackage(OTHER_SERVICES);

        // when // then
        rule.check(SCHEDULER);
        rule.check(PURE_MODULES);
    }

    @Test
    void onlyTheRestEdgeUsesTheRestResources() {
        // given: the services below the REST resources never call back into them
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.computenet.scheduler.api..")
                .should().dependOnClassesThat().resideInAPackage("io.computenet.scheduler.api..");

        // when // then
        rule.check(SCHEDULER);
    }

    @Test
    void onlyTheTestsUseTheScanOracle() {
        // given: the placement scan (Planner) is the indexed engine's test oracle; production places on the index
        ArchRule rule = noClasses().that(not(belongToAnyOf(io.computenet.placement.Planner.class)))
                .should().dependOnClassesThat(belongToAnyOf(io.computenet.placement.Planner.class))
                .because("every production placement runs on the indexed engine (CapacityIndex); the scan is kept "
                        + "only as the tests' oracle");

        // when // then
        rule.check(SCHEDULER);
        rule.check(PURE_MODULES);
    }
}
