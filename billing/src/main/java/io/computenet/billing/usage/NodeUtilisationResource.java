package io.computenet.billing.usage;

import io.computenet.problem.FieldProblem;
import io.computenet.contracts.identity.ServiceRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes' recent utilisation from their agents' usage samples (internal API; the portal asks for the nodes of the
 * caller's organisation, as the scheduler lists them, each with its enrolled device count in {@code enrolledDevices},
 * in the same order, so that idle devices count at 0 %; without the counts only the devices that reported count).
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/node-utilisation")
public class NodeUtilisationResource {

    @Inject
    UsageSamples samples;
    @Inject
    Clock clock;
    /** How long a usage sample holds at most: a longer gap is time its device did not report (idle). */
    @ConfigProperty(name = "computenet.billing.usage.sample-hold", defaultValue = "60s")
    Duration hold;

    @GET
    public List<NodeUtilisation.Node> utilisation(@QueryParam("nodeId") List<String> nodeIds,
                                                  @QueryParam("enrolledDevices") List<Integer> enrolledDevices,
                                                  @QueryParam("minutes") @DefaultValue("15") @Min(1) @Max(1440)
                                                  int minutes) {
        if (nodeIds == null || nodeIds.isEmpty()) {
            throw new FieldProblem("nodeId", "is required (one or more)");
        }
        if (nodeIds.size() > 1000) {
            throw new FieldProblem("nodeId", "at most 1000 nodes at a time");
        }
        Map<String, Integer> enrolled = new HashMap<>();
        if (enrolledDevices != null && !enrolledDevices.isEmpty()) {
            if (enrolledDevices.size() != nodeIds.size()) {
                throw new FieldProblem("enrolledDevices", "needs one count per nodeId, in the same order");
            }
            for (int i = 0; i < nodeIds.size(); i++) {
                Integer count = enrolledDevices.get(i);
                if (count == null || count < 0) {
                    throw new FieldProblem("enrolledDevices", "must be 0 or more");
                }
                enrolled.put(nodeIds.get(i), count);
            }
        }
        Instant until = clock.instant();
        Instant since = until.minus(Duration.ofMinutes(minutes));
        return NodeUtilisation.of(samples.forNodes(nodeIds, since), enrolled, since, until, hold);
    }
}
