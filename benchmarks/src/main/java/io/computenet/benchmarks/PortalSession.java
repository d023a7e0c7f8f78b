package io.computenet.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One signed-in browser session of the web portal, as a plain HTTP client holding cookies: it opens a page, is sent
 * to Keycloak (authorisation-code flow with PKCE, the portal's OIDC tenant {@code web}), posts the user's name and
 * password into Keycloak's login form and follows the redirects back, so it ends with the portal's encrypted session
 * cookie and the page's CSRF token, as Chromium would. Then it asks for pages and for the API calls their script
 * makes ({@code fetch} with the session cookie, the headers the script sends).
 */
final class PortalSession {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*\\bid=\"kc-form-login\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    private final HttpClient http;
    private final String portalUrl;
    private final String user;
    private String csrfToken;

    private PortalSession(String portalUrl, String user) {
        this.portalUrl = portalUrl;
        this.user = user;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieJar())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Signs {@code user} (whose password is the user name, as in the demo realm) in through Keycloak's login form,
     * starting at {@code page}; fails unless the portal shows the page with the user's tenant afterwards.
     */
    static PortalSession signIn(String portalUrl, String user, String page) throws IOException, InterruptedException {
        PortalSession session = new PortalSession(portalUrl, user);
        HttpResponse<String> login = session.send(HttpRequest.newBuilder(URI.create(portalUrl + page)).GET());
        String action = loginFormAction(login.body()).orElseThrow(() -> new IllegalStateException(
                "opening " + page + " did not lead to Keycloak's login form but to " + login.uri() + " ("
                        + login.statusCode() + ")"));
        String form = "username=" + encode(user) + "&password=" + encode(user) + "&credentialId=";
        HttpResponse<String> back = session.send(HttpRequest.newBuilder(login.uri().resolve(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (back.statusCode() != 200 || !back.uri().getPath().equals(page)) {
            throw new IllegalStateException("signing " + user + " in ended at " + back.uri() + " ("
                    + back.statusCode() + ") instead of " + page + ": " + text(back.body()));
        }
        session.csrfToken = csrfToken(back.body()).orElseThrow(() -> new IllegalStateException(
                "the signed-in page " + page + " carries no CSRF token"));
        return session;
    }

    String user() {
        return user;
    }

    /** A page as the browser asks for it (the HTML shell, rendered server-side). */
    HttpResponse<String> page(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(portalUrl + path)).header("Accept", "text/html").GET());
    }

    /** A read by the page's script: {@code fetch} with the session cookie and the script's headers. */
    HttpResponse<String> apiGet(String path) throws IOException, InterruptedException {
        return send(script(path).GET());
    }

    /** A state-changing call by the page's script: with the page's CSRF token, as the script sends it. */
    HttpResponse<String> apiPost(String path, String json) throws IOException, InterruptedException {
        return send(script(path).header("X-CSRF-Token", csrfToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder script(String path) {
        return HttpRequest.newBuilder(URI.create(portalUrl + path)).header("Accept", "application/json")
                .header("X-Requested-With", "JavaScript");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The (HTML-unescaped) target of Keycloak's login form in a page, if the page has that form. */
    static Optional<String> loginFormAction(String html) {
        Matcher form = LOGIN_FORM.matcher(html);
        if (!form.find()) {
            return Optional.empty();
        }
        Matcher action = ACTION.matcher(form.group());
        return action.find() ? Optional.of(action.group(1).replace("&amp;", "&"))
                : Optional.empty();
    }

    /** The CSRF token the portal puts in a signed-in page's {@code <meta name="csrf-token">}. */
    static Optional<String> csrfToken(String html) {
        Matcher m = CSRF.matcher(html);
        return m.find() && !m.group(1).isEmpty() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A page's words without its markup, scripts and styles, shortened: what a failure shows. */
    static String text(String html) {
        String words = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " ").strip();
        return words.length() > 300 ? words.substring(0, 300) + "..." : words;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
