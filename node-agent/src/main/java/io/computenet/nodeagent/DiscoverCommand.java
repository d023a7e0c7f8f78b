package io.computenet.nodeagent;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.nodeagent.discovery.DiscoveryParseException;
import io.computenet.nodeagent.discovery.HostResources;
import io.computenet.nodeagent.discovery.NodeDiscovery;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code node-agent discover}: prints, as JSON, the inventory record the agent would publish for this node, without
 * Kafka. With {@code --nvidia-smi-csv}, {@code --mig-lgip}, {@code --mig-lgi}, {@code --npu-smi} or
 * {@code --cnmon} it reads saved tool output instead of running the tools. The host's CPUs and memory come from
 * {@code /proc/cpuinfo} and {@code /proc/meminfo} (saved copies with {@code --cpuinfo} and {@code --meminfo}, both
 * or neither; with saved tool output and no saved copies, none are reported). Exit code 0 on success, 2 for bad
 * arguments, 3 for unreadable tool output.
 */
public final class DiscoverCommand {

    private DiscoverCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Optional<Path> nvidia = Optional.empty();
        Optional<Path> mig = Optional.empty();
        Optional<Path> migInstances = Optional.empty();
        Optional<Path> npu = Optional.empty();
        Optional<Path> cnmon = Optional.empty();
        Optional<Path> cpuinfo = Optional.empty();
        Optional<Path> meminfo = Optional.empty();
        String nodeId = null;
        String region = "unassigned";
        String cluster = "unassigned";
        String operator = "unenrolled";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                out.println(usage());
                return 0;
            }
            if (i + 1 >= args.size()) {
                err.println("missing value for " + a + "\n" + usage());
                return 2;
            }
            String v = args.get(++i);
            switch (a) {
                case "--nvidia-smi-csv" -> nvidia = Optional.of(existing(v));
                case "--mig-lgip" -> mig = Optional.of(existing(v));
                case "--mig-lgi" -> migInstances = Optional.of(existing(v));
                case "--npu-smi" -> npu = Optional.of(existing(v));
                case "--cnmon" -> cnmon = Optional.of(existing(v));
                case "--cpuinfo" -> cpuinfo = Optional.of(existing(v));
                case "--meminfo" -> meminfo = Optional.of(existing(v));
                case "--node-id" -> nodeId = v;
                case "--region" -> region = v;
                case "--cluster" -> cluster = v;
                case "--operator-id" -> operator = v;
                default -> {
                    err.println("unknown option " + a + "\n" + usage());
                    return 2;
                }
            }
        }
        if (cpuinfo.isPresent() != meminfo.isPresent()) {
            err.println("--cpuinfo and --meminfo go together\n" + usage());
            return 2;
        }
        for (Optional<Path> p : List.of(nvidia, mig, migInstances, npu, cnmon, cpuinfo, meminfo)) {
            if (p.isPresent() && !Files.isReadable(p.get())) {
                err.println("cannot read " + p.get());
                return 2;
            }
        }
        NodeDiscovery.Sources sources = new NodeDiscovery.Sources(nvidia, mig, migInstances, npu, cnmon);
        try {
            List<DeviceInfo> devices = sources.any() ? new NodeDiscovery().fromFiles(sources)
                    : new NodeDiscovery().live();
            Optional<HostResources> resources = cpuinfo.isPresent()
                    ? Optional.of(HostResources.read(cpuinfo.get(), meminfo.get()))
                    : sources.any() ? Optional.empty() : HostResources.readIfPresent();
            String host = hostname();
            out.println(EventCodec.encode(InventoryEvent.inventory(Instant.now(), nodeId == null ? host : nodeId,
                    operator, region, cluster, host, devices, null,
                    resources.map(HostResources::cpuCount).orElse(null),
                    resources.map(HostResources::memoryMiB).orElse(null))));
            return 0;
        } catch (DiscoveryParseException | NodeDiscovery.DiscoveryToolException e) {
            err.println("discovery failed: " + e.getMessage());
            return 3;
        }
    }

    private static Path existing(String v) {
        return Path.of(v);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    static String usage() {
        return "usage: node-agent discover [--nvidia-smi-csv FILE [--mig-lgip FILE] [--mig-lgi FILE]]"
                + " [--npu-smi FILE] [--cnmon FILE] [--cpuinfo FILE --meminfo FILE]"
                + " [--node-id ID] [--region R] [--cluster C] [--operator-id OP]\n"
                + "Without files it runs nvidia-smi, npu-smi and cnmon where installed. nvidia-smi output must come"
                + " from:\n  nvidia-smi --query-gpu=" + NodeDiscovery.NVIDIA_QUERY + " --format=csv";
    }
}
