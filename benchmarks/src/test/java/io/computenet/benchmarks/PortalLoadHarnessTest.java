package io.computenet.benchmarks;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortalLoadHarnessTest {

    @Test
    void defaultsToSixteenSessionsAndTwelveLeasesPerTenant() {
        assertThat(PortalLoadOptions.parse()).isEqualTo(new PortalLoadOptions(16, 12, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 9, Path.of("."), Optional.empty(), false));
    }

    @Test
    void readsEveryOption() {
        // when
        PortalLoadOptions options = PortalLoadOptions.parse("--concurrency", "4", "--leases", "0", "--warmup", "0s",
                "--duration", "2m", "--fleet-nodes", "30", "--home", "/repo", "--work-dir", "/tmp/w", "--offers-api");
        // then
        assertThat(options).isEqualTo(new PortalLoadOptions(4, 0, Duration.ZERO, Duration.ofMinutes(2), 30,
                Path.of("/repo"), Optional.of(Path.of("/tmp/w")), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--concurrency 0", "--leases -1", "--duration 0s", "--warmup soon", "--fleet-nodes x",
            "--bogus 1", "--home"})
    void refusesBadOptions(String line) {
        assertThatThrownBy(() -> PortalLoadOptions.parse(line.split(" ")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheTargetOfKeycloaksLoginFormUnescaped() {
        // given: the form as Keycloak 26's login theme writes it (attributes in its order, &amp; in the URL)
        String page = "<div id=\"kc-form\"><form id=\"kc-form-login\" class=\"pf-v5-c-form\" onsubmit=\"login.disabled"
                + " = true; return true;\" action=\"http://localhost:8180/realms/computenet/login-actions/authenticate?"
                + "session_code=abc&amp;execution=e-1&amp;client_id=portal&amp;tab_id=t1\" method=\"post\" novalidate="
                + "\"novalidate\"><input id=\"username\" name=\"username\"></form></div>";
        // when / then
        assertThat(PortalSession.loginFormAction(page)).contains("http://localhost:8180/realms/computenet/"
                + "login-actions/authenticate?session_code=abc&execution=e-1&client_id=portal&tab_id=t1");
    }

    @Test
    void aPageWithoutKeycloaksLoginFormHasNoAction() {
        assertThat(PortalSession.loginFormAction("<form id=\"search\" action=\"/q\"></form>")).isEmpty();
    }

    @Test
    void readsThePagesCsrfTokenFromItsMetaTag() {
        assertThat(PortalSession.csrfToken("<head><meta charset=\"utf-8\">\n<meta name=\"csrf-token\" content="
                + "\"abc.def\">")).contains("abc.def");
        assertThat(PortalSession.csrfToken("<meta name=\"csrf-token\" content=\"\">")).isEmpty();
    }

    @Test
    void reportsEachPagesPercentilesAndViewsPerSecondOnTheResultLine() {
        // given: 100 views in 10 s, pages of 1..100 ms, API calls of 2..200 ms
        Histogram page = LatencySummary.newHistogram();
        Histogram api = LatencySummary.newHistogram();
        Histogram view = LatencySummary.newHistogram();
        for (int i = 1; i <= 100; i++) {
            page.recordValue(i * 1000L);
            api.recordValue(i * 2000L);
            view.recordValue(i * 3000L);
        }
        PortalLoadHarness.PageLoad load = new PortalLoadHarness.PageLoad("/portal/offers", "/api/v1/offers", page,
                api, view, 0);
        // when
        String fields = load.resultFields("/portal/offers", Duration.ofSeconds(10));
        // then
        assertThat(fields).isEqualTo("offers_page_p50_ms=50.0 offers_page_p99_ms=99.0 offers_api_p50_ms=100.0 "
                + "offers_api_p99_ms=198.0 offers_views_per_s=10.0 offers_failures=0");
    }

    @Test
    void keepsKeycloaksCookiesForLocalhostAndSendsThemAsPlainPairsUnderTheirPath() {
        // given: Keycloak (at localhost, no dot in the name) sets its session cookies on the authorisation request
        CookieJar jar = new CookieJar();
        jar.put(URI.create("http://localhost:8180/realms/computenet/protocol/openid-connect/auth?client_id=portal"),
                Map.of("Set-Cookie", List.of("AUTH_SESSION_ID=abc.def; Version=1; Path=/realms/computenet/;"
                        + " SameSite=None; HttpOnly", "KC_RESTART=xyz; Path=/realms/computenet/; HttpOnly")));

        // when / then: the login form's post carries them, another path, host or port's host name does not get them
        assertThat(jar.get(URI.create("http://localhost:8180/realms/computenet/login-actions/authenticate?s=1"),
                Map.of())).isEqualTo(Map.of("Cookie", List.of("AUTH_SESSION_ID=abc.def; KC_RESTART=xyz")));
        assertThat(jar.get(URI.create("http://localhost:8180/admin/"), Map.of())).isEmpty();
        assertThat(jar.get(URI.create("http://127.0.0.1:8180/realms/computenet/x"), Map.of())).isEmpty();
    }

    @Test
    void replacesACookieSetAgainAndDropsOneThatExpired() {
        // given
        CookieJar jar = new CookieJar();
        URI portal = URI.create("http://127.0.0.1:8080/portal/leases");
        jar.put(portal, Map.of("Set-Cookie", List.of("q_auth_web_1=state; Path=/; HttpOnly; SameSite=Lax",
                "cn_csrf=one; Path=/")));

        // when: the code exchange clears the state cookie and a new page sets a new CSRF token
        jar.put(URI.create("http://127.0.0.1:8080/portal/leases?code=c&state=s"), Map.of("Set-Cookie", List.of(
                "q_auth_web_1=; Path=/; Max-Age=0", "q_session_web=encrypted; Path=/; HttpOnly", "cn_csrf=two; Path=/")));

        // then
        assertThat(jar.get(portal, Map.of())).isEqualTo(Map.of("Cookie", List.of("cn_csrf=two; q_session_web=encrypted")));
    }

    @Test
    void matchesCookiePathsAsBrowsersDo() {
        assertThat(CookieJar.pathMatches("/realms/computenet/", "/realms/computenet/login-actions/x")).isTrue();
        assertThat(CookieJar.pathMatches("/portal", "/portal/leases")).isTrue();
        assertThat(CookieJar.pathMatches("/portal", "/portals")).isFalse();
        assertThat(CookieJar.defaultPath(URI.create("http://h/portal/leases"))).isEqualTo("/portal");
        assertThat(CookieJar.defaultPath(URI.create("http://h/leases"))).isEqualTo("/");
    }

    @Test
    void showsAFailedPagesWordsWithoutItsMarkup() {
        assertThat(PortalSession.text("<html><head><style>p{}</style><script>var x;</script></head><body><p id="
                + "\"kc-error-message\">Cookie not found.</p>\n<p>Please make sure</p></body></html>"))
                .isEqualTo("Cookie not found. Please make sure");
    }

    @Test
    void countsOccurrences() {
        assertThat(PortalLoadHarness.count("[{\"leaseId\":1},{\"leaseId\":2}]", "\"leaseId\"")).isEqualTo(2);
        assertThat(PortalLoadHarness.count("[]", "\"leaseId\"")).isZero();
    }
}
