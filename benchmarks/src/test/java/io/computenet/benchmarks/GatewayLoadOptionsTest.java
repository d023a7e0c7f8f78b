package io.computenet.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayLoadOptionsTest {

    @Test
    void defaultsToSixteenPlainClientsForTwoRoundsOfTwentySeconds() {
        assertThat(GatewayLoadOptions.parse(new String[0])).isEqualTo(new GatewayLoadOptions(16, Duration.ofSeconds(5),
                Duration.ofSeconds(20), 2, 16, false, Path.of(".")));
    }

    @Test
    void readsEveryOption() {
        // when
        GatewayLoadOptions options = GatewayLoadOptions.parse(new String[]{"--concurrency", "4", "--warmup", "1s",
                "--duration", "9s", "--rounds", "3", "--max-tokens", "64", "--stream", "--home", "/repo"});
        // then
        assertThat(options).isEqualTo(new GatewayLoadOptions(4, Duration.ofSeconds(1), Duration.ofSeconds(9), 3, 64,
                true, Path.of("/repo")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--concurrency 0", "--duration 20", "--warmup ten", "--rounds x", "--bogus 1", "--home"})
    void refusesBadOptions(String line) {
        assertThatThrownBy(() -> GatewayLoadOptions.parse(line.split(" ")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
