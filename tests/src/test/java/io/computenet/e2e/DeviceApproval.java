package io.computenet.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Approves a device sign-in as a user would in a browser, with plain HTTP: opens the verification address, fills in
 * Keycloak's login form, then accepts the grant page, following redirects with a cookie store, until Keycloak says
 * the device login succeeded. Form fields are read from the pages, not assumed. The cookie store is the test's own:
 * Keycloak marks its cookies {@code Secure}, which browsers send to http://localhost (a secure context) but the
 * JDK's {@link java.net.CookieManager} would not.
 */
final class DeviceApproval {

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_-]+)=\"([^\"]*)\"");
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern BUTTON = Pattern.compile("<button\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private DeviceApproval() {
    }

    /** Signs in as {@code username} at {@code verificationUri} and grants the device access; the final page. */
    static String approve(String verificationUri, String username, String password) {
        return new DeviceApproval().walk(URI.create(verificationUri), username, password);
    }

    private String walk(URI start, String username, String password) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(start).GET());
        for (int step = 0; step < 6; step++) {
            String html = page.body();
            if (html.contains("Device Login Successful") || page.uri().getPath().endsWith("/device/status")) {
                return html;
            }
            Matcher form = FORM.matcher(html);
            if (!form.find()) {
                throw new IllegalStateException("no form on " + page.uri() + " (HTTP " + page.statusCode() + "): "
                        + html.substring(0, Math.min(600, html.length())));
            }
            Map<String, String> attributes = attributes(form.group(1));
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                Map<String, String> a = attributes(input.group(1));
                if (a.containsKey("name")) {
                    fields.put(a.get("name"), a.getOrDefault("value", ""));
                }
            }
            if (fields.containsKey("username")) {
                fields.put("username", username);
                fields.put("password", password);
            }
            Matcher button = BUTTON.matcher(form.group(2));
            while (button.find()) {
                Map<String, String> a = attributes(button.group(1));
                if ("accept".equals(a.get("name")) || "login".equals(a.get("name"))) {
                    fields.put(a.get("name"), a.getOrDefault("value", ""));
                }
            }
            URI action = page.uri().resolve(attributes.get("action"));
            String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            page = send(HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }
        throw new IllegalStateException("the device login did not succeed; last page " + page.uri());
    }

    /** Sends the request, then follows redirects with GETs, keeping the cookies each response sets. */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(withCookies(request), HttpResponse.BodyHandlers.ofString());
            for (int hops = 0; r.statusCode() / 100 == 3 && hops < 10; hops++) {
                keepCookies(r);
                URI next = r.uri().resolve(r.headers().firstValue("Location").orElseThrow());
                r = http.send(withCookies(HttpRequest.newBuilder(next).GET()), HttpResponse.BodyHandlers.ofString());
            }
            keepCookies(r);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest withCookies(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request.timeout(Duration.ofSeconds(30)).build();
    }

    private void keepCookies(HttpResponse<String> r) {
        for (String header : r.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag);
        while (m.find()) {
            out.put(m.group(1).toLowerCase(), m.group(2).replace("&amp;", "&"));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
