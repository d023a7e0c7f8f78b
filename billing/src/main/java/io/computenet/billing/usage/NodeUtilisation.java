package io.computenet.billing.usage;

import io.computenet.contracts.usage.TimeWeighted;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How busy each node's devices were lately, over its whole enrolled fleet and the whole window: each device's usage
 * samples (verified by the scheduler) weighted by the time each covers ({@link TimeWeighted}: a sample holds until the
 * device's next one, at most {@code hold}), the time a device did not report (no lease on it) at 0 %. A device idle
 * for 50 minutes and busy for 10 is at 16.7 % over the hour, however many samples each part had. Per node: its
 * enrolled devices, those that reported, the mean utilisation over the window, the memory in use now (each device's
 * latest sample, summed) and the newest sample's time. Pure: samples and each node's enrolled device count in,
 * summaries out.
 */
public final class NodeUtilisation {

    /**
     * One node's summary.
     *
     * @param devices        the node's enrolled devices (or, when more reported, the devices that reported)
     * @param devicesInUse   devices that reported samples in the window (those under a lease)
     * @param utilizationPct mean over the node's devices and the window: each reporting device at its time-weighted
     *                       mean (time without samples at 0), each idle one at 0; devices whose samples carry no
     *                       utilisation are left out; null when nothing is left (no devices, or none with a figure)
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
     * among {@code samples}, by node id, over the window {@code [since, until)}; a sample holds at most {@code hold}.
     */
    public static List<Node> of(List<UsageSamples.Sample> samples, Map<String, Integer> enrolledDevices,
                                Instant since, Instant until, Duration hold) {
        Map<String, Map<String, List<UsageSamples.Sample>>> byNode = new TreeMap<>();
        enrolledDevices.keySet().forEach(n -> byNode.put(n, new TreeMap<>()));
        for (UsageSamples.Sample s : samples) {
            byNode.computeIfAbsent(s.nodeId(), n -> new TreeMap<>())
                    .computeIfAbsent(s.deviceKey(), d -> new ArrayList<>()).add(s);
        }
        List<Node> out = new ArrayList<>();
        byNode.forEach((nodeId, reporting) -> out.add(node(nodeId, reporting,
                Math.max(enrolledDevices.getOrDefault(nodeId, 0), reporting.size()), since, until, hold)));
        return out;
    }

    private static Node node(String nodeId, Map<String, List<UsageSamples.Sample>> reporting, int devices,
                             Instant since, Instant until, Duration hold) {
        double sum = 0;
        int withoutFigure = 0;
        long memory = 0;
        Instant last = null;
        for (List<UsageSamples.Sample> device : reporting.values()) {
            Double mean = TimeWeighted.meanCountingGapsAsZero(device.stream()
                    .map(s -> new TimeWeighted.Reading(s.sampledAt(), s.utilizationPct())).toList(), since, until, hold);
            if (mean != null) {
                sum += mean;
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
