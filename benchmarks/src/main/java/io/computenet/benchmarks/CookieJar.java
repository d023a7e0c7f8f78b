package io.computenet.benchmarks;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A browser's cookie jar for one session, enough for loopback sign-in: host-only cookies kept per host, name and path,
 * sent back as a plain {@code Cookie: a=1; b=2} header to the same host on a path under theirs; a cookie set again
 * replaces the old one, one that has expired (e.g. {@code Max-Age=0}) is dropped. The JDK's {@code CookieManager}
 * files a cookie of {@code localhost} (Keycloak's fixed hostname here) under {@code localhost.local} and sends an RFC
 * 2965 {@code $Version} header that Keycloak does not read back, so its sign-in would lose its session. {@code Secure}
 * is not enforced: the harness speaks plain HTTP on loopback, as the local run does.
 */
final class CookieJar extends CookieHandler {

    private record Key(String host, String name, String path) {
    }

    private final Map<Key, HttpCookie> cookies = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        List<String> pairs = new ArrayList<>();
        cookies.entrySet().removeIf(e -> e.getValue().hasExpired());
        cookies.forEach((key, cookie) -> {
            if (key.host().equalsIgnoreCase(uri.getHost()) && pathMatches(key.path(), path)) {
                pairs.add(cookie.getName() + "=" + cookie.getValue());
            }
        });
        return pairs.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", pairs)));
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((name, values) -> {
            if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                values.forEach(header -> store(uri, header));
            }
        });
    }

    private void store(URI uri, String header) {
        List<HttpCookie> parsed;
        try {
            parsed = HttpCookie.parse(header);
        } catch (IllegalArgumentException e) {
            return; // a browser ignores a cookie it cannot read
        }
        for (HttpCookie cookie : parsed) {
            String path = cookie.getPath() == null ? defaultPath(uri) : cookie.getPath();
            Key key = new Key(uri.getHost(), cookie.getName(), path);
            if (cookie.hasExpired() || cookie.getMaxAge() == 0) {
                cookies.remove(key);
            } else {
                cookies.put(key, cookie);
            }
        }
    }

    /** RFC 6265 5.1.4: the request path's directory. */
    static String defaultPath(URI uri) {
        String path = uri.getPath();
        if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
            return "/";
        }
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** RFC 6265 5.1.4: the cookie's path is the request path, or a prefix of it ending at a slash. */
    static boolean pathMatches(String cookiePath, String requestPath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }
}
