package io.computenet.nodeagent.identity;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.nodeagent.fleet.SimulatedNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gives each node the agent publishes for an identity: the one stored on disk, or else one obtained by exchanging
 * an enrolment token (then stored). A node the agent cannot identify stops the start with a message saying what to
 * do; nothing is published unsigned.
 */
public final class Enrolment {

    /** The file name of the identity of the node the agent runs on (live mode). */
    public static final String LIVE_NAME = "node";

    private final IdentityStore store;
    private final Optional<String> portalUrl;

    public Enrolment(IdentityStore store, Optional<String> portalUrl) {
        this.store = store;
        this.portalUrl = portalUrl;
    }

    /** A node and the identity it publishes under. */
    public record Identified(SimulatedNode node, NodeIdentity identity) {
    }

    /** The node the agent runs on: its stored identity, or a new one for {@code token}. */
    public Identified live(Optional<String> token, String nodeName, String hostname,
                           Supplier<List<DeviceInfo>> devices) {
        return live(Optional.empty(), token, nodeName, hostname, devices);
    }

    /**
     * The node the agent runs on: the identity provisioned for {@code nodeName} in {@code provisioned} (a mounted
     * Secret, read-only), else the one it stored itself, else a new one for {@code token}.
     */
    public Identified live(Optional<IdentityStore> provisioned, Optional<String> token, String nodeName,
                           String hostname, Supplier<List<DeviceInfo>> devices) {
        Optional<NodeIdentity> stored = provisioned.flatMap(p -> p.readFile(nodeName)).or(() -> store.read(LIVE_NAME));
        List<DeviceInfo> discovered = devices.get();
        NodeIdentity identity = stored.orElseGet(() -> {
            String t = token.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "this node is not enrolled (no identity in " + store.dir() + "): an operator creates a one-time"
                            + " token with POST /api/v1/operator/enrollment-tokens; give it to the agent as"
                            + " computenet.agent.enrollment.token or .token-file, with computenet.agent.enrollment.url"));
            NodeIdentity fresh = client().exchange(t.trim(), nodeName, hostname, discovered);
            store.write(LIVE_NAME, fresh);
            return fresh;
        });
        return new Identified(new SimulatedNode(identity.nodeId(), identity.organisation(), identity.region(),
                identity.cluster(), hostname, discovered), identity);
    }

    /**
     * The simulated fleet: each planned node keeps the identity stored under its name, or is enrolled with the next
     * token of its region and cluster from {@code tokensFile}.
     */
    public List<Identified> simulated(List<SimulatedNode> planned, Optional<Path> tokensFile) {
        Map<String, Deque<String>> tokens = null;
        List<Identified> result = new ArrayList<>(planned.size());
        for (SimulatedNode p : planned) {
            Optional<NodeIdentity> stored = store.read(p.nodeId());
            NodeIdentity identity;
            if (stored.isPresent()) {
                identity = stored.get();
            } else {
                if (tokens == null) {
                    tokens = readTokens(tokensFile.orElseThrow(() -> new IllegalStateException("simulated node "
                            + p.nodeId() + " is not enrolled (no identity in " + store.dir()
                            + ") and computenet.agent.simulate.tokens-file is not set")));
                }
                Deque<String> scoped = tokens.getOrDefault(p.region() + ":" + p.cluster(), new ArrayDeque<>());
                String token = scoped.poll();
                if (token == null) {
                    throw new IllegalStateException("no enrolment token left for " + p.region() + ":" + p.cluster()
                            + " in " + tokensFile.get() + " to enrol simulated node " + p.nodeId());
                }
                identity = client().exchange(token, p.nodeId(), p.hostname(), p.devices());
                store.write(p.nodeId(), identity);
            }
            result.add(new Identified(new SimulatedNode(identity.nodeId(), identity.organisation(),
                    identity.region(), identity.cluster(), p.hostname(), p.devices(), p.topology(), p.host()), identity));
        }
        return result;
    }

    /** Reads {@code region:cluster token} lines; blank lines and {@code #} comments are skipped. */
    static Map<String, Deque<String>> readTokens(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read enrolment tokens from " + file, e);
        }
        Map<String, Deque<String>> tokens = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2 || !parts[0].contains(":")) {
                throw new IllegalArgumentException(file + " line " + (i + 1)
                        + ": expected 'region:cluster token' but found '" + line + "'");
            }
            tokens.computeIfAbsent(parts[0], k -> new ArrayDeque<>()).add(parts[1]);
        }
        return tokens;
    }

    private EnrollmentClient client() {
        return new EnrollmentClient(portalUrl.orElseThrow(() -> new IllegalStateException(
                "computenet.agent.enrollment.url (the portal's base URL) is needed to exchange an enrolment token")));
    }
}
