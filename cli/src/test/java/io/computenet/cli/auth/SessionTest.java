package io.computenet.cli.auth;

import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.Messages;
import io.computenet.cli.api.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTest {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");
    private static final String TOKEN_PATH = "/realms/computenet/protocol/openid-connect/token";
    private final io.computenet.cli.FakeRealm realm = new io.computenet.cli.FakeRealm();
    private final Messages messages = new Messages(Locale.ENGLISH);

    @AfterEach
    void stop() {
        realm.close();
    }

    private Session session(TokenStore store) {
        KeycloakClient keycloak = new KeycloakClient(new Http(messages), messages, realm.realmUrl(), "computenet-cli");
        return new Session(store, keycloak, realm.realmUrl(), Clock.fixed(NOW, ZoneOffset.UTC), messages);
    }

    private StoredSession stored(long accessExpiresIn) {
        return new StoredSession(realm.realmUrl(), "computenet-cli", "researcher1", "access-old",
                NOW.getEpochSecond() + accessExpiresIn, "refresh-old", NOW.getEpochSecond() + 1800);
    }

    @Test
    void usesTheStoredAccessTokenWhileItIsGoodForAWhileYet(@TempDir Path dir) {
        // given
        TokenStore store = new TokenStore(dir);
        store.write(stored(300));

        // when
        String token = session(store).accessToken();

        // then
        assertThat(token).isEqualTo("access-old");
        assertThat(realm.server.received).isEmpty();
    }

    @Test
    void refreshesAnAccessTokenAboutToExpireSilentlyAndStoresTheNewTokens(@TempDir Path dir) {
        // given: 10 s left, under the 30 s margin
        TokenStore store = new TokenStore(dir);
        store.write(stored(10));
        realm.refreshGives("access-new", "refresh-new");

        // when
        String token = session(store).accessToken();

        // then
        assertThat(token).isEqualTo("access-new");
        var refresh = realm.server.received("POST", TOKEN_PATH).get(0);
        assertThat(refresh.form("grant_type")).isEqualTo("refresh_token");
        assertThat(refresh.form("refresh_token")).isEqualTo("refresh-old");
        assertThat(refresh.form("client_id")).isEqualTo("computenet-cli");
        assertThat(store.read()).get().satisfies(s -> {
            assertThat(s.accessToken()).isEqualTo("access-new");
            assertThat(s.refreshToken()).isEqualTo("refresh-new");
            assertThat(s.accessExpiresAt()).isEqualTo(NOW.getEpochSecond() + 300);
            assertThat(s.refreshExpiresAt()).isEqualTo(NOW.getEpochSecond() + 1800);
        });
    }

    @Test
    void aSessionEndedAtTheRealmIsForgottenAndTheUserToldToSignIn(@TempDir Path dir) {
        // given
        TokenStore store = new TokenStore(dir);
        store.write(stored(-5));
        realm.server.on("POST", TOKEN_PATH, io.computenet.cli.FakeServer.Answer.json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Session not active\"}"));

        // when / then
        assertThatThrownBy(() -> session(store).accessToken()).isInstanceOfSatisfying(CliFailure.class, f -> {
            assertThat(f.exitCode()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
            assertThat(f.getMessage()).contains("Session not active").contains("cnet login");
        });
        assertThat(store.read()).isEmpty();
    }

    @Test
    void anExpiredRefreshTokenIsNotEvenTried(@TempDir Path dir) {
        TokenStore store = new TokenStore(dir);
        store.write(new StoredSession(realm.realmUrl(), "computenet-cli", "u", "a", NOW.getEpochSecond() - 600,
                "r", NOW.getEpochSecond() - 1));

        assertThatThrownBy(() -> session(store).accessToken()).isInstanceOfSatisfying(CliFailure.class,
                f -> assertThat(f.exitCode()).isEqualTo(ExitCodes.NOT_SIGNED_IN));
        assertThat(realm.server.received).isEmpty();
    }

    @Test
    void aSessionOfAnotherRealmDoesNotCount(@TempDir Path dir) {
        TokenStore store = new TokenStore(dir);
        store.write(new StoredSession("http://elsewhere/realms/x", "computenet-cli", "u", "a",
                NOW.getEpochSecond() + 600, "r", 0));

        assertThatThrownBy(() -> session(store).accessToken()).isInstanceOfSatisfying(CliFailure.class, f -> {
            assertThat(f.exitCode()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
            assertThat(f.getMessage()).contains("http://elsewhere/realms/x");
        });
    }

    @Test
    void anUnreachableRealmIsAnAvailabilityFailureAndKeepsTheSession(@TempDir Path dir) {
        // given
        TokenStore store = new TokenStore(dir);
        store.write(stored(0));
        realm.close();

        // when / then
        assertThatThrownBy(() -> session(store).accessToken()).isInstanceOfSatisfying(CliFailure.class, f -> {
            assertThat(f.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(f.getMessage()).contains("cannot reach Keycloak at " + realm.realmUrl());
        });
        assertThat(store.read()).isPresent();
    }
}
