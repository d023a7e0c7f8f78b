package io.computenet.portal.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's packaged settings keep its cookies {@code Secure} outside the local run: only a profile (the tests) or
 * the devstack's explicit setting for plain HTTP turns it off. The flags themselves are checked on the wire by
 * {@code PortalWebTest} (sign-in state) and in a real browser by {@code PortalBrowserEndToEndTest} (session, CSRF).
 */
class PortalCookieSettingsTest {

    @Test
    void cookiesAreSecureUnlessAProfileOrTheLocalRunSaysOtherwise() throws IOException {
        // given
        Properties settings = applicationProperties();

        // then: the session and sign-in state follow the one switch, whose packaged default is true
        assertThat(settings.getProperty("quarkus.oidc.web.authentication.cookie-force-secure"))
                .isEqualTo("${computenet.portal.web.secure-cookies:true}");
        assertThat(settings.getProperty("computenet.portal.web.secure-cookies", "true")).isEqualTo("true");
        assertThat(settings.getProperty("%prod.computenet.portal.web.secure-cookies", "true")).isEqualTo("true");
        assertThat(settings.getProperty("quarkus.oidc.web.authentication.cookie-same-site")).isEqualTo("lax");
    }

    @Test
    void thePortalsOwnCookiesDefaultToSecure() throws NoSuchMethodException {
        // the CSRF cookie (PortalPages) reads PortalWebConfig#secureCookies, whose default must stay true
        assertThat(PortalWebConfig.class.getMethod("secureCookies")
                .getAnnotation(io.smallrye.config.WithDefault.class).value()).isEqualTo("true");
    }

    private static Properties applicationProperties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = PortalCookieSettingsTest.class.getResourceAsStream("/application.properties")) {
            assertThat(in).as("application.properties on the class path").isNotNull();
            p.load(in);
        }
        return p;
    }
}
