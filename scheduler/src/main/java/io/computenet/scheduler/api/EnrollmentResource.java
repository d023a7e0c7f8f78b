package io.computenet.scheduler.api;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.contracts.api.EnrollmentRequest;
import io.computenet.scheduler.identity.EnrollmentService;
import io.computenet.scheduler.lease.DrainService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Enrolment, internal side: the portal creates tokens for an authenticated operator (passing the organisation from
 * the operator's token), forwards agents' exchanges, and lists, drains and revokes an organisation's nodes.
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1")
public class EnrollmentResource {

    @Inject
    EnrollmentService enrollment;
    @Inject
    DrainService drains;
    @Inject
    io.computenet.scheduler.lease.NodeTopologies topologies;

    /** A request for enrolment tokens. */
    public record TokenRequest(@NotBlank String organisation, @NotBlank String region, @NotBlank String cluster,
                               @NotBlank String createdBy, @Min(1) @Max(10080) Integer expiresInMinutes,
                               @Min(1) @Max(1000) Integer count) {
    }

    /**
     * A drain's deadline: an ISO-8601 instant, or minutes from now; one of the two, in the future and at most
     * {@link io.computenet.scheduler.lease.Drains#MAX_NOTICE} ahead.
     */
    public record DrainRequest(Instant deadline, Integer minutes) {
    }

    @POST
    @Path("/enrollment-tokens")
    public Response createTokens(@Valid @NotNull TokenRequest request) {
        EnrollmentService.TokenBatch batch = enrollment.createTokens(request.organisation(), request.region(),
                request.cluster(), request.createdBy(),
                Duration.ofMinutes(request.expiresInMinutes() == null ? 60 : request.expiresInMinutes()),
                request.count() == null ? 1 : request.count());
        return Response.status(Response.Status.CREATED).entity(batch).build();
    }

    @POST
    @Path("/enrollments")
    public Response exchange(@Valid @NotNull EnrollmentRequest request) {
        EnrollmentService.Enrollment result = enrollment.exchange(request.token(), request.nodeName(),
                request.hostname(), request.devices());
        return Response.status(Response.Status.CREATED).entity(result).build();
    }

    @GET
    @Path("/nodes")
    public List<EnrollmentService.NodeView> nodes(@QueryParam("organisation") @NotBlank String organisation) {
        return enrollment.nodes(organisation);
    }

    @POST
    @Path("/nodes/{nodeId}/revoke")
    public EnrollmentService.NodeView revoke(@PathParam("nodeId") String nodeId,
                                             @QueryParam("organisation") @NotBlank String organisation,
                                             @QueryParam("by") @NotBlank String by) {
        return enrollment.revoke(nodeId, organisation, by);
    }

    /** Drains a node: no new leases from now on; the leases still live on it at the deadline end there. */
    @POST
    @Path("/nodes/{nodeId}/drain")
    public EnrollmentService.NodeView drain(@PathParam("nodeId") String nodeId,
                                            @QueryParam("organisation") @NotBlank String organisation,
                                            @QueryParam("by") @NotBlank String by, DrainRequest request) {
        return drains.drain(nodeId, organisation, by, request == null ? null : request.deadline(),
                request == null ? null : request.minutes());
    }

    /** A node's topology label (rack, switch), or null to clear it. */
    public record TopologyRequest(@jakarta.validation.constraints.Size(max = 128)
                                  @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9._/-]+",
                                          message = "must be a label like rack-12 or spine-a/leaf-3")
                                  String topology) {
    }

    /** Sets the topology label of the organisation's node: gang leases prefer nodes that share one. */
    @jakarta.ws.rs.PUT
    @Path("/nodes/{nodeId}/topology")
    public io.computenet.scheduler.lease.NodeTopologies.View topology(@PathParam("nodeId") String nodeId,
            @QueryParam("organisation") @NotBlank String organisation, @QueryParam("by") @NotBlank String by,
            @Valid @NotNull TopologyRequest request) {
        return topologies.set(nodeId, organisation, by, request.topology());
    }

    /** Withdraws a node's drain: it takes leases again (see {@link DrainService} for after the deadline). */
    @DELETE
    @Path("/nodes/{nodeId}/drain")
    public EnrollmentService.NodeView undrain(@PathParam("nodeId") String nodeId,
                                              @QueryParam("organisation") @NotBlank String organisation,
                                              @QueryParam("by") @NotBlank String by) {
        return drains.undrain(nodeId, organisation, by);
    }
}
