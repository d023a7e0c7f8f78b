package io.computenet.portal.web;

import io.computenet.portal.security.CurrentTenant;
import io.computenet.portal.security.Roles;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The portal's pages: Qute shells in the reader's language whose script calls the public JSON API with the session.
 * Each page names the roles that may open it; another role gets a readable 403 page. Signing in and out is Quarkus
 * OIDC's ({@code quarkus.oidc.web.*}); {@code quarkus.http.auth.permission.portal} sends an anonymous visitor to
 * Keycloak before any of these methods runs.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PortalPages {

    @Inject
    SecurityIdentity identity;
    @Inject
    @IdToken
    JsonWebToken idToken;
    @Inject
    CurrentTenant tenant;
    @Inject
    PortalWebConfig config;

    @Location("portal/offers.html")
    Template offers;
    @Location("portal/leases.html")
    Template leases;
    @Location("portal/account.html")
    Template account;
    @Location("portal/operator.html")
    Template operator;
    @Location("portal/finance.html")
    Template finance;
    @Location("portal/admin.html")
    Template admin;
    @Location("portal/forbidden.html")
    Template forbidden;
    @Location("portal/signed-out.html")
    Template signedOut;

    @Inject
    CsrfTokens csrf;

    @CookieParam(PortalLanguage.COOKIE)
    String languageCookie;
    @HeaderParam("Accept-Language")
    String acceptLanguage;
    @CookieParam(CsrfTokens.COOKIE)
    String csrfCookie;

    @GET
    @Authenticated
    public Response root() {
        return Response.seeOther(URI.create(PortalPaths.ROOT)).build();
    }

    @GET
    @Path("portal")
    @Authenticated
    public Response home() {
        String home = viewer().home();
        return home == null ? page(forbidden, "none", v -> false) : Response.seeOther(URI.create(home)).build();
    }

    @GET
    @Path("portal/offers")
    @Authenticated
    public Response offers() {
        return page(offers, "offers", Viewer::researcher);
    }

    @GET
    @Path("portal/leases")
    @Authenticated
    public Response leases() {
        return page(leases, "leases", Viewer::researcher);
    }

    @GET
    @Path("portal/account")
    @Authenticated
    public Response account() {
        return page(account, "account", Viewer::researcher);
    }

    @GET
    @Path("portal/operator")
    @Authenticated
    public Response operator() {
        return page(operator, "operator", Viewer::operator);
    }

    @GET
    @Path("portal/finance")
    @Authenticated
    public Response finance() {
        return page(finance, "finance", Viewer::finance);
    }

    @GET
    @Path("portal/admin")
    @Authenticated
    public Response admin() {
        return page(admin, "admin", Viewer::admin);
    }

    /** Where Keycloak sends the browser back after signing out (no session any more). */
    @GET
    @Path("signed-out")
    @PermitAll
    public TemplateInstance signedOut() {
        String lang = language();
        return signedOut.data("lang", lang).setLocale(Locale.forLanguageTag(lang));
    }

    private Response page(Template template, String page, Predicate<Viewer> allowed) {
        Viewer viewer = viewer();
        String lang = language();
        String token = csrfToken();
        boolean ok = allowed.test(viewer);
        TemplateInstance instance = (ok ? template : forbidden).data("viewer", viewer).data("lang", lang)
                .data("csrf", token).data("page", page).setLocale(Locale.forLanguageTag(lang));
        return Response.status(ok ? 200 : 403).entity(instance)
                .header("Cache-Control", "no-store")
                .cookie(new NewCookie.Builder(CsrfTokens.COOKIE).value(token).path("/").httpOnly(true)
                        .secure(config.secureCookies()).sameSite(NewCookie.SameSite.STRICT).build())
                .build();
    }

    private Viewer viewer() {
        String name = idToken.getClaim("name");
        String username = idToken.getClaim("preferred_username");
        String organisation = idToken.getClaim("organisation");
        List<String> roles = Set.of(Roles.RESEARCHER, Roles.OPERATOR, Roles.FINANCE, Roles.ADMIN).stream()
                .filter(identity::hasRole).sorted().toList();
        return new Viewer(name == null ? username : name, username, tenant.id(), organisation, roles);
    }

    private String language() {
        return PortalLanguage.choose(languageCookie, acceptLanguage);
    }

    /** The session's CSRF token: the cookie's while it is valid, so that several open pages keep working. */
    private String csrfToken() {
        return csrf.isValid(csrfCookie) ? csrfCookie : csrf.issue();
    }
}
