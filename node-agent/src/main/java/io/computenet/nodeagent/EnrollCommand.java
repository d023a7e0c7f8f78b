package io.computenet.nodeagent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.nodeagent.discovery.DiscoveryParseException;
import io.computenet.nodeagent.discovery.NodeDiscovery;
import io.computenet.nodeagent.identity.EnrollmentClient;
import io.computenet.nodeagent.identity.NodeIdentity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code node-agent enroll}: exchanges a one-time enrolment token for this node's identity and prints it as JSON
 * (node id, credential, scope), without starting the agent. Operators use it to enrol ahead of deployment and keep
 * the identity in a Kubernetes Secret (one key per node name). Devices come from the tools, or from saved tool
 * output with the same options as {@code discover}. Exit codes: 0 enrolled, 2 bad arguments, 3 unreadable tool
 * output, 4 the portal refused or could not be reached.
 */
public final class EnrollCommand {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private EnrollCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String url = null;
        String token = null;
        String nodeName = null;
        Optional<Path> nvidia = Optional.empty();
        Optional<Path> mig = Optional.empty();
        Optional<Path> migInstances = Optional.empty();
        Optional<Path> npu = Optional.empty();
        Optional<Path> cnmon = Optional.empty();
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
            try {
                switch (a) {
                    case "--url" -> url = v;
                    case "--token" -> token = v;
                    case "--token-file" -> token = Files.readString(Path.of(v)).trim();
                    case "--node-name" -> nodeName = v;
                    case "--nvidia-smi-csv" -> nvidia = Optional.of(Path.of(v));
                    case "--mig-lgip" -> mig = Optional.of(Path.of(v));
                    case "--mig-lgi" -> migInstances = Optional.of(Path.of(v));
                    case "--npu-smi" -> npu = Optional.of(Path.of(v));
                    case "--cnmon" -> cnmon = Optional.of(Path.of(v));
                    default -> {
                        err.println("unknown option " + a + "\n" + usage());
                        return 2;
                    }
                }
            } catch (IOException e) {
                err.println("cannot read " + v + ": " + e.getMessage());
                return 2;
            }
        }
        if (url == null || token == null || token.isBlank()) {
            err.println("--url and --token (or --token-file) are required\n" + usage());
            return 2;
        }
        String host = hostname();
        String name = nodeName != null ? nodeName : host.toLowerCase(java.util.Locale.ROOT);
        NodeDiscovery.Sources sources = new NodeDiscovery.Sources(nvidia, mig, migInstances, npu, cnmon);
        List<DeviceInfo> devices;
        try {
            devices = sources.any() ? new NodeDiscovery().fromFiles(sources) : new NodeDiscovery().live();
        } catch (DiscoveryParseException | NodeDiscovery.DiscoveryToolException e) {
            err.println("discovery failed: " + e.getMessage());
            return 3;
        } catch (java.io.UncheckedIOException e) {
            err.println("cannot read tool output: " + e.getMessage());
            return 2;
        }
        try {
            NodeIdentity identity = new EnrollmentClient(url).exchange(token, name, host, devices);
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(identity));
            return 0;
        } catch (EnrollmentClient.EnrollmentFailedException e) {
            err.println(e.getMessage());
            return 4;
        } catch (IOException e) {
            err.println("cannot print the identity: " + e.getMessage());
            return 4;
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    static String usage() {
        return "usage: node-agent enroll --url PORTAL_URL (--token TOKEN | --token-file FILE) [--node-name NAME]"
                + " [--nvidia-smi-csv FILE [--mig-lgip FILE] [--mig-lgi FILE]] [--npu-smi FILE] [--cnmon FILE]\n"
                + "Prints the node identity (keep it secret), e.g. for: kubectl -n computenet create secret generic"
                + " node-agent-identity --from-file=NAME=identity.json";
    }
}
