package io.computenet.portal.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The tenant the authenticated user acts for: the token's {@code tenant} claim, else the user name. */
@RequestScoped
public class CurrentTenant {

    @Inject
    JsonWebToken token;

    public String id() {
        String tenant = token.getClaim("tenant");
        if (tenant != null && !tenant.isBlank()) {
            return tenant;
        }
        String user = token.getClaim("preferred_username");
        return user != null ? user : token.getSubject();
    }
}
