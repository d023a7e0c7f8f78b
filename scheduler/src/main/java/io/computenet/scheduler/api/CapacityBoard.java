package io.computenet.scheduler.api;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.capability.Capabilities;
import io.computenet.placement.capability.Framework;
import io.computenet.scheduler.SchedulerConfig;
import io.computenet.scheduler.api.CapacityResource.CapacityLine;
import io.computenet.scheduler.placement.CapacitySnapshots;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The capacity summary (the portal's offers), served from the live capacity model: the lines are worked out once per
 * change of the committed model ({@link CapacitySnapshots#version()}), not per request, and a request reads nothing
 * from PostgreSQL while the model is fresh. The model is brought up to date by every allocation, quote and queue pass;
 * when none has done so within {@code computenet.offers.max-age} (250 ms), the next request does it (the change feed
 * since the last read, as an allocation would). So an offer shows capacity at most that old: a device taken, a node
 * revoked, drained or gone silent leaves the offers within it, and at once for what this instance's own allocations
 * changed as soon as its next one has refreshed the model.
 */
@ApplicationScoped
public class CapacityBoard {

    @Inject
    CapacitySnapshots snapshots;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;
    @ConfigProperty(name = "computenet.offers.max-age", defaultValue = "PT0.25S")
    Duration maxAge;

    /** The lines worked out from one version of the model. */
    private record Board(long version, List<CapacityLine> lines) {
    }

    private volatile Board board;

    /** The summary as the model has it now (at most {@code max-age} behind PostgreSQL). */
    public List<CapacityLine> lines() {
        Board b = board;
        if (b != null && servable(b.version(), snapshots.version(), snapshots.refreshedAt(), clock.instant(),
                maxAge)) {
            return b.lines();
        }
        synchronized (this) {
            b = board;
            Instant refreshed = snapshots.refreshedAt();
            if (b != null && servable(b.version(), snapshots.version(), refreshed, clock.instant(), maxAge)) {
                return b.lines();
            }
            if (!fresh(refreshed, clock.instant(), maxAge)) {
                QuarkusTransaction.requiringNew().run(snapshots::current); // the change feed since the last read
            }
            CapacitySnapshots.Committed model = snapshots.committed()
                    .orElseThrow(() -> new IllegalStateException("the capacity model has not been read yet"));
            b = new Board(model.version(), summarise(model.nodes(), config.regions()));
            board = b;
            return b.lines();
        }
    }

    /**
     * Whether lines worked out from model version {@code boardVersion} may be served: the model has not changed
     * since, and it was brought up to date within {@code maxAge}.
     */
    static boolean servable(long boardVersion, long modelVersion, Instant refreshedAt, Instant now,
                            Duration maxAge) {
        return boardVersion == modelVersion && fresh(refreshedAt, now, maxAge);
    }

    static boolean fresh(Instant refreshedAt, Instant now, Duration maxAge) {
        return refreshedAt != null && now.isBefore(refreshedAt.plus(maxAge));
    }

    private record Key(String region, String operatorId, Vendor vendor, String model) {
    }

    private static final class Tally {
        long memoryMiB;
        int total;
        int free;
        final Set<String> nodes = new HashSet<>();
    }

    /**
     * Free and total devices per region, operator and model, of the schedulable nodes only (revoked, drained and
     * silent ones are in neither count), in region, model, operator, vendor order.
     */
    static List<CapacityLine> summarise(Collection<NodeCapacity> nodes, Map<String, SchedulerConfig.Region> regions) {
        Map<String, Tally> tallies = new TreeMap<>();
        Map<String, Key> keys = new TreeMap<>();
        for (NodeCapacity node : nodes) {
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
            SchedulerConfig.Region r = regions.get(k.region());
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
