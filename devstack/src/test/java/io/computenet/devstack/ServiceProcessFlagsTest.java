package io.computenet.devstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The services' JVM flags: the fast-start defaults, or what the system property says. */
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
}
