package io.computenet.portal.web;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link CsrfTokens} per application, keyed by the portal's secret. */
public class CsrfTokensProducer {

    @Produces
    @Singleton
    CsrfTokens csrfTokens(PortalWebConfig config) {
        return new CsrfTokens(config.secret());
    }
}
