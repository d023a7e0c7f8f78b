package io.computenet.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The log file of one Keycloak start (the devstack's own lines, then the build's and the server's output): lines
 * appended, and its last 40 lines for the message of a failure.
 */
final class KeycloakLog {

    private static final int LOG_TAIL_LINES = 40;

    private KeycloakLog() {
    }

    /** Appends {@code line} to {@code logFile}. */
    static void append(Path logFile, String line) throws IOException {
        Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The last 40 lines of the log, formatted for an exception message. */
    static String tail(Path logFile) {
        try {
            // decoded leniently: a log cut mid-character must not hide the real error
            String text = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
            List<String> lines = text.lines().collect(Collectors.toList());
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return System.lineSeparator() + "--- last " + tail.size() + " lines of " + logFile + " ---"
                    + System.lineSeparator() + String.join(System.lineSeparator(), tail);
        } catch (IOException e) {
            return System.lineSeparator() + "(log " + logFile + " unreadable: " + e + ")";
        }
    }
}
