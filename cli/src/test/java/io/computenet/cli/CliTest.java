package io.computenet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.cli.auth.StoredSession;
import io.computenet.cli.auth.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands run in-process against a fake portal API and realm (tiny local HTTP servers): what they print for
 * people and for scripts, and the exit codes. The end-to-end suite runs them against the real stack.
 */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFERS = """
            [{"region":"cn-east-yrd","regionName":"East","tier":"EAST","operatorId":"op-demo","vendor":"NVIDIA",
              "model":"A100-SXM4-80GB","deviceMemoryGiB":80.0,"freeDevices":3,"totalDevices":8,"pricePerDeviceHour":7.5,
              "currency":"CNY"},
             {"region":"cn-west-gs","regionName":"West","tier":"WEST","operatorId":"op-demo","vendor":"HUAWEI_ASCEND",
              "model":"Ascend-910B","deviceMemoryGiB":64.0,"freeDevices":0,"totalDevices":8,"pricePerDeviceHour":null,
              "currency":null}]""";
    private static final String LEASE = """
            {"leaseId":"l-1","tenantId":"tenant-lab-alpha","state":"%s","memoryGiB":40,"deviceCount":1,
             "region":"cn-east-yrd","cluster":"wuhu-1","nodeId":"n-1","vendor":"NVIDIA","deviceModel":"A100-SXM4-80GB",
             "requestedAt":"2026-12-07T02:00:00Z","startedAt":null,"endsAt":null,"durationMinutes":60,
             "reason":%s,"interruptible":false,"pendingReasons":[],"slice":{"kind":"MIG","profile":"3g.40gb",
             "memoryGiB":40,"compute":3,"resource":"nvidia.com/mig-3g.40gb"},"share":0.4286}""";

    @TempDir
    Path home;
    private TestEnv env;
    private FakeServer api;
    private FakeRealm realm;

    @BeforeEach
    void start() {
        env = new TestEnv(home);
        api = new FakeServer();
        realm = new FakeRealm();
        env.variables.put("CNET_API_URL", api.url());
        env.variables.put("CNET_AUTH_URL", realm.realmUrl());
    }

    @AfterEach
    void stop() {
        api.close();
        realm.close();
    }

    private void signedIn() {
        new TokenStore(env.configDir()).write(new StoredSession(realm.realmUrl(), "computenet-cli", "researcher1",
                Tokens.jwt("researcher1", "tenant-lab-alpha", "researcher"),
                env.now.getEpochSecond() + 300, "refresh-1", env.now.getEpochSecond() + 1800));
    }

    private static String lease(String state, String reason) {
        return String.format(LEASE, state, reason == null ? "null" : "\"" + reason + "\"");
    }

    @Test
    void logsInWithADeviceCodeAndKeepsTheTokensForTheOwnerOnly() throws Exception {
        // given: the realm approves at the first poll
        realm.server.on("POST", FakeRealm.BASE + "/auth/device", FakeServer.Answer.json(200,
                "{\"device_code\":\"d\",\"user_code\":\"BCDF-GHJK\",\"verification_uri\":\"http://kc/device\","
                        + "\"verification_uri_complete\":\"http://kc/device?user_code=BCDF-GHJK\","
                        + "\"expires_in\":600,\"interval\":5}"));
        realm.server.on("POST", FakeRealm.BASE + "/token", FakeServer.Answer.json(200, Tokens.tokenResponse(
                Tokens.jwt("researcher1", "tenant-lab-alpha", "researcher"), "r", 300, 1800)));

        // when
        int code = env.run("login");

        // then
        assertThat(code).isZero();
        assertThat(env.err.toString()).contains("open http://kc/device").contains("BCDF-GHJK");
        assertThat(env.out.toString()).contains("Signed in as researcher1 (tenant tenant-lab-alpha)");
        Path tokens = env.configDir().resolve("tokens.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rw-------");

        // and whoami tells who it is, for scripts too
        env.clear();
        assertThat(env.run("whoami", "-o", "json")).isZero();
        JsonNode me = JSON.readTree(env.out.toString());
        assertThat(me.path("username").asText()).isEqualTo("researcher1");
        assertThat(me.path("tenant").asText()).isEqualTo("tenant-lab-alpha");
        assertThat(me.path("roles").toString()).isEqualTo("[\"researcher\"]");
    }

    @Test
    void printsOffersAsAnAlignedTableWithPricesAndAsTheApisJson() throws Exception {
        // given
        signedIn();
        api.on("GET", "/api/v1/offers", FakeServer.Answer.json(200, OFFERS));

        // when
        int table = env.run("offers");
        String text = env.out.toString();
        env.clear();
        int json = env.run("offers", "--output", "json");

        // then
        assertThat(table).isZero();
        assertThat(text.lines().toList()).containsExactly(
                "REGION       TIER  OPERATOR  VENDOR         MODEL           MEMORY  FREE/TOTAL     PRICE/DEVICE-H",
                "cn-east-yrd  EAST  op-demo   NVIDIA         A100-SXM4-80GB  80 GiB         3/8  7.50 CNY/device-h",
                "cn-west-gs   WEST  op-demo   HUAWEI_ASCEND  Ascend-910B     64 GiB         0/8           no price");
        assertThat(json).isZero();
        assertThat(JSON.readTree(env.out.toString())).isEqualTo(JSON.readTree(OFFERS));
        assertThat(api.received("GET", "/api/v1/offers").get(0).header("Authorization"))
                .startsWith("Bearer ey");
    }

    @Test
    void followsTheLocaleForHeadersAndUnits() {
        // given
        signedIn();
        api.on("GET", "/api/v1/offers", FakeServer.Answer.json(200, OFFERS));
        env.locale = Locale.SIMPLIFIED_CHINESE;

        // when
        int code = env.run("offers", "--available");

        // then
        assertThat(code).isZero();
        assertThat(env.out.toString().lines().toList()).containsExactly(
                "区域         层级  运营方   厂商    型号              显存  空闲/总数      单价/设备·小时",
                "cn-east-yrd  EAST  op-demo  NVIDIA  A100-SXM4-80GB  80 GiB        3/8  7.50 CNY/设备·小时");
    }

    @Test
    void aMissingLeaseExitsWithNotFoundAndTheApisDetailNeverATrace() throws Exception {
        // given
        signedIn();
        String problem = "{\"type\":\"https://computenet.io/problems/lease-not-found\",\"title\":\"Lease not found\","
                + "\"status\":404,\"detail\":\"no lease nope for tenant tenant-lab-alpha\"}";
        api.on("GET", "/api/v1/leases/nope", FakeServer.Answer.problem(404, problem));

        // when
        int code = env.run("lease", "show", "nope");
        String text = env.err.toString();
        env.clear();
        int json = env.run("lease", "show", "nope", "-o", "json");

        // then
        assertThat(code).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(text).isEqualTo("error: Lease not found: no lease nope for tenant tenant-lab-alpha\n");
        assertThat(json).isEqualTo(ExitCodes.NOT_FOUND);
        JsonNode printed = JSON.readTree(env.err.toString());
        assertThat(printed.path("type").asText()).endsWith("/lease-not-found");
        assertThat(printed.path("exitCode").asInt()).isEqualTo(5);
        assertThat(env.out.toString()).isEmpty();
    }

    @Test
    void aRefusedLeaseExitsWithRefusedAndListsTheReasons() {
        // given
        signedIn();
        api.on("POST", "/api/v1/leases", FakeServer.Answer.problem(409, "{\"type\":\"https://computenet.io/problems/"
                + "insufficient-capacity\",\"title\":\"Insufficient capacity\",\"status\":409,\"detail\":\"no region can "
                + "ever hold 1 device(s) with 500 GiB\",\"reasons\":[\"cn-east-yrd: largest device has 80 GiB\","
                + "\"cn-west-gs: largest device has 64 GiB\"]}"));

        // when
        int code = env.run("lease", "create", "--memory", "500", "--max-wait", "0");

        // then
        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(env.err.toString()).isEqualTo("""
                error: Insufficient capacity: no region can ever hold 1 device(s) with 500 GiB
                  - cn-east-yrd: largest device has 80 GiB
                  - cn-west-gs: largest device has 64 GiB
                """);
        assertThat(api.received("POST", "/api/v1/leases").get(0).body()).isEqualTo(
                "{\"memoryGiB\":500,\"deviceCount\":1,\"durationMinutes\":60,\"maxWaitMinutes\":0}");
    }

    @Test
    void anInvalidRequestExitsWithBadUsageNamingTheField() {
        // given
        signedIn();
        api.on("POST", "/api/v1/quotes", FakeServer.Answer.problem(400, "{\"type\":\"https://computenet.io/problems/"
                + "invalid-request\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"invalid field(s): "
                + "deviceCount\",\"errors\":[{\"field\":\"deviceCount\",\"message\":\"must be greater than or equal "
                + "to 1\"}]}"));

        // when
        int code = env.run("quote", "--memory", "40", "--devices", "0");

        // then
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(env.err.toString()).isEqualTo("""
                error: Invalid request: invalid field(s): deviceCount
                  deviceCount: must be greater than or equal to 1
                """);
    }

    @Test
    void withoutASessionItSaysToSignInAndExitsNotSignedIn() {
        int code = env.run("lease", "ls");

        assertThat(code).isEqualTo(ExitCodes.NOT_SIGNED_IN);
        assertThat(env.err.toString()).isEqualTo("error: not signed in: run cnet login\n");
        assertThat(api.received).isEmpty();
    }

    @Test
    void anUnreachableApiExitsUnavailable() {
        signedIn();
        api.close();

        int code = env.run("lease", "ls");

        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(env.err.toString()).startsWith("error: cannot reach the portal API at " + api.url());
    }

    @Test
    void aRejectedAccessTokenIsRefreshedOnceAndTheCallRepeated() {
        // given: the API no longer takes the stored token (ended elsewhere), the realm refreshes it
        signedIn();
        realm.refreshGives("access-2", "refresh-2");
        api.on("GET", "/api/v1/leases", r -> "Bearer access-2".equals(r.header("Authorization"))
                ? FakeServer.Answer.json(200, "[" + lease("RUNNING", null) + "]")
                : FakeServer.Answer.problem(401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"expired\"}"));

        // when
        int code = env.run("lease", "ls");

        // then
        assertThat(code).isZero();
        assertThat(env.out.toString()).contains("l-1").contains("RUNNING").contains("MIG 3g.40gb x0.4286");
        assertThat(api.received("GET", "/api/v1/leases")).hasSize(2);
    }

    @Test
    void renewsALeaseByMinutesAndListsItsUsageSamples() throws Exception {
        // given
        signedIn();
        api.on("POST", "/api/v1/leases/l-1/renew", FakeServer.Answer.json(200, lease("RUNNING", null)));
        api.on("GET", "/api/v1/leases/l-1/usage", FakeServer.Answer.json(200, """
                [{"sampledAt":"2026-12-07T02:05:00Z","nodeId":"n-1","deviceKey":"GPU-a","utilizationPct":87.25,
                  "memoryUsedMiB":30720}]"""));

        // when
        int renewed = env.run("lease", "renew", "l-1", "--minutes", "30");
        String renewedText = env.out.toString();
        env.clear();
        int usage = env.run("lease", "usage", "l-1");
        String usageText = env.out.toString();
        env.clear();
        int json = env.run("lease", "usage", "l-1", "-o", "json");

        // then: the renewal asks for the minutes and shows the lease; the samples are a table with units, or the JSON
        assertThat(renewed).isZero();
        assertThat(JSON.readTree(api.received("POST", "/api/v1/leases/l-1/renew").get(0).body()).path("minutes")
                .asInt()).isEqualTo(30);
        assertThat(renewedText).contains("l-1").contains("RUNNING");
        assertThat(usage).isZero();
        assertThat(usageText).contains("n-1").contains("GPU-a").contains("87.3 %").contains("30720 MiB");
        assertThat(json).isZero();
        assertThat(JSON.readTree(env.out.toString()).get(0).path("utilizationPct").asDouble()).isEqualTo(87.25);
    }

    @Test
    void waitsForTheStateAskedForPollingAtTheInterval() throws Exception {
        // given
        signedIn();
        Deque<String> states = new ArrayDeque<>(List.of("QUEUED", "STARTING", "RUNNING"));
        api.on("GET", "/api/v1/leases/l-1", r -> FakeServer.Answer.json(200,
                lease(states.size() > 1 ? states.poll() : states.peek(), null)));

        // when
        int code = env.run("lease", "wait", "l-1", "--state", "running", "--interval", "3s", "-o", "json");

        // then
        assertThat(code).isZero();
        assertThat(JSON.readTree(env.out.toString()).path("state").asText()).isEqualTo("RUNNING");
        assertThat(env.waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void aWaitThatTimesOutOrEndsInAnotherStateExitsWaitUnmet() {
        // given
        signedIn();
        api.on("GET", "/api/v1/leases/l-1", FakeServer.Answer.json(200, lease("QUEUED", null)));
        api.on("GET", "/api/v1/leases/l-2", FakeServer.Answer.json(200, lease("FAILED", "node n-1 revoked")));

        // when
        int timedOut = env.run("lease", "wait", "l-1", "--timeout", "10s");
        String timedOutText = env.err.toString();
        env.clear();
        int ended = env.run("lease", "wait", "l-2");

        // then
        assertThat(timedOut).isEqualTo(ExitCodes.WAIT_UNMET);
        assertThat(timedOutText).contains("lease l-1 did not reach RUNNING within 10s (it is QUEUED)");
        assertThat(env.waits).hasSize(4);
        assertThat(ended).isEqualTo(ExitCodes.WAIT_UNMET);
        assertThat(env.err.toString()).contains("lease l-2 ended as FAILED, not RUNNING (node n-1 revoked)");
    }

    @Test
    void booksAQuoteByItsNumberOrItsId() throws Exception {
        // given: a quote with two options, each with its id and validity
        signedIn();
        api.on("POST", "/api/v1/quotes", FakeServer.Answer.json(200, """
                {"quotes":[{"quoteId":"qt-east","validUntil":"2026-12-07T10:15:00Z","region":"cn-east-yrd",
                  "tier":"EAST","preferredTier":true,"operatorId":"op-demo",
                  "vendor":"NVIDIA","model":"A100-SXM4-80GB","deviceMemoryGiB":80.0,"pricePerDeviceHour":7.5,
                  "pricePerHour":7.5,"estimatedCost":15.0,"currency":"CNY","sliceKind":null,"sliceProfile":null,
                  "share":1},
                 {"quoteId":"qt-west","validUntil":"2026-12-07T10:15:00Z","region":"cn-west-gs","tier":"WEST",
                  "preferredTier":false,"operatorId":"op-demo",
                  "vendor":"HUAWEI_ASCEND","model":"Ascend-910B","deviceMemoryGiB":64.0,"pricePerDeviceHour":6.0,
                  "pricePerHour":6.0,"estimatedCost":12.0,"currency":"CNY","sliceKind":null,"sliceProfile":null,
                  "share":1}],"reasons":["price: 1 option(s) have no price in CNY yet"]}"""));
        api.on("POST", "/api/v1/leases", FakeServer.Answer.json(201, lease("SCHEDULED", null)));
        assertThat(env.run("quote", "--memory", "40", "--minutes", "120")).isZero();
        assertThat(env.out.toString()).contains("1  qt-east").contains("cn-east-yrd *").contains("15.00 CNY")
                .contains("Prices held until 2026-12-07T10:15:00Z")
                .contains("- price: 1 option(s) have no price in CNY yet");
        env.clear();

        // when: quote 2 by its number, then quote 1 by its id, as JSON
        int byNumber = env.run("lease", "create", "--quote", "2", "--image", "pytorch:2.4", "--", "python",
                "train.py");
        int byId = env.run("--output", "json", "lease", "create", "--quote", "qt-east");

        // then: each request names only the quote (and what the lease runs)
        assertThat(byNumber).isZero();
        assertThat(byId).isZero();
        assertThat(api.received("POST", "/api/v1/leases")).extracting(FakeServer.Request::body).containsExactly(
                "{\"quoteId\":\"qt-west\",\"image\":\"pytorch:2.4\",\"command\":[\"python\",\"train.py\"]}",
                "{\"quoteId\":\"qt-east\"}");
        assertThat(JSON.readTree(env.out.toString().substring(env.out.toString().indexOf("{"))).path("leaseId")
                .asText()).isEqualTo("l-1");
    }

    @Test
    void anExpiredQuoteIsNotFoundAndAnUnavailableOneRefused() {
        // given
        signedIn();
        api.on("POST", "/api/v1/leases", FakeServer.Answer.problem(410, "{\"type\":\"https://computenet.io/problems/"
                + "quote-expired\",\"title\":\"Quote expired\",\"status\":410,\"detail\":\"quote qt-old was valid "
                + "until 2026-12-07T09:00:00Z; ask for new quotes\",\"reasons\":"
                + "[\"validUntil: 2026-12-07T09:00:00Z\"]}"));

        // when
        int code = env.run("lease", "create", "--quote", "qt-old");

        // then
        assertThat(code).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(env.err.toString()).contains("was valid until 2026-12-07T09:00:00Z");
    }

    @Test
    void createsAGangLeaseAcrossNodesAndShowsEachNode() throws Exception {
        // given
        signedIn();
        String gang = """
                {"leaseId":"l-g","tenantId":"tenant-lab-alpha","state":"SCHEDULED","memoryGiB":32,"deviceCount":16,
                 "nodes":2,"devicesPerNode":8,"topology":"rack-1","region":"cn-east-yrd","cluster":"wuhu-1",
                 "nodeId":"n-1","vendor":"HUAWEI_ASCEND","deviceModel":"Ascend910B3","durationMinutes":60,
                 "interruptible":false,"pendingReasons":[],"members":[
                 {"rank":0,"memberId":"l-g-r0","nodeId":"n-1","deviceKeys":["a","b","c","d","e","f","g","h"],
                  "topology":"rack-1","podName":"lease-l-g-0"},
                 {"rank":1,"memberId":"l-g-r1","nodeId":"n-2","deviceKeys":["a","b","c","d","e","f","g","h"],
                  "topology":"rack-1","podName":"lease-l-g-1"}]}""";
        api.on("POST", "/api/v1/leases", FakeServer.Answer.json(201, gang));

        // when
        int code = env.run("lease", "create", "--memory", "32", "--nodes", "2", "--devices-per-node", "8",
                "--workload", "training");

        // then: the request counts nodes x devices per node, and the view lists the nodes by rank
        assertThat(code).isZero();
        JsonNode sent = JSON.readTree(api.received("POST", "/api/v1/leases").get(0).body());
        assertThat(sent.path("nodes").asInt()).isEqualTo(2);
        assertThat(sent.path("devicesPerNode").asInt()).isEqualTo(8);
        assertThat(sent.has("deviceCount")).isFalse();
        assertThat(env.out.toString()).contains("2 nodes x 8 x 32 GiB")
                .contains("0: n-1 [rack-1] (8); 1: n-2 [rack-1] (8)");
    }

    @Test
    void aQuoteNumberBesideRequestOptionsIsBadUsage() {
        signedIn();

        assertThat(env.run("lease", "create", "--quote", "1", "--memory", "40")).isEqualTo(ExitCodes.USAGE);
        assertThat(env.run("lease", "create", "--quote", "1")).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(env.run("lease", "create", "--nonsense")).isEqualTo(ExitCodes.USAGE);
        assertThat(api.received).isEmpty();
    }

    @Test
    void showsTheBalanceWithVouchersAndNoticesAndTheApisJson() throws Exception {
        // given
        signedIn();
        String balance = """
                {"tenantId":"tenant-lab-alpha","currency":"CNY","balance":412.5,"period":"2026-12",
                 "spendThisMonth":87.5,"vouchers":[{"id":"vch-1","amount":100,"remaining":62.25,"currency":"CNY",
                 "expiresAt":"2027-01-06T00:00:00Z","region":"cn-east-yrd","vendor":null,"reason":"student contest",
                 "issuedBy":"finance1","issuedAt":"2026-12-01T00:00:00Z","usable":true}],"balances":[],
                 "notices":[{"at":"2026-12-07T01:00:00Z","currency":"CNY","threshold":500,"available":474.75,
                 "balance":412.5,"message":"funds at or below 500 CNY"}]}""";
        api.on("GET", "/api/v1/balance", FakeServer.Answer.json(200, balance));

        // when
        int code = env.run("balance");
        String text = env.out.toString();
        env.clear();
        int json = env.run("balance", "--output", "json");

        // then
        assertThat(code).isZero();
        assertThat(text).contains("412.50 CNY").contains("87.50 CNY").contains("vch-1").contains("62.25 CNY")
                .contains("cn-east-yrd").contains("any").contains("student contest")
                .contains("funds at or below 500 CNY");
        assertThat(json).isZero();
        assertThat(JSON.readTree(env.out.toString())).isEqualTo(JSON.readTree(balance));
    }

    @Test
    void listsInvoicesAndShowsOneWithItsCreditAndTaxLines() {
        // given
        signedIn();
        api.on("GET", "/api/v1/invoices", FakeServer.Answer.json(200, """
                [{"number":"CN-2026-000007","tenantId":"tenant-lab-alpha","period":"2026-11","currency":"CNY",
                  "issuedAt":"2026-12-01T02:00:00Z","subtotal":22.0,"credits":-10.0,"tax":0.72,"total":12.72}]"""));
        api.on("GET", "/api/v1/invoices/CN-2026-000007", FakeServer.Answer.json(200, """
                {"number":"CN-2026-000007","tenantId":"tenant-lab-alpha","period":"2026-11","currency":"CNY",
                 "issuedAt":"2026-12-01T02:00:00Z","lines":[
                  {"lineNo":1,"kind":"USAGE","leaseId":"l-1","usagePeriod":"2026-11","operatorId":"op-demo",
                   "region":"cn-east-yrd","deviceModel":"H100 80GB HBM3","slice":null,"deviceCount":1,
                   "seconds":3600,"unitPrice":22.0,"reference":null,"description":null,"amount":22.0},
                  {"lineNo":2,"kind":"CREDIT","leaseId":null,"seconds":0,"reference":"vch-1",
                   "description":"Voucher vch-1 (student contest)","amount":-10.0},
                  {"lineNo":3,"kind":"TAX","leaseId":null,"seconds":0,"description":"VAT 6 %","amount":0.72}],
                 "subtotal":22.0,"credits":-10.0,"taxBase":12.0,"taxLabel":"VAT","taxRatePercent":6,"tax":0.72,
                 "total":12.72}"""));

        // when
        int list = env.run("invoices");
        String listed = env.out.toString();
        env.clear();
        int one = env.run("invoices", "CN-2026-000007");

        // then
        assertThat(list).isZero();
        assertThat(listed.lines().toList()).hasSize(2);
        assertThat(listed).contains("CN-2026-000007").contains("2026-11").contains("-10.00 CNY")
                .contains("12.72 CNY");
        assertThat(one).isZero();
        assertThat(env.out.toString()).contains("VAT 6 %: 0.72 CNY").contains("l-1 H100 80GB HBM3 (cn-east-yrd)")
                .contains("Voucher vch-1 (student contest)").contains("3600").contains("12.72 CNY");
    }

    @Test
    void logoutEndsTheSessionAtTheRealmAndDeletesTheTokens() {
        // given
        signedIn();
        realm.server.on("POST", FakeRealm.BASE + "/logout", new FakeServer.Answer(204, "text/plain", ""));

        // when
        int code = env.run("logout");

        // then
        assertThat(code).isZero();
        assertThat(realm.server.received("POST", FakeRealm.BASE + "/logout").get(0).form("refresh_token"))
                .isEqualTo("refresh-1");
        assertThat(env.configDir().resolve("tokens.json")).doesNotExist();
        assertThat(env.run("whoami")).isEqualTo(ExitCodes.NOT_SIGNED_IN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void everyCommandHasHelpWithADescriptionInEachLanguage(String language) {
        // given
        env.locale = Locale.forLanguageTag(language);
        Messages messages = new Messages(env.locale);
        CommandLine root = Cli.commandLine(env.environment(), messages);
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);

        for (CommandLine command : all) {
            // when
            env.clear();
            List<String> args = new ArrayList<>(List.of(command.getCommandSpec().qualifiedName().split(" ")));
            args.remove(0);
            args.add("--help");
            int code = env.run(args.toArray(String[]::new));

            // then
            String key = command.getCommandSpec().qualifiedName(".") + ".usage.description";
            assertThat(code).as(key).isZero();
            assertThat(messages.bundle().containsKey(key)).as(key).isTrue();
            assertThat(env.out.toString()).as(key).contains(messages.get(key).substring(0, 6));
            command.getCommandSpec().options().forEach(o -> assertThat(o.description()).as(key + " " + o.longestName())
                    .isNotEmpty());
            command.getCommandSpec().positionalParameters().forEach(p -> assertThat(p.description())
                    .as(key + " " + p.paramLabel()).isNotEmpty());
        }
        assertThat(all).hasSizeGreaterThan(12);
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(c -> collect(c, into));
    }

    @Test
    void generatesAShellCompletionScript() {
        int code = env.run("generate-completion");

        assertThat(code).isZero();
        assertThat(env.out.toString()).contains("complete -F _complete_cnet").contains("lease").contains("--memory");
    }
}
