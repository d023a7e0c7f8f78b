package io.computenet.scheduler.api;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.capability.Capabilities;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.util.List;

/** Free and total capacity per region, operator and device model: what can be offered right now. */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/capacity")
public class CapacityResource {

    @Inject
    CapacityBoard board;

    /**
     * One line of the capacity summary; {@code tier} in upper case, as every enum the API answers.
     * {@code frameworks} are the stacks the model runs, as the capability table names them ({@link Capabilities}:
     * the same table a lease's {@code framework} is placed by), toolkit first.
     */
    public record CapacityLine(String region, String regionName, String tier, String operatorId, Vendor vendor,
                               String model, long memoryMiB, int totalDevices, int freeDevices, int nodes,
                               List<String> frameworks) {
    }

    /** The summary from the live model, at most {@code computenet.offers.max-age} old ({@link CapacityBoard}). */
    @GET
    public List<CapacityLine> capacity() {
        return board.lines();
    }
}
