package io.computenet.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where and on which ports the stack runs. {@link #defaults} are the documented ports of {@code ./computenet up}
 * (each can be overridden by an environment variable); {@link #forTests} picks free ports so test runs never clash.
 */
public record StackOptions(
        Path home,
        Path runDir,
        int portalPort,
        int schedulerPort,
        int billingPort,
        int agentPort,
        int keycloakPort,
        int keycloakManagementPort,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        List<RegionSpec> regions,
        int fleetNodes,
        Duration podStartTimeout,
        Duration heartbeatInterval,
        Money money) {

    /**
     * How fast money moves: billing's accrual interval and the grace a prepaid tenant's on-demand leases get once its
     * funds are exhausted (short in tests, so the low-balance stop is seen in seconds).
     */
    public record Money(Duration accrualInterval, Duration fundsGrace) {
        public static final Money DEFAULTS = new Money(Duration.ofSeconds(30), Duration.ofMinutes(15));
    }

    public static StackOptions defaults(Path home, Map<String, String> env) {
        int k8s = intEnv(env, "CN_KUBERNETES_FIRST_PORT", 18443);
        return new StackOptions(home, home.resolve(".computenet/run"),
                intEnv(env, "CN_PORTAL_PORT", 8080),
                intEnv(env, "CN_SCHEDULER_PORT", 8081),
                intEnv(env, "CN_BILLING_PORT", 8082),
                intEnv(env, "CN_AGENT_PORT", 8083),
                intEnv(env, "CN_KEYCLOAK_PORT", 8180),
                intEnv(env, "CN_KEYCLOAK_MANAGEMENT_PORT", 9180),
                intEnv(env, "CN_POSTGRES_PORT", 15432),
                intEnv(env, "CN_KAFKA_PORT", 19092),
                intEnv(env, "CN_KAFKA_CONTROLLER_PORT", 19093),
                RegionSpec.demo(k8s),
                intEnv(env, "CN_FLEET_NODES", 12),
                Duration.ofMinutes(2),
                Duration.ofSeconds(10),
                Money.DEFAULTS);
    }

    public static StackOptions forTests(Path home, Path runDir) {
        List<RegionSpec> demo = RegionSpec.demo(0);
        int[] p = Ports.distinct(9 + demo.size());
        List<RegionSpec> regions = new ArrayList<>();
        for (int i = 0; i < demo.size(); i++) {
            regions.add(demo.get(i).withPort(p[9 + i]));
        }
        return new StackOptions(home, runDir, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8],
                List.copyOf(regions), 9, Duration.ofSeconds(20),
                Duration.ofSeconds(2), new Money(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    private static int intEnv(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number but was '" + v + "'");
        }
    }

    public String keycloakUrl() {
        return "http://127.0.0.1:" + keycloakPort;
    }

    public String realmUrl() {
        return keycloakUrl() + "/realms/" + DevStack.REALM;
    }
}
