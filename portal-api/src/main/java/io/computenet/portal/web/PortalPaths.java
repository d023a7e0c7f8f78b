package io.computenet.portal.web;

/** Which request paths belong to the web portal's pages (as opposed to the JSON API, OpenAPI and health). */
public final class PortalPaths {

    /** Where the pages live; {@code /} redirects there. */
    public static final String ROOT = "/portal";
    /** Where Keycloak sends the browser back after signing out. */
    public static final String SIGNED_OUT = "/signed-out";

    private PortalPaths() {
    }

    public static boolean isPage(String path) {
        return path.equals("/") || path.equals(ROOT) || path.startsWith(ROOT + "/");
    }
}
