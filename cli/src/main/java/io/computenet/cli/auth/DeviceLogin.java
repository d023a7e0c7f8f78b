package io.computenet.cli.auth;

import io.computenet.cli.CliEnvironment;
import io.computenet.cli.CliFailure;
import io.computenet.cli.ExitCodes;
import io.computenet.cli.Messages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Signing in with the OAuth 2.0 device authorization grant (RFC 8628): ask the realm for a device code, show the
 * user where to approve it (in any browser, on any machine), then poll the token endpoint at the interval the realm
 * asks for, slowing down when told to, until the user approves, denies, or the code expires.
 */
public final class DeviceLogin {

    /** RFC 8628 section 3.5: on {@code slow_down} the interval grows by 5 seconds. */
    static final long SLOW_DOWN_SECONDS = 5;

    private final KeycloakClient keycloak;
    private final Clock clock;
    private final CliEnvironment.Sleeper sleeper;
    private final Messages messages;

    public DeviceLogin(KeycloakClient keycloak, Clock clock, CliEnvironment.Sleeper sleeper, Messages messages) {
        this.keycloak = keycloak;
        this.clock = clock;
        this.sleeper = sleeper;
        this.messages = messages;
    }

    /** Runs the grant; {@code prompt} shows the user the code and where to enter it. Returns the new session. */
    public StoredSession signIn(Consumer<KeycloakClient.DeviceAuthorization> prompt) {
        KeycloakClient.DeviceAuthorization device = keycloak.authorizeDevice();
        prompt.accept(device);
        Instant deadline = clock.instant().plusSeconds(device.expiresInSeconds());
        long interval = Math.max(device.intervalSeconds(), 0);
        while (true) {
            pause(Duration.ofSeconds(interval));
            KeycloakClient.TokenAnswer answer = keycloak.pollDevice(device.deviceCode(), clock.instant());
            if (answer.session() != null) {
                return answer.session();
            }
            switch (answer.error()) {
                case "authorization_pending" -> {
                }
                case "slow_down" -> interval += SLOW_DOWN_SECONDS;
                case "access_denied" -> throw new CliFailure(ExitCodes.REFUSED, messages.get("login.denied"));
                case "expired_token" -> throw new CliFailure(ExitCodes.NOT_SIGNED_IN, messages.get("login.expired"));
                default -> throw new CliFailure(ExitCodes.NOT_SIGNED_IN, messages.get("error.keycloak-login",
                        answer.error(), answer.errorDescription() == null ? "" : answer.errorDescription()));
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new CliFailure(ExitCodes.NOT_SIGNED_IN, messages.get("login.expired"));
            }
        }
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.NOT_SIGNED_IN, messages.get("error.interrupted"));
        }
    }
}
