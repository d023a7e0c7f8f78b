package io.computenet.portal.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web portal's settings ({@code computenet.portal.web.*}). */
@ConfigMapping(prefix = "computenet.portal.web")
public interface PortalWebConfig {

    /**
     * The secret (at least 32 characters) that signs CSRF tokens; the same value encrypts the session cookie and
     * signs the sign-in state ({@code quarkus.oidc.web.*} refer to it). Set it per deployment.
     */
    String secret();

    /** Whether the portal's own cookies are {@code Secure}: true everywhere but the local run over plain HTTP. */
    @WithDefault("true")
    boolean secureCookies();
}
