package io.computenet.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.api.Quote;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.Tokens;
import io.computenet.portal.upstream.BillingAccountsClient;
import io.computenet.portal.upstream.BillingClient;
import io.computenet.portal.upstream.SchedulerClient;
import io.computenet.portal.upstream.UpstreamProblemException;
import io.computenet.problem.Problem;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The figures the pages gained, over stand-ins for the scheduler's and billing's clients (the real services are the
 * end-to-end suite's): the frameworks of an offer, a lease's pending reasons as codes after the portal's hop, the
 * caller's tenant's spend per day, nodes with their utilisation (and without it when billing is away), every
 * operator's payouts for finance, the dead letters for admins.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
class PageFiguresResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** What each stand-in answers, by method name; the arguments it was called with. */
    private final Map<String, Function<Object[], Object>> answers = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private <T> T standIn(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == args[0] : type.getSimpleName();
            }
            synchronized (calls) {
                calls.add(method.getName() + (args == null ? List.of() : List.of(args)));
            }
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                throw new IllegalStateException("no answer for " + method.getName());
            }
            return answer.apply(args);
        });
    }

    @BeforeEach
    void installStandIns() {
        QuarkusMock.installMockForType(standIn(SchedulerClient.class), SchedulerClient.class, RestClient.LITERAL);
        QuarkusMock.installMockForType(standIn(BillingClient.class), BillingClient.class, RestClient.LITERAL);
        QuarkusMock.installMockForType(standIn(BillingAccountsClient.class), BillingAccountsClient.class,
                RestClient.LITERAL);
    }

    private static String token(String user) {
        return Tokens.password(KeycloakResource.realmUrl(), user, user);
    }

    @Test
    void offersSayWhichFrameworksEachModelRuns() {
        // given
        answers.put("capacity", a -> List.of(new SchedulerClient.CapacityLine("cn-east-yrd", "Yangtze", "EAST", "op-demo",
                "HUAWEI_ASCEND", "Ascend910B3", 65536, 8, 3, 1, List.of("CANN", "PyTorch", "MindSpore"))));
        answers.put("prices", a -> List.of());

        // when / then
        given().auth().oauth2(token("researcher1")).get("/api/v1/offers").then().statusCode(200)
                .body("[0].frameworks", contains("CANN", "PyTorch", "MindSpore"));
    }

    @Test
    void aQueuedLeaseKeepsItsReasonCodesThroughThePortal() {
        // given
        LeaseView queued = new LeaseView("ls-q", "tenant-lab-alpha", null, BigDecimal.TEN, 1, null, null, null, null,
                null, null, List.of(), null, Instant.parse("2026-11-10T10:00:00Z"), null, null, null, 60, null, 0,
                false, null, List.of("no nodes in region cn-west-gz",
                "position 2 in the queue (priority 0); waits until 2026-11-10T11:00:00Z"), null, null, null, null,
                null, null, null, null, null, null, null, null, null, 1, 1, null, List.of(), null);
        answers.put("leases", a -> List.of(queued));

        // when / then
        given().auth().oauth2(token("researcher1")).get("/api/v1/leases").then().statusCode(200)
                .body("[0].pendingReasonCodes.code", contains("no_nodes_in_region", "queue_position"))
                .body("[0].pendingReasonCodes[1].args", contains("2", "0", "2026-11-10T11:00:00Z"))
                .body("[0].pendingReasonCodes[0].text", equalTo("no nodes in region cn-west-gz"));
    }

    @Test
    void aQuoteListsReasonsComeAsCodesToo() {
        // given
        answers.put("quotes", a -> new Quote.QuoteList(List.of(), List.of(
                "price: 2 option(s) have no price in CNY yet", "something the catalogue does not know")));

        // when / then: each reason as a code with its arguments; one without a template keeps its sentence
        given().auth().oauth2(token("researcher1")).contentType("application/json")
                .body("{\"memoryGiB\": 16, \"deviceCount\": 1, \"durationMinutes\": 60}").post("/api/v1/quotes")
                .then().statusCode(200)
                .body("reasonCodes.code", contains("quotes_unpriced", "other"))
                .body("reasonCodes[0].args", contains("2", "CNY"))
                .body("reasonCodes[1].text", equalTo("something the catalogue does not know"));
    }

    @Test
    void aRefusalsReasonsArePassedOnWithTheirCodes() {
        // given: the scheduler refuses for a quota over all regions
        answers.put("createLease", a -> {
            throw new UpstreamProblemException(new Problem(Problem.TYPE_BASE + "tenant-limit", "Tenant limit", 409,
                    "tenant budget or quota exceeded", List.of(), List.of("tenant quota for all regions would be"
                    + " exceeded: 4 device(s) held of 4; this lease needs 1")));
        });

        // when / then: the problem as it came, its reasons also as codes
        given().auth().oauth2(token("researcher1")).contentType("application/json")
                .body("{\"memoryGiB\": 8, \"deviceCount\": 1, \"durationMinutes\": 5}").post("/api/v1/leases")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(Problem.TYPE_BASE + "tenant-limit"))
                .body("reasons", hasSize(1))
                .body("reasonCodes[0].code", equalTo("quota_exceeded_all_regions"))
                .body("reasonCodes[0].args", contains("4", "4", "1"));
    }

    @Test
    void spendPerDayIsTheCallersTenants() {
        // given
        answers.put("dailySpend", a -> new BillingAccountsClient.DailySpend((String) a[0], (String) a[1],
                List.of(new BillingAccountsClient.DailySpend.Day(LocalDate.parse("2026-11-01"), "CNY", 3600,
                        new BigDecimal("22.00")))));

        // when / then
        given().auth().oauth2(token("researcher1")).queryParam("period", "2026-11").get("/api/v1/usage/daily")
                .then().statusCode(200).body("tenantId", equalTo("tenant-lab-alpha"))
                .body("days[0].date", equalTo("2026-11-01")).body("days[0].amount", equalTo(22.0f));
        assertThat(calls).contains("dailySpend[tenant-lab-alpha, 2026-11]");
    }

    @Test
    void nodesCarryTheirUtilisationOverEveryEnrolledDeviceAndStayReadableWithoutBilling() throws Exception {
        // given: two nodes, one with a leased device that reported samples, one idle
        JsonNode a = JSON.readTree("{\"nodeId\":\"sim-a\",\"region\":\"cn-east-yrd\",\"enrolledDevices\":4}");
        JsonNode b = JSON.readTree("{\"nodeId\":\"sim-b\",\"region\":\"cn-east-yrd\",\"enrolledDevices\":2}");
        answers.put("nodes", x -> List.of(a.deepCopy(), b.deepCopy()));
        answers.put("nodeUtilisation", x -> List.of(
                new BillingAccountsClient.NodeUtilisation("sim-a", 4, 1, 15.9, 4096,
                        Instant.parse("2026-11-10T10:00:00Z"), Instant.parse("2026-11-10T09:45:00Z")),
                new BillingAccountsClient.NodeUtilisation("sim-b", 2, 0, 0.0, 0, null,
                        Instant.parse("2026-11-10T09:45:00Z"))));

        // when / then: billing is asked with each node's enrolled device count, and each node shows its figure
        given().auth().oauth2(token("operator1")).get("/api/v1/operator/nodes").then().statusCode(200)
                .body("find { it.nodeId == 'sim-a' }.utilisation.utilizationPct", equalTo(15.9f))
                .body("find { it.nodeId == 'sim-a' }.utilisation.devices", equalTo(4))
                .body("find { it.nodeId == 'sim-a' }.utilisation.devicesInUse", equalTo(1))
                .body("find { it.nodeId == 'sim-b' }.utilisation.utilizationPct", equalTo(0.0f))
                .body("find { it.nodeId == 'sim-b' }.utilisation.devicesInUse", equalTo(0));
        assertThat(calls).contains("nodeUtilisation[[sim-a, sim-b], [4, 2]]");

        // and: billing away, the nodes are still listed
        answers.put("nodeUtilisation", x -> {
            throw new ProcessingException("connection refused");
        });
        given().auth().oauth2(token("operator1")).get("/api/v1/operator/nodes").then().statusCode(200)
                .body("$", hasSize(2)).body("[0].utilisation", nullValue());
    }

    @Test
    void financeReadsEveryOperatorsPayoutsAndAnOperatorOnlyItsOwn() throws Exception {
        // given
        answers.put("allPayouts", a -> List.of(node("{\"operatorId\":\"op-demo\",\"period\":\"" + a[0] + "\"}"),
                node("{\"operatorId\":\"op-other\",\"period\":\"" + a[0] + "\"}")));

        // when / then
        given().auth().oauth2(token("finance1")).queryParam("period", "2026-10").get("/api/v1/billing/payouts")
                .then().statusCode(200).body("operatorId", contains("op-demo", "op-other"));
        given().auth().oauth2(token("operator1")).queryParam("period", "2026-10").get("/api/v1/billing/payouts")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void adminsReadTheDeadLettersWithinTheirLimit() {
        // given
        answers.put("deadLetters", a -> List.of(new BillingAccountsClient.DeadLetter(0, 5,
                Instant.parse("2026-11-10T10:00:00Z"), "billing", "computenet.lease-events.v1", 1, 41L,
                "schemaVersion: only 1 is supported but was 99", "java.lang.IllegalArgumentException", "poison",
                "{}")));

        // when / then
        given().auth().oauth2(token("admin1")).get("/api/v1/admin/dead-letters").then().statusCode(200)
                .body("[0].reason", equalTo("schemaVersion: only 1 is supported but was 99"))
                .body("[0].originOffset", equalTo(41)).body("[0].service", equalTo("billing"));
        assertThat(calls).contains("deadLetters[100]");
        given().auth().oauth2(token("admin1")).queryParam("limit", 0).get("/api/v1/admin/dead-letters").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token("finance1")).get("/api/v1/admin/dead-letters").then().statusCode(403);
    }

    private static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
