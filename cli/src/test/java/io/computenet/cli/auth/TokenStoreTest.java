package io.computenet.cli.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class TokenStoreTest {

    private static final StoredSession SESSION = new StoredSession("http://kc/realms/computenet", "computenet-cli",
            "researcher1", "access-1", 1_000, "refresh-1", 2_000);

    @Test
    void keepsTheSessionInAFileOnlyItsOwnerMayReadInADirectoryOnlyItsOwnerMayEnter(@TempDir Path home)
            throws Exception {
        // given
        TokenStore store = new TokenStore(home.resolve("config/computenet"));

        // when
        store.write(SESSION);

        // then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())))
                .isEqualTo("rwx------");
        assertThat(store.read()).contains(SESSION);
        try (var files = Files.list(store.file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("tokens.json");
        }
    }

    @Test
    void aRewrittenSessionStaysPrivate(@TempDir Path home) throws Exception {
        // given
        TokenStore store = new TokenStore(home);
        store.write(SESSION);

        // when
        StoredSession refreshed = new StoredSession(SESSION.authUrl(), SESSION.clientId(), "researcher1", "access-2",
                3_000, "refresh-2", 4_000);
        store.write(refreshed);

        // then
        assertThat(store.read()).contains(refreshed);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void makesAFileThatOthersCouldReadPrivateAgainBeforeUsingIt(@TempDir Path home) throws Exception {
        // given: a token file copied in by hand with the usual 0644
        TokenStore store = new TokenStore(home);
        store.write(SESSION);
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        // when
        var read = store.read();

        // then
        assertThat(read).contains(SESSION);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void deletingForgetsTheSession(@TempDir Path home) {
        TokenStore store = new TokenStore(home);
        store.write(SESSION);

        assertThat(store.delete()).isTrue();
        assertThat(store.read()).isEmpty();
        assertThat(store.delete()).isFalse();
    }
}
