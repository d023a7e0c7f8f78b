package io.computenet.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    private static final Set<String> OPTIONS = Set.of("--nodes", "--seed", "--leased", "--warmup", "--home");
    private static final Set<String> FLAGS = Set.of("--keep");

    @Test
    void readsValuesFlagsAndDefaults() {
        // when
        CommandLine line = CommandLine.parse(new String[] {"--nodes", "20,000", "--keep", "--seed", "9_000_000_000",
                "--leased", "0.25", "--warmup", "500ms"}, OPTIONS, FLAGS);

        // then
        assertThat(line.integer("--nodes", 1)).isEqualTo(20_000);
        assertThat(line.whole("--seed", 1)).isEqualTo(9_000_000_000L);
        assertThat(line.decimal("--leased", 1)).isEqualTo(0.25);
        assertThat(line.duration("--warmup", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(line.flag("--keep")).isTrue();
        assertThat(line.path("--home", Path.of("."))).isEqualTo(Path.of("."));
        assertThat(line.path("--home")).isEmpty();
    }

    @Test
    void readsTheDurationForms() {
        assertThat(CommandLine.duration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(CommandLine.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CommandLine.duration("PT1S")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesUnknownNamesMissingValuesAndMalformedOnesNamingTheOption() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--colour", "red"}, OPTIONS, FLAGS))
                .hasMessage("unknown option --colour");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--nodes"}, OPTIONS, FLAGS))
                .hasMessage("--nodes needs a value");
        CommandLine line = CommandLine.parse(new String[] {"--nodes", "many", "--seed", "99999999999", "--leased",
                "half", "--warmup", "ten"}, OPTIONS, FLAGS);
        assertThatThrownBy(() -> line.integer("--nodes", 1)).hasMessageContaining("--nodes must be a whole number");
        assertThatThrownBy(() -> line.integer("--seed", 1)).hasMessageContaining("--seed is too large");
        assertThatThrownBy(() -> line.decimal("--leased", 1)).hasMessageContaining("--leased");
        assertThatThrownBy(() -> line.duration("--warmup", Duration.ZERO)).hasMessageContaining("--warmup")
                .hasMessageContaining("not a duration: ten");
    }
}
