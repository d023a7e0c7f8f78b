package io.computenet.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {

    @ParameterizedTest(name = "HTTP {0} -> exit {1}")
    @CsvSource({
            "400, 2", "422, 2",
            "401, 3",
            "403, 4", "409, 4", "429, 4",
            "404, 5", "410, 5",
            "500, 6", "502, 6", "503, 6"})
    void mapsEachApiErrorStatusToItsDocumentedExitCode(int status, int exitCode) {
        assertThat(ExitCodes.forHttpStatus(status)).isEqualTo(exitCode);
    }

    @org.junit.jupiter.api.Test
    void keepsTheKindsOfFailureApart() {
        assertThat(java.util.Set.of(ExitCodes.OK, ExitCodes.INTERNAL, ExitCodes.USAGE, ExitCodes.NOT_SIGNED_IN,
                ExitCodes.REFUSED, ExitCodes.NOT_FOUND, ExitCodes.UNAVAILABLE, ExitCodes.WAIT_UNMET)).hasSize(8);
    }
}
