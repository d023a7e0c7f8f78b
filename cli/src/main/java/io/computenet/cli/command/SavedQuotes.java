package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.Messages;
import io.computenet.cli.PrivateFiles;
import io.computenet.cli.api.Http;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The last quotes {@code cnet quote} printed, numbered from 1, kept in the config directory so that
 * {@code cnet lease create --quote N} books quote N by its id.
 */
final class SavedQuotes {

    static final String FILE_NAME = "last-quotes.json";

    private final Path file;
    private final Messages messages;

    SavedQuotes(Path configDir, Messages messages) {
        this.file = configDir.resolve(FILE_NAME);
        this.messages = messages;
    }

    void save(String apiUrl, ObjectNode request, JsonNode answer, Instant now) {
        ObjectNode saved = JsonNodeFactory.instance.objectNode();
        saved.put("savedAt", now.toString());
        saved.put("apiUrl", apiUrl);
        saved.set("request", request);
        saved.set("quotes", answer.path("quotes"));
        try {
            PrivateFiles.write(file, saved.toPrettyString());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.INTERNAL, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** The saved request and quote number {@code n} (from 1) of the last quotes from {@code apiUrl}. */
    Quoted find(int n, String apiUrl) {
        Optional<String> text;
        JsonNode saved;
        try {
            text = PrivateFiles.read(file);
            saved = text.isEmpty() ? null : Http.JSON.readTree(text.get());
        } catch (IOException e) {
            saved = null;
        }
        if (saved == null || !apiUrl.equals(saved.path("apiUrl").asText())) {
            throw new CliFailure(ExitCodes.NOT_FOUND, messages.get("quote.none-saved"));
        }
        JsonNode quotes = saved.path("quotes");
        if (n < 1 || n > quotes.size()) {
            throw new CliFailure(ExitCodes.NOT_FOUND, messages.get("quote.no-such", n, quotes.size()));
        }
        return new Quoted((ObjectNode) saved.path("request"), quotes.get(n - 1));
    }

    /** A saved quote and the request it answered. */
    record Quoted(ObjectNode request, JsonNode quote) {
    }
}
