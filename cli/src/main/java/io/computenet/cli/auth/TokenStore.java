package io.computenet.cli.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.PrivateFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The session on disk: {@code tokens.json} in the config directory, mode 0600 (see {@link PrivateFiles}). */
public final class TokenStore {

    public static final String FILE_NAME = "tokens.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;

    public TokenStore(Path configDir) {
        this.file = configDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public Optional<StoredSession> read() {
        try {
            Optional<String> text = PrivateFiles.read(file);
            return text.isEmpty() ? Optional.empty() : Optional.of(JSON.readValue(text.get(), StoredSession.class));
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.NOT_SIGNED_IN, "cannot read " + file + ": " + e.getMessage()
                    + " (sign in again with: cnet login)");
        }
    }

    public void write(StoredSession session) {
        try {
            PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(session));
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.INTERNAL, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Deletes the session; false when there was none. */
    public boolean delete() {
        try {
            return PrivateFiles.delete(file);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.INTERNAL, "cannot delete " + file + ": " + e.getMessage());
        }
    }
}
