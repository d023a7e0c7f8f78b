package io.computenet.portal.security;

import io.computenet.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** The operator organisation the authenticated user acts for: the token's {@code organisation} claim. */
@RequestScoped
public class CurrentOrganisation {

    @Inject
    JsonWebToken token;

    /** The organisation, or 403 for an account that belongs to none. */
    public String id() {
        String organisation = token.getClaim("organisation");
        if (organisation == null || organisation.isBlank()) {
            throw new ProblemException(403, "no-organisation", "No operator organisation",
                    "your account belongs to no operator organisation; ask an administrator to set one", List.of());
        }
        return organisation;
    }

    public String user() {
        String user = token.getClaim("preferred_username");
        return user != null ? user : token.getSubject();
    }

}
