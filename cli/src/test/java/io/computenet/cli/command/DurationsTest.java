package io.computenet.cli.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"90, PT1M30S", "90s, PT1M30S", "5m, PT5M", "2h, PT2H", "500ms, PT0.5S", "PT5M, PT5M", "pt1h, PT1H"})
    void readsDurationsAsPeopleTypeThem(String typed, String expected) {
        assertThat(new Durations().convert(typed)).isEqualTo(Duration.parse(expected));
    }

    @org.junit.jupiter.api.Test
    void refusesWhatIsNoDuration() {
        assertThatThrownBy(() -> new Durations().convert("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'soon' is not a duration");
    }
}
