package io.computenet.devstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The services' JVM flags: the fast-start defaults, or what the system property says; their heap flags. */
class ServiceProcessFlagsTest {

    @AfterEach
    void clear() {
        System.clearProperty(ServiceProcess.JVM_FLAGS_PROPERTY);
    }

    @Test
    void servicesStartWithTheFastStartFlagsByDefault() {
        assertThat(ServiceProcess.jvmFlags()).containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void thePropertyReplacesTheFlagsSplitOnWhitespace() {
        System.setProperty(ServiceProcess.JVM_FLAGS_PROPERTY, "  -XX:+UseParallelGC   -XX:+AlwaysPreTouch ");
        assertThat(ServiceProcess.jvmFlags()).containsExactly("-XX:+UseParallelGC", "-XX:+AlwaysPreTouch");
    }

    @Test
    void anEmptyPropertyMeansNoExtraFlags() {
        System.setProperty(ServiceProcess.JVM_FLAGS_PROPERTY, " ");
        assertThat(ServiceProcess.jvmFlags()).isEmpty();
    }

    @Test
    void billingStartsWithItsHeapFlagsAndAnotherMaximumKeepsThem() {
        assertThat(ServiceProcess.memoryFlags(DevStack.BILLING_MEMORY)).containsExactly("-Xmx96m", "-Xms32m",
                "-Xmn12m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
        assertThat(ServiceProcess.memoryFlags(DevStack.BILLING_MEMORY.withMaxHeap("256m"))).containsExactly(
                "-Xmx256m", "-Xms32m", "-Xmn12m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
        assertThat(DevStack.BILLING_MEMORY.withMaxHeap("256m").mallocArenas()).isEqualTo(2);
    }

    @Test
    void aServiceWithoutSettingsBeyondItsMaximumGetsOnlyThat() {
        assertThat(ServiceProcess.memoryFlags(new ServiceProcess.Memory(null, "384m", null))).containsExactly("-Xmx384m");
    }

    @Test
    void withoutAFreshClassArchiveTheServiceWritesOneAtExit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
        java.nio.file.Path archive = dir.resolve(ServiceProcess.CLASS_ARCHIVE);
        java.nio.file.Path pending = dir.resolve("pending.jsa.part");
        assertThat(ServiceProcess.classArchiveFlags(jar, archive, pending))
                .containsExactly("-XX:ArchiveClassesAtExit=" + pending);

        // an archive older than the jar (the service was packaged again since) is not used either
        java.nio.file.Files.writeString(archive, "classes");
        java.nio.file.Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(1_000));
        assertThat(ServiceProcess.classArchiveFlags(jar, archive, pending))
                .containsExactly("-XX:ArchiveClassesAtExit=" + pending);
    }

    @Test
    void aClassArchiveNewerThanTheJarIsUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.writeString(dir.resolve("quarkus-run.jar"), "jar");
        java.nio.file.Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000));
        java.nio.file.Path archive = java.nio.file.Files.writeString(dir.resolve(ServiceProcess.CLASS_ARCHIVE),
                "classes");
        assertThat(ServiceProcess.classArchiveFlags(jar, archive, dir.resolve("pending.jsa.part")))
                .containsExactly("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void passwordsAndSecretsGoToTheEnvironmentNotTheCommandLine() {
        // given
        java.util.Map<String, String> config = java.util.Map.of("computenet.kafka.password", "p1",
                "quarkus.oidc.credentials.secret", "s1", "computenet.kafka.username", "billing");

        // when
        java.util.Map<String, String> environment = ServiceProcess.secretsAsEnvironment(config);

        // then
        assertThat(environment).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "COMPUTENET_KAFKA_PASSWORD", "p1", "QUARKUS_OIDC_CREDENTIALS_SECRET", "s1"));
    }
}
