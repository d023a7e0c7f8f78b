package io.computenet.portal.web;

import io.computenet.portal.security.Roles;
import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * Who is signed in to the pages, as the header shows it: name, user name, tenant, operator organisation (null for
 * none) and realm roles.
 */
@TemplateData
public record Viewer(String name, String username, String tenant, String organisation, List<String> roles) {

    public Viewer {
        roles = List.copyOf(roles);
    }

    public boolean researcher() {
        return roles.contains(Roles.RESEARCHER) || admin();
    }

    public boolean operator() {
        return roles.contains(Roles.OPERATOR);
    }

    public boolean finance() {
        return roles.contains(Roles.FINANCE) || admin();
    }

    public boolean admin() {
        return roles.contains(Roles.ADMIN);
    }

    /** The first page of the portal for these roles, or null for an account with none of them. */
    public String home() {
        if (researcher()) {
            return PortalPaths.ROOT + "/leases";
        }
        if (operator()) {
            return PortalPaths.ROOT + "/operator";
        }
        if (finance()) {
            return PortalPaths.ROOT + "/finance";
        }
        return null;
    }
}
