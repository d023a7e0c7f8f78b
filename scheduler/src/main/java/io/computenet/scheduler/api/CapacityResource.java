package io.computenet.scheduler.api;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.placement.CapacitySnapshots;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.capability.Capabilities;
import io.computenet.placement.capability.Framework;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Free and total capacity per region, operator and device model: what can be offered right now. */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/capacity")
public class CapacityResource {

    @Inject
    CapacitySnapshots snapshots;
    @Inject
    SchedulerConfig config;

    /**
     * One line of the capacity summary; {@code tier} in upper case, as every enum the API answers.
     * {@code frameworks} are the stacks the model runs, as the capability table names them ({@link Capabilities}:
     * the same table a lease's {@code framework} is placed by), toolkit first.
     */
    public record CapacityLine(String region, String regionName, String tier, String operatorId, Vendor vendor,
                               String model, long memoryMiB, int totalDevices, int freeDevices, int nodes,
                               List<String> frameworks) {
    }

    private record Key(String region, String operatorId, Vendor vendor, String model) {
    }

    private static final class Tally {
        long memoryMiB;
        int total;
        int free;
        final Set<String> nodes = new HashSet<>();
    }

    @GET
    @Transactional
    public List<CapacityLine> capacity() {
        Map<String, Tally> tallies = new TreeMap<>();
        Map<String, Key> keys = new TreeMap<>();
        for (NodeCapacity node : snapshots.current()) {
            if (!node.schedulable()) {
                continue; // revoked, drained or silent: neither its free nor its total devices are on offer
            }
            for (DeviceSlot d : node.devices()) {
                Key key = new Key(node.region(), node.operatorId(), d.vendor(), d.model());
                String sortKey = key.region() + "|" + key.model() + "|" + key.operatorId() + "|" + key.vendor();
                keys.put(sortKey, key);
                Tally t = tallies.computeIfAbsent(sortKey, k -> new Tally());
                t.memoryMiB = d.memoryMiB();
                t.total++;
                t.free += d.free() ? 1 : 0;
                t.nodes.add(node.nodeId());
            }
        }
        return keys.entrySet().stream().map(e -> {
            Key k = e.getValue();
            Tally t = tallies.get(e.getKey());
            SchedulerConfig.Region r = config.regions().get(k.region());
            return new CapacityLine(k.region(), r.displayName().orElse(k.region()),
                    io.computenet.placement.RegionTier.parse(r.tier()).name(), k.operatorId(),
                    k.vendor(), k.model(), t.memoryMiB, t.total, t.free, t.nodes.size(), frameworks(k));
        }).toList();
    }

    private static List<String> frameworks(Key key) {
        return Capabilities.of(key.vendor(), key.model()).frameworks().stream().sorted()
                .map(Framework::displayName).toList();
    }
}
