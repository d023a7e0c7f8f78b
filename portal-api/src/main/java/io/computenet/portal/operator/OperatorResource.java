package io.computenet.portal.operator;

import io.computenet.portal.input.PathId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.portal.security.CurrentOrganisation;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingAccountsClient;
import io.computenet.portal.upstream.SchedulerClient;
import io.computenet.portal.upstream.UpstreamProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.List;

/**
 * Operators' node enrolment: one-time enrolment tokens scoped to the operator's own organisation (from the token's
 * {@code organisation} claim, never from the request), a region and a cluster; their nodes; drains with a deadline;
 * revocation.
 */
@Path("/api/v1/operator")
@RolesAllowed(Roles.OPERATOR)
public class OperatorResource {

    @Inject
    @RestClient
    SchedulerClient scheduler;
    @Inject
    CurrentOrganisation organisation;
    @Inject
    ObjectMapper json;
    @Inject
    @RestClient
    BillingAccountsClient billing;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OperatorResource.class);

    /**
     * A request for enrolment tokens.
     *
     * @param expiresInMinutes how long the tokens stay usable (default 60, at most 7 days)
     * @param count            how many one-time tokens (one per node), default 1
     */
    public record TokenRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like cn-east-yrd")
            String region,
            @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9.-]*", message = "must be a cluster name")
            String cluster,
            @Min(1) @Max(10080) Integer expiresInMinutes,
            @Min(1) @Max(1000) Integer count) {
    }

    @POST
    @Path("/enrollment-tokens")
    public Response createTokens(@Valid @NotNull TokenRequest request) {
        ObjectNode body = json.valueToTree(request);
        body.put("organisation", organisation.id());
        body.put("createdBy", organisation.user());
        return Response.status(Response.Status.CREATED).entity(scheduler.createEnrollmentTokens(body)).build();
    }

    /**
     * The organisation's nodes as the scheduler lists them, each with {@code utilisation}: the recent use of its
     * enrolled devices, leased ones from its agent's usage samples, idle ones at 0 % (billing's
     * {@code node-utilisation}; absent when billing is away: the nodes stay readable without it).
     */
    @GET
    @Path("/nodes")
    public List<JsonNode> nodes() {
        List<JsonNode> nodes = scheduler.nodes(organisation.id());
        List<JsonNode> listed = nodes.stream().filter(n -> n.hasNonNull("nodeId")).toList();
        if (listed.isEmpty()) {
            return nodes;
        }
        List<String> ids = listed.stream().map(n -> n.path("nodeId").asText()).toList();
        List<Integer> enrolled = listed.stream().map(n -> n.path("enrolledDevices").asInt(0)).toList();
        java.util.Map<String, BillingAccountsClient.NodeUtilisation> byNode = new java.util.HashMap<>();
        try {
            billing.nodeUtilisation(ids, enrolled).forEach(u -> byNode.put(u.nodeId(), u));
        } catch (UpstreamProblemException | jakarta.ws.rs.ProcessingException e) {
            LOG.warnf("nodes listed without utilisation: %s", e.getMessage());
        }
        for (JsonNode node : nodes) {
            BillingAccountsClient.NodeUtilisation u = byNode.get(node.path("nodeId").asText());
            if (u != null && node instanceof ObjectNode o) {
                o.set("utilisation", json.valueToTree(u));
            }
        }
        return nodes;
    }

    /** Revokes a node: its records are rejected from now on and it gets no new leases. */
    @POST
    @Path("/nodes/{nodeId}/revoke")
    public JsonNode revoke(@PathParam("nodeId") @PathId String nodeId) {
        return scheduler.revokeNode(nodeId, organisation.id(), organisation.user());
    }

    /**
     * A drain's deadline: an ISO-8601 instant, or minutes from now (one of the two; at most 7 days ahead, which the
     * scheduler checks against its clock).
     */
    public record DrainRequest(Instant deadline, @Min(1) @Max(10080) Integer minutes) {
    }

    /**
     * Drains a node: it gets no new leases from now on, its leases run until the deadline, and those still running
     * then end at the deadline (interruptible ones preempted, on-demand ones failed).
     */
    @POST
    @Path("/nodes/{nodeId}/drain")
    public JsonNode drain(@PathParam("nodeId") @PathId String nodeId, @Valid @NotNull DrainRequest request) {
        return scheduler.drainNode(nodeId, organisation.id(), organisation.user(), json.valueToTree(request));
    }

    /** A node's topology label (rack, switch), or null to clear it. */
    public record TopologyRequest(@Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._/-]+",
            message = "must be a label like rack-12 or spine-a/leaf-3") String topology) {
    }

    /**
     * Labels a node with its rack or switch: gang leases (several nodes) prefer nodes that share a label. The label
     * wins over what the node's agent reports; null clears it.
     */
    @jakarta.ws.rs.PUT
    @Path("/nodes/{nodeId}/topology")
    public JsonNode topology(@PathParam("nodeId") @PathId String nodeId, @Valid @NotNull TopologyRequest request) {
        return scheduler.setNodeTopology(nodeId, organisation.id(), organisation.user(), json.valueToTree(request));
    }

    /** Withdraws a node's drain: it takes leases again. */
    @DELETE
    @Path("/nodes/{nodeId}/drain")
    public JsonNode undrain(@PathParam("nodeId") @PathId String nodeId) {
        return scheduler.undrainNode(nodeId, organisation.id(), organisation.user());
    }
}
