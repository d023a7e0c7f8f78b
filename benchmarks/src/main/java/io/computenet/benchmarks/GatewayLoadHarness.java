package io.computenet.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.computenet.devstack.DevStack;
import io.computenet.devstack.KeycloakServer;
import io.computenet.devstack.Ports;
import io.computenet.devstack.ServiceClients;
import io.computenet.devstack.ServiceProcess;
import io.computenet.devstack.inference.SimulatedInferenceServer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway overhead harness: what the portal's inference gateway adds to a completion. Starts a simulated replica
 * ({@link SimulatedInferenceServer}, token delay 0, so the replica costs as little as it can), Keycloak (the portal's
 * scheduler client needs its service token), a stand-in for the scheduler's routing table (one endpoint, one key,
 * the replica ready) and the portal's packaged jar as the devstack starts it; then drives closed-loop chat
 * completions (plain or streamed) directly at the replica and through the gateway, alternately, and prints
 * requests/s and latency percentiles of each and the difference.
 */
public final class GatewayLoadHarness implements HarnessMain.Harness {

    private static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";
    private static final String ENDPOINT = "ep-benchmark0001";
    private static final String KEY = "cnk_benchmarkbenchmarkbenchmarkbenchmark01";

    private final GatewayLoadOptions options;
    private final StartedComponents started = new StartedComponents();

