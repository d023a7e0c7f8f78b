package io.computenet.billing.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How busy each node's devices were lately, over its whole enrolled fleet: a device under a lease counts with the mean
 * of the usage samples its agent reported for it (verified by the scheduler), an enrolled device that reported nothing
 * (no lease on it) counts at 0 %. Per node: its enrolled devices, those that reported, the mean utilisation over the
 * window, the memory in use now (each device's latest sample, summed) and the newest sample's time. Pure: samples and
 * each node's enrolled device count in, summaries out.
 */
public final class NodeUtilisation {

    /**
     * One node's summary.
     *
     * @param devices        the node's enrolled devices (or, when more reported, the devices that reported)
     * @param devicesInUse   devices that reported samples in the window (those under a lease)
     * @param utilizationPct mean over the node's devices: each reporting device at the mean of its samples, each idle
     *                       one at 0; devices whose samples carry no utilisation are left out; null when nothing is
     *                       left (no devices, or none with a figure)
     * @param memoryUsedMiB  the sum of each device's latest memory figure (devices without one count nothing)
     * @param lastSampleAt   the newest sample's time, null without samples
     */
    public record Node(String nodeId, int devices, int devicesInUse, Double utilizationPct, long memoryUsedMiB,
                       Instant lastSampleAt, Instant since) {
    }

    private NodeUtilisation() {
    }

    /**
     * Summaries of the nodes of {@code enrolledDevices} (node id to its enrolled device count) and of any other node
     * among {@code samples}, by node id; {@code since} is where the window starts.
     */
    public static List<Node> of(List<UsageSamples.Sample> samples, Map<String, Integer> enrolledDevices,
                                Instant since) {
        Map<String, Map<String, List<UsageSamples.Sample>>> byNode = new TreeMap<>();
        enrolledDevices.keySet().forEach(n -> byNode.put(n, new TreeMap<>()));
        for (UsageSamples.Sample s : samples) {
            byNode.computeIfAbsent(s.nodeId(), n -> new TreeMap<>())
                    .computeIfAbsent(s.deviceKey(), d -> new ArrayList<>()).add(s);
        }
        List<Node> out = new ArrayList<>();
        byNode.forEach((nodeId, reporting) -> out.add(node(nodeId, reporting,
                Math.max(enrolledDevices.getOrDefault(nodeId, 0), reporting.size()), since)));
        return out;
    }

    private static Node node(String nodeId, Map<String, List<UsageSamples.Sample>> reporting, int devices,
                             Instant since) {
        double sum = 0;
        int withoutFigure = 0;
        long memory = 0;
        Instant last = null;
        for (List<UsageSamples.Sample> device : reporting.values()) {
            OptionalDouble mean = device.stream().filter(s -> s.utilizationPct() != null)
                    .mapToDouble(UsageSamples.Sample::utilizationPct).average();
            if (mean.isPresent()) {
                sum += mean.getAsDouble();
            } else {
                withoutFigure++;
            }
            UsageSamples.Sample latest = device.stream().max(Comparator.comparing(UsageSamples.Sample::sampledAt))
                    .orElseThrow();
            memory += latest.memoryUsedMiB() == null ? 0 : latest.memoryUsedMiB();
            last = last == null || latest.sampledAt().isAfter(last) ? latest.sampledAt() : last;
        }
        int counted = devices - withoutFigure;
        return new Node(nodeId, devices, reporting.size(), counted == 0 ? null : round(sum / counted), memory, last,
                since);
    }

    private static double round(double pct) {
        return Math.round(pct * 10) / 10.0;
    }
}
