package io.computenet.portal.web;

import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.runtime.OidcUtils;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Chooses the OIDC tenant of a request: the pages (and the portal's sign-in callback and sign-out) use the
 * {@value #WEB} tenant, an authorisation-code flow with PKCE whose tokens live in an encrypted session cookie; the
 * JSON API keeps the default bearer-token tenant, except that a request from the pages (no {@code Authorization}
 * header, a portal session cookie) is authenticated by that session, so the pages use the same public API as every
 * other client. Such requests must also pass {@link CsrfFilter}.
 */
@ApplicationScoped
public class WebTenantResolver implements TenantResolver {

    /** The named OIDC tenant of the pages ({@code quarkus.oidc.web.*}). */
    public static final String WEB = "web";
    /** The session cookie Quarkus writes for the {@value #WEB} tenant (and its chunks, with this prefix). */
    public static final String SESSION_COOKIE = "q_session_" + WEB;

    @Override
    public String resolve(RoutingContext context) {
        String path = context.request().path();
        if (PortalPaths.isPage(path) || path.equals(PortalPaths.SIGNED_OUT)) {
            return WEB;
        }
        if (path.startsWith("/api/") && context.request().getHeader("Authorization") == null
                && hasSession(context.request())) {
            return WEB;
        }
        // Quarkus would otherwise pick the tenant named by a session cookie even for a bearer-token request
        context.remove(OidcUtils.TENANT_ID_ATTRIBUTE);
        return null;
    }

    /** Whether the request carries a portal session cookie. */
    public static boolean hasSession(HttpServerRequest request) {
        for (Cookie cookie : request.cookies()) {
            if (cookie.getName().startsWith(SESSION_COOKIE)) {
                return true;
            }
        }
        return false;
    }
}
