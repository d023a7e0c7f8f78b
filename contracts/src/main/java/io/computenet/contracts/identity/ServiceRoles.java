package io.computenet.contracts.identity;

/**
 * The realm roles of ComputeNet's services, as their client-credentials tokens carry them: the only roles the
 * internal APIs ({@code /internal/v1/*}) accept. Every internal endpoint names the callers it admits with
 * {@code @RolesAllowed}; an endpoint without such an annotation is refused to everyone
 * ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}), and the internal access matrix tests fail on it.
 */
public final class ServiceRoles {

    /** portal-api, acting for an authenticated user: leases, enrolment, nodes, limits, quotes, billing reads. */
    public static final String PORTAL = "svc-portal";
    /** The scheduler: reads billing's price books for price ceilings. */
    public static final String SCHEDULER = "svc-scheduler";

    private ServiceRoles() {
    }
}
