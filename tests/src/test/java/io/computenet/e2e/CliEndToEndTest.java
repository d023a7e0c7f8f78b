package io.computenet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.cli.Cli;
import io.computenet.cli.CliEnvironment;
import io.computenet.devstack.DevStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command-line client {@code cnet} against the whole system: a researcher signs in with the device grant of the
 * real Keycloak (approved over plain HTTP as a browser would), then quotes, books, follows and releases a lease
 * with the client run in-process; and the packaged jar, run as a process, answers with its documented exit codes
 * and JSON.
 */
@ExtendWith(StackExtension.class)
class CliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMPLETE_URI = Pattern.compile("open (http\\S+user_code=\\S+) directly");
    private static Path home;

    /** One in-process run: its exit code and what it printed. */
    record Run(int code, String out, String err) {

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + " (stderr: " + err + ")", e);
            }
        }
    }

    private static Map<String, String> variables() {
        DevStack stack = StackExtension.stack();
        return Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(), "CNET_API_URL", stack.portalUrl(),
                "CNET_AUTH_URL", stack.options().realmUrl());
    }

    private static Run cnet(String... args) {
        return cnet(new StringWriter(), new StringWriter(), args);
    }

    private static Run cnet(StringWriter out, StringWriter err, String... args) {
        CliEnvironment env = new CliEnvironment(variables(), home, Locale.ENGLISH, ZoneOffset.UTC, Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()), new PrintWriter(out, true), new PrintWriter(err, true));
        int code = Cli.run(env, args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void signInWithTheDeviceGrant() throws Exception {
        home = Files.createTempDirectory("cnet-e2e");
        // given: cnet login waits for the approval in the background
        StringWriter err = new StringWriter();
        CompletableFuture<Run> login = CompletableFuture.supplyAsync(() -> cnet(new StringWriter(), err, "login",
                "-o", "json"));

        // when: the researcher opens the address it prints and approves in "a browser"
        String uri = await().atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher m = COMPLETE_URI.matcher(err.toString());
            return m.find() ? m.group(1) : null;
        }, u -> u != null);
        assertThat(err.toString()).containsPattern("enter the code:\\s+[A-Z]{4}-[A-Z]{4}");
        String page = DeviceApproval.approve(uri, "researcher1", "researcher1");

        // then: the client gets its tokens and keeps them for its user only
        assertThat(page).contains("Device Login Successful");
        Run done = login.get(60, TimeUnit.SECONDS);
        assertThat(done.code()).as(done.err()).isZero();
        assertThat(done.json().path("username").asText()).isEqualTo("researcher1");
        assertThat(done.json().path("tenant").asText()).isEqualTo("tenant-lab-alpha");
        Path tokens = home.resolve("config/computenet/tokens.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rw-------");
    }

    @Test
    void quotesBooksFollowsAndReleasesALeaseFromTheCommandLine() {
        // given: the fleet's inventory has reached the scheduler and east offers are priced
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Run offers = cnet("offers", "--region", "cn-east-yrd", "--available", "-o", "json");
            return offers.code() == 0 && offers.json().size() > 0;
        });
        Run whoami = cnet("whoami", "-o", "json");
        assertThat(whoami.json().path("roles").toString()).contains("researcher");

        // when: a quote for 40 GB for an hour, booked by its number
        Run quote = await().atMost(Duration.ofSeconds(60)).until(() -> cnet("quote", "--memory", "40",
                "--minutes", "60", "--workload", "inference", "-o", "json"),
                q -> q.code() == 0 && q.json().path("quotes").size() > 0);
        JsonNode first = quote.json().path("quotes").get(0);
        Run created = cnet("lease", "create", "--quote", "1", "--image", "vllm/vllm-openai:v0.6.3", "-o", "json");

        // then: the quote is booked by its id: the lease lands where the quote said, at its price
        assertThat(created.code()).as(created.err()).isZero();
        JsonNode lease = created.json();
        String id = lease.path("leaseId").asText();
        assertThat(lease.path("quoteId").asText()).isEqualTo(first.path("quoteId").asText());
        assertThat(lease.path("region").asText()).isEqualTo(first.path("region").asText());
        assertThat(lease.path("deviceModel").asText()).isEqualTo(first.path("model").asText());
        assertThat(lease.path("pricePerHour").decimalValue())
                .isEqualByComparingTo(first.path("pricePerHour").decimalValue());

        // when: waiting for it to run
        Run running = cnet("lease", "wait", id, "--state", "RUNNING", "--timeout", "90s", "--interval", "1s",
                "-o", "json");

        // then
        assertThat(running.code()).as(running.err()).isZero();
        assertThat(running.json().path("state").asText()).isEqualTo("RUNNING");
        Run shown = cnet("lease", "show", id, "-o", "json");
        assertThat(shown.json().path("startedAt").isNull()).isFalse();
        assertThat(shown.json().path("podName").asText()).isNotEmpty();
        Run listed = cnet("lease", "ls", "--state", "RUNNING", "-o", "json");
        List<String> ids = new ArrayList<>();
        listed.json().forEach(l -> ids.add(l.path("leaseId").asText()));
        assertThat(ids).contains(id);
        Run table = cnet("lease", "show", id);
        assertThat(table.out()).contains("State:").contains("RUNNING").contains(id);

        // when: released
        Run released = cnet("lease", "release", id, "-o", "json");

        // then
        assertThat(released.code()).isZero();
        assertThat(released.json().path("state").asText()).isEqualTo("RELEASED");
        assertThat(released.json().path("endedAt").isNull()).isFalse();
        assertThat(cnet("lease", "wait", id, "--state", "RUNNING", "--timeout", "5s").code()).isEqualTo(7);
    }

    @Test
    void thePackagedClientAnswersWithItsExitCodesAndJsonAsAProcess() throws Exception {
        // given: an empty config directory, and the signed-in one
        Path nobody = Files.createTempDirectory("cnet-nobody");

        // when / then: not signed in
        Process notSignedIn = process(nobody, "lease", "ls");
        assertThat(notSignedIn.exitValue()).isEqualTo(3);
        assertThat(stderr(notSignedIn)).contains("not signed in: run cnet login").doesNotContain("Exception");

        // when / then: a lease that does not exist, with the API's problem as JSON on stderr
        Process missing = process(home.resolve("config"), "lease", "show", "no-such-lease", "-o", "json");
        assertThat(missing.exitValue()).isEqualTo(5);
        JsonNode problem = JSON.readTree(stderr(missing));
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("exitCode").asInt()).isEqualTo(5);

        // when / then: JSON for scripts
        Process offers = process(home.resolve("config"), "offers", "-o", "json");
        assertThat(offers.exitValue()).as(stderr(offers)).isZero();
        JsonNode list = JSON.readTree(new String(offers.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0).has("pricePerDeviceHour")).isTrue();

        // and bad usage
        assertThat(process(nobody, "lease", "create", "--no-such-option").exitValue()).isEqualTo(2);
    }

    /** Runs the packaged jar, as the launcher does, with {@code XDG_CONFIG_HOME} set; waits for it to end. */
    private static Process process(Path configHome, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("computenet.home", "..")).toAbsolutePath().normalize()
                .resolve("cli/target/cnet.jar");
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("XDG_CONFIG_HOME", configHome.toString());
        pb.environment().put("CNET_API_URL", StackExtension.stack().portalUrl());
        pb.environment().put("CNET_AUTH_URL", StackExtension.stack().options().realmUrl());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    private static String stderr(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