    GatewayLoadHarness(GatewayLoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        // the JDK's HTTP server (the simulated replica, the routes stand-in) otherwise leaves Nagle's algorithm on: its
        // headers and body go in separate segments and each answer waits for the client's delayed ACK (about 40 ms), a
        // floor that would hide what the gateway costs. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HarnessMain.run("gateway load harness", args, GatewayLoadOptions::parse, GatewayLoadOptions.USAGE,
                GatewayLoadHarness::new);
    }

    @Override
    public void closeAll() {
        started.closeAll();
    }

    @Override
    public int run() throws Exception {
        Path home = options.home().toAbsolutePath().normalize();
        Path workDir = Files.createTempDirectory("cn-gateway-bench");
        SimulatedInferenceServer replica = started.track(SimulatedInferenceServer.start(
                new InetSocketAddress("127.0.0.1", 0), MODEL,
                new SimulatedInferenceServer.Options(Duration.ZERO, Math.max(64, options.concurrency() * 2))));
        HttpServer routes = routesStandIn(replica.baseUrl().toString());
        started.track(() -> routes.stop(0));
        String schedulerUrl = "http://127.0.0.1:" + routes.getAddress().getPort();
        System.out.println("Keycloak ...");
        ServiceClients clients = ServiceClients.generate();
        KeycloakServer keycloak = started.track(DevStack.startKeycloak(home, workDir.resolve("keycloak.log"),
                clients));
        String realm = keycloak.realmUrl(DevStack.REALM);
        Map<String, String> config = new HashMap<>(clients.callerConfig(realm, ServiceClients.PORTAL));
        config.put("quarkus.oidc.auth-server-url", realm);
        config.put("quarkus.rest-client.scheduler.url", schedulerUrl);
        config.put("quarkus.rest-client.billing.url", "http://127.0.0.1:1");
        config.put("quarkus.log.level", "WARN");
        System.out.println("portal-api (" + home.resolve("portal-api/target/quarkus-app/quarkus-run.jar") + ") ...");
        ServiceProcess portal = started.track(ServiceProcess.launch(home, "portal-api", Ports.free(), config, workDir,
                "512m"));
        portal.awaitReady(Duration.ofMinutes(3));

        URI direct = URI.create(replica.baseUrl() + "/v1/chat/completions");
        URI gateway = URI.create(portal.url() + "/inference/" + ENDPOINT + "/v1/chat/completions");
        awaitRouted(gateway);
        System.out.printf("%nclosed loop: %d clients, %s answers of %d tokens, token delay 0; %d s warm-up, %d s "
                        + "measured, %d round(s)%n%n", options.concurrency(), options.stream() ? "streamed" : "plain",
                options.maxTokens(), options.warmup().toSeconds(), options.duration().toSeconds(), options.rounds());
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (Map.Entry<String, URI> target : List.of(Map.entry("direct", direct), Map.entry("gateway", gateway))) {
                load(target.getValue(), options.warmup());
                Result result = new Result(target.getKey(), round, load(target.getValue(), options.duration()),
                        options.duration());
                results.add(result);
                System.out.println(result.line());
            }
        }
        Result bestDirect = best(results, "direct");
        Result bestGateway = best(results, "gateway");
        System.out.printf("%nbest of rounds: direct %.0f req/s, gateway %.0f req/s (%.0f %%); added latency p50 %+.2f ms,"
                        + " p99 %+.2f ms%n", bestDirect.perSecond(), bestGateway.perSecond(),
                100.0 * bestGateway.perSecond() / bestDirect.perSecond(),
                bestGateway.summary().p50Ms() - bestDirect.summary().p50Ms(),
                bestGateway.summary().p99Ms() - bestDirect.summary().p99Ms());
        return 0;
    }

    private static Result best(List<Result> results, String target) {
        return results.stream().filter(r -> r.target().equals(target))
                .max(java.util.Comparator.comparingDouble(Result::perSecond)).orElseThrow();
    }

    /** One measurement. */
    private record Result(String target, int round, Histogram micros, Duration duration) {
        double perSecond() {
            return micros.getTotalCount() / (double) duration.toSeconds();
        }

        LatencySummary summary() {
            return LatencySummary.of(micros);
        }

        String line() {
            return String.format("round %d  %-7s  %,8.0f req/s   %s", round, target, perSecond(), summary().format());
        }
    }

    /** Closed-loop clients for {@code duration}; the latencies of the answers that came back whole and 200. */
    private Histogram load(URI target, Duration duration) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Histogram all = LatencySummary.newHistogram();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Benchmark the gateway\"}],\"model\":\"" + MODEL
                + "\",\"max_tokens\":" + options.maxTokens() + (options.stream() ? ",\"stream\":true" : "") + "}";
        HttpRequest request = HttpRequest.newBuilder(target).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<Thread> clients = new ArrayList<>();
        List<Histogram> perClient = new ArrayList<>();
        for (int i = 0; i < options.concurrency(); i++) {
            Histogram mine = LatencySummary.newHistogram();
            perClient.add(mine);
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<InputStream> response = http.send(request,
                                HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = response.body()) {
                            in.transferTo(java.io.OutputStream.nullOutputStream());
                        }
                        if (response.statusCode() == 200) {
                            mine.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "gateway-client-" + i);
            clients.add(client);
            client.start();
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread client : clients) {
            client.join();
        }
        perClient.forEach(all::add);
        if (failures.get() > 0) {
            System.out.println("  " + failures.get() + " requests failed or were not 200 (not counted)");
        }
        return all;
    }

    private static void awaitRouted(URI gateway) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(gateway).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"model\":\"" + MODEL + "\",\"max_tokens\":1}")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not route the benchmark endpoint within 30 s");
            }
            Thread.sleep(200);
        }
    }

    /** The scheduler's routing table and traffic endpoint for one endpoint with one key and one ready replica. */
    private static HttpServer routesStandIn(String replicaUrl) throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(KEY.getBytes(StandardCharsets.UTF_8)));
        byte[] table = ("{\"generatedAt\":\"2026-12-07T09:00:00Z\",\"endpoints\":[{\"endpointId\":\"" + ENDPOINT
                + "\",\"tenantId\":\"tenant-bench\",\"name\":\"bench\",\"servedModel\":\"" + MODEL
                + "\",\"state\":\"READY\",\"rateLimitPerMinute\":100000000,\"keys\":[{\"keyId\":\"key-1\",\"sha256\":\""
                + sha256 + "\"}],\"replicas\":[{\"leaseId\":\"lease-1\",\"region\":\"cn-east-yrd\",\"url\":\""
                + replicaUrl + "\",\"ready\":true}]}]}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/internal/v1/endpoint-routes", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, table.length);
            exchange.getResponseBody().write(table);
            exchange.close();
        });
        server.createContext("/internal/v1/endpoint-traffic", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
