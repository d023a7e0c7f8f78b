package io.computenet.devstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerFormatTimeoutTest {

    @Test
    void waitsFiveMinutesForTheStorageFormatUnlessConfigured() {
        assertThat(KafkaBroker.formatTimeout(null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(KafkaBroker.formatTimeout(" ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(KafkaBroker.formatTimeout(" 900 ")).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void refusesATimeoutThatIsNoPositiveNumberOfSecondsNamingTheProperty() {
        for (String bad : new String[] {"0", "-5", "5m", "ten"}) {
            assertThatThrownBy(() -> KafkaBroker.formatTimeout(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(KafkaBroker.FORMAT_TIMEOUT_PROPERTY).hasMessageContaining(bad);
        }
    }
}
