package io.computenet.billing.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How busy each node's leased devices were lately, from the usage samples its agent reported for the leases on it
 * (verified by the scheduler): per node, the devices that reported, their mean utilisation over the window, the memory
 * they use now (each device's latest sample, summed) and the newest sample's time. A device with no lease reports
 * nothing, so an idle node has no entry. Pure: samples in, summaries out.
 */
public final class NodeUtilisation {

    /**
     * One node's summary.
     *
     * @param devices        devices that reported in the window
     * @param utilizationPct mean of their samples' utilisation, null when none carried one
     * @param memoryUsedMiB  the sum of each device's latest memory figure (devices without one count nothing)
     */
    public record Node(String nodeId, int devices, Double utilizationPct, long memoryUsedMiB, Instant lastSampleAt,
                       Instant since) {
    }

    private NodeUtilisation() {
    }

    /** Summaries of the nodes among {@code samples}, by node id; {@code since} is where the window starts. */
    public static List<Node> of(List<UsageSamples.Sample> samples, Instant since) {
        Map<String, Map<String, List<UsageSamples.Sample>>> byNode = new TreeMap<>();
        for (UsageSamples.Sample s : samples) {
            byNode.computeIfAbsent(s.nodeId(), n -> new TreeMap<>())
                    .computeIfAbsent(s.deviceKey(), d -> new ArrayList<>()).add(s);
        }
        List<Node> out = new ArrayList<>();
        byNode.forEach((nodeId, devices) -> {
            OptionalDouble mean = devices.values().stream().flatMap(List::stream)
                    .filter(s -> s.utilizationPct() != null).mapToDouble(UsageSamples.Sample::utilizationPct)
                    .average();
            long memory = 0;
            Instant last = null;
            for (List<UsageSamples.Sample> device : devices.values()) {
                UsageSamples.Sample latest = device.stream()
                        .max(java.util.Comparator.comparing(UsageSamples.Sample::sampledAt)).orElseThrow();
                memory += latest.memoryUsedMiB() == null ? 0 : latest.memoryUsedMiB();
                last = last == null || latest.sampledAt().isAfter(last) ? latest.sampledAt() : last;
            }
            out.add(new Node(nodeId, devices.size(), mean.isPresent() ? round(mean.getAsDouble()) : null, memory,
                    last, since));
        });
        return out;
    }

    private static double round(double pct) {
        return Math.round(pct * 10) / 10.0;
    }
}
