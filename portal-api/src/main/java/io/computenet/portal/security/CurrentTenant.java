package io.computenet.portal.security;

import io.computenet.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * The tenant the authenticated user acts for: the token's {@code tenant} claim. An account without one is refused
 * (403): a user name is not a tenant, and falling back to it would let a renamed or new account act for whatever
 * tenant bears its name.
 */
@RequestScoped
public class CurrentTenant {

    @Inject
    JsonWebToken token;

    /** The tenant, or 403 for an account that belongs to none. */
    public String id() {
        String tenant = token.getClaim("tenant");
        if (tenant == null || tenant.isBlank()) {
            throw new ProblemException(403, "no-tenant", "No tenant",
                    "your account belongs to no tenant; ask an administrator to set one", List.of());
        }
        return tenant;
    }
}
