package io.computenet.cli.auth;

import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.FakeRealm;
import io.computenet.cli.FakeServer;
import io.computenet.cli.Messages;
import io.computenet.cli.Tokens;
import io.computenet.cli.api.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceLoginTest {

    private final FakeRealm realm = new FakeRealm();
    private final Messages messages = new Messages(Locale.ENGLISH);
    private final List<Duration> waits = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-07T02:00:00Z");

    @AfterEach
    void stop() {
        realm.close();
    }

    private DeviceLogin login() {
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new DeviceLogin(new KeycloakClient(new Http(messages), messages, realm.realmUrl(), "computenet-cli"),
                clock, d -> {
                    waits.add(d);
                    now = now.plus(d);
                }, messages);
    }

    /** The device endpoint hands out one code; the token endpoint answers the polls in order. */
    private void realmAnswers(long expiresIn, FakeServer.Answer... polls) {
        realm.server.on("POST", FakeRealm.BASE + "/auth/device", FakeServer.Answer.json(200,
                "{\"device_code\":\"dev-1\",\"user_code\":\"WXYZ-ABCD\",\"verification_uri\":\"http://kc/device\","
                        + "\"verification_uri_complete\":\"http://kc/device?user_code=WXYZ-ABCD\",\"expires_in\":"
                        + expiresIn + ",\"interval\":5}"));
        Deque<FakeServer.Answer> answers = new ArrayDeque<>(List.of(polls));
        realm.server.on("POST", FakeRealm.BASE + "/token", r -> answers.size() > 1 ? answers.poll() : answers.peek());
    }

    private static FakeServer.Answer error(String code) {
        return FakeServer.Answer.json(400, "{\"error\":\"" + code + "\",\"error_description\":\"" + code + "\"}");
    }

    @Test
    void showsTheCodeThenPollsAtTheRealmsIntervalSlowingDownWhenToldUntilApproved() {
        // given
        String access = Tokens.jwt("researcher1", "tenant-lab-alpha", "researcher");
        realmAnswers(600, error("authorization_pending"), error("slow_down"), error("authorization_pending"),
                FakeServer.Answer.json(200, Tokens.tokenResponse(access, "refresh-1", 300, 1800)));
        List<KeycloakClient.DeviceAuthorization> shown = new ArrayList<>();

        // when
        StoredSession session = login().signIn(shown::add);

        // then
        assertThat(shown).singleElement().satisfies(d -> {
            assertThat(d.userCode()).isEqualTo("WXYZ-ABCD");
            assertThat(d.verificationUri()).isEqualTo("http://kc/device");
            assertThat(d.verificationUriComplete()).isEqualTo("http://kc/device?user_code=WXYZ-ABCD");
        });
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10));
        var polls = realm.server.received("POST", FakeRealm.BASE + "/token");
        assertThat(polls).hasSize(4).allSatisfy(p -> {
            assertThat(p.form("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:device_code");
            assertThat(p.form("device_code")).isEqualTo("dev-1");
            assertThat(p.form("client_id")).isEqualTo("computenet-cli");
        });
        assertThat(session.username()).isEqualTo("researcher1");
        assertThat(session.accessToken()).isEqualTo(access);
        assertThat(session.refreshToken()).isEqualTo("refresh-1");
        assertThat(session.accessExpiresAt()).isEqualTo(now.getEpochSecond() + 300);
        assertThat(session.authUrl()).isEqualTo(realm.realmUrl());
    }

    @Test
    void aDeniedSignInIsRefused() {
        realmAnswers(600, error("authorization_pending"), error("access_denied"));

        assertThatThrownBy(() -> login().signIn(d -> { })).isInstanceOfSatisfying(CliFailure.class,
                f -> assertThat(f.exitCode()).isEqualTo(ExitCodes.REFUSED));
    }

    @Test
    void aCodeNotApprovedInTimeLeavesTheUserSignedOut() {
        // given: the realm keeps saying pending; the code lives 12 s
        realmAnswers(12, error("authorization_pending"));

        // when / then: polls at 5 s and 10 s, gives up after the poll at 15 s
        assertThatThrownBy(() -> login().signIn(d -> { })).isInstanceOfSatisfying(CliFailure.class, f -> {
            assertThat(f.exitCode()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
            assertThat(f.getMessage()).contains("expired");
        });
        assertThat(waits).hasSize(3);
    }
}
