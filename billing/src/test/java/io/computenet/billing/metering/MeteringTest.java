package io.computenet.billing.metering;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.computenet.devstack.testing.ServiceCalls.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "billing"), @ResourceArg(name = "kafkaPrincipal", value = "billing")})
class MeteringTest {

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(RealInfraResource.kafka().superUser());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static LeaseEvent event(String type, String leaseId, LeaseState state, Instant started, Instant ended) {
        return LeaseEvent.of(type, ended != null ? ended : started, leaseId, "tenant-lab-alpha", state,
                "cn-east-yrd", "wuhu-1", "node-1", "op-demo", Vendor.HUAWEI_ASCEND, "Ascend910B3", 2, 40960,
                List.of("a0", "a1"), started, ended, null);
    }

    private static void send(LeaseEvent e) {
        kafka.send(Topics.LEASE_EVENTS, e.leaseId(), EventCodec.encode(e));
    }

    private static String status(String leaseId) {
        var r = given().get("/internal/v1/charges/" + leaseId);
        return r.statusCode() == 200 ? r.path("status") : "NONE";
    }

    @Test
    void chargesTheMeteredSecondsAtTheSeededPriceOncePerEvent() {
        // given: 2 devices at 7.60 CNY per device-hour for 1,800.2 s
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-10T08:00:00Z");
        Instant end = start.plusSeconds(1800).plusMillis(200);
        LeaseEvent started = event(LeaseEvent.TYPE_STARTED, leaseId, LeaseState.RUNNING, start, null);
        LeaseEvent ended = event(LeaseEvent.TYPE_ENDED, leaseId, LeaseState.RELEASED, start, end);

        // when: the ended event is delivered twice
        send(started);
        send(ended);
        send(ended);

        // then: 1,801 s x 2 x 7.60 / 3600 = 7.60 (7.6042 rounded)
        await().atMost(Duration.ofSeconds(30)).until(() -> status(leaseId).equals("CLOSED"));
        given().get("/internal/v1/charges/" + leaseId).then()
                .body("seconds", equalTo(1801))
                .body("currency", equalTo("CNY"))
                .body("amount", equalTo(7.60f));
        String csv = given().queryParam("period", "2026-11").queryParam("format", "csv")
                .get("/internal/v1/exports").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
        List<String> rows = csv.lines().filter(l -> l.contains(leaseId)).toList();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).split(",")).containsSubsequence("tenant-lab-alpha", leaseId, "op-demo",
                "cn-east-yrd", "HUAWEI_ASCEND", "Ascend910B3", "2", "2026-11-10T08:00:00Z", "2026-11-10T08:30:00Z",
                "1801", "7.6", "CNY", "7.60");
    }

    @Test
    void aSliceLeaseIsChargedItsShareOfTheDeviceAndExportedWithIt() {
        // given: a vir10_3c_32g vNPU, half of an Ascend910B3 at 7.60 CNY per device-hour, for one hour
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-12T08:00:00Z");
        Instant end = start.plusSeconds(3600);
        BigDecimal share = new BigDecimal("0.5000");
        send(LeaseEvent.of(LeaseEvent.TYPE_STARTED, start, leaseId, "tenant-lab-alpha", LeaseState.RUNNING,
                "cn-east-yrd", "wuhu-1", "node-1", "op-demo", Vendor.HUAWEI_ASCEND, "Ascend910B3", 1, 16384,
                List.of("a0"), start, null, null, "VNPU", "vir10_3c_32g", share));

        // when
        send(LeaseEvent.of(LeaseEvent.TYPE_ENDED, end, leaseId, "tenant-lab-alpha", LeaseState.RELEASED,
                "cn-east-yrd", "wuhu-1", "node-1", "op-demo", Vendor.HUAWEI_ASCEND, "Ascend910B3", 1, 16384,
                List.of("a0"), start, end, null, "VNPU", "vir10_3c_32g", share));

        // then: 3,600 s x 1 x 0.5 x 7.60 / 3600 = 3.80
        await().atMost(Duration.ofSeconds(30)).until(() -> status(leaseId).equals("CLOSED"));
        given().get("/internal/v1/charges/" + leaseId).then()
                .body("amount", equalTo(3.80f))
                .body("share", equalTo(0.5f))
                .body("sliceKind", equalTo("VNPU"))
                .body("sliceProfile", equalTo("vir10_3c_32g"));
        String csv = given().queryParam("period", "2026-11").queryParam("format", "csv")
                .get("/internal/v1/exports").then().statusCode(200).extract().asString();
        assertThat(csv.lines().filter(l -> l.contains(leaseId)).toList()).singleElement()
                .satisfies(row -> assertThat(row).endsWith(",3.80,0.5,VNPU vir10_3c_32g"));
    }

    @Test
    void doesNotChargeALeaseThatNeverStarted() {
        // given
        String leaseId = "ls-" + UUID.randomUUID();
        String marker = "ls-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-11-11T08:00:00Z");

        // when
        send(event(LeaseEvent.TYPE_ENDED, leaseId, LeaseState.FAILED, null, t));
        send(event(LeaseEvent.TYPE_STARTED, marker, LeaseState.RUNNING, t, null));

        // then: once the later event is applied, the failed lease has no charge
        await().atMost(Duration.ofSeconds(30)).until(() -> status(marker).equals("OPEN"));
        given().get("/internal/v1/charges/" + leaseId).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void splitsAChargeAcrossBillingPeriods() {
        // given
        String leaseId = "ls-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-10-31T23:00:00Z");
        Instant end = Instant.parse("2026-11-01T01:00:00Z");

        // when
        send(event(LeaseEvent.TYPE_STARTED, leaseId, LeaseState.RUNNING, start, null));
        send(event(LeaseEvent.TYPE_ENDED, leaseId, LeaseState.EXPIRED, start, end));

        // then: 3600 s x 2 devices x 7.60 in each month
        await().atMost(Duration.ofSeconds(30)).until(() -> status(leaseId).equals("CLOSED"));
        for (String period : List.of("2026-10", "2026-11")) {
            String row = given().queryParam("period", period).get("/internal/v1/exports").then().statusCode(200)
                    .extract().asString().lines().filter(l -> l.contains(leaseId)).findFirst().orElseThrow();
            assertThat(row).endsWith(",3600,7.6,CNY,15.20,1,");
        }
        given().get("/internal/v1/charges/" + leaseId).then().body("amount", equalTo(30.40f));
    }

    @Test
    void deadLettersUnreadableLeaseEventsAndKeepsConsuming() {
        // given
        String marker = "ls-" + UUID.randomUUID();
        kafka.send(Topics.LEASE_EVENTS, "poison", "{\"type\":\"lease.started\",\"schemaVersion\":99}");

        // when
        send(event(LeaseEvent.TYPE_STARTED, marker, LeaseState.RUNNING, Instant.parse("2026-11-12T00:00:00Z"), null));

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> status(marker).equals("OPEN"));
        var dead = kafka.readUntil(Topics.DEAD_LETTER, r -> "poison".equals(r.key()), Duration.ofSeconds(30));
        var reason = dead.stream().filter(r -> "poison".equals(r.key())).findFirst().orElseThrow()
                .headers().lastHeader("dead-letter-reason");
        assertThat(new String(reason.value())).contains("schemaVersion: only 1 is supported but was 99");
        // and: the admins' list shows it, with its origin, reason and who dead-lettered it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().queryParam("limit", 1000)
                .get("/internal/v1/dead-letters").then().statusCode(200).extract().jsonPath()
                .<java.util.Map<String, Object>>getList("")).anySatisfy(d -> assertThat(d)
                .containsEntry("key", "poison").containsEntry("service", "billing")
                .containsEntry("originTopic", Topics.LEASE_EVENTS)
                .satisfies(x -> assertThat((String) x.get("reason")).contains("only 1 is supported but was 99"))
                .satisfies(x -> assertThat(x.get("originOffset")).isNotNull())
                .satisfies(x -> assertThat(x.get("deadLetteredAt")).isNotNull())));
    }

    @Test
    void rejectsBadExportParametersAsProblems() {
        given().queryParam("period", "2026-13").get("/internal/v1/exports").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("YYYY-MM"));
        given().queryParam("period", "2026-11").queryParam("format", "xlsx").get("/internal/v1/exports").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/unsupported-export-format"));
    }

    @Test
    void servesTheSeededPriceBooks() {
        BigDecimal h100East = new BigDecimal(given().get("/internal/v1/price-books").then().statusCode(200)
                .extract().jsonPath().getString("find { it.region == 'cn-east-yrd' && it.deviceModel == 'H100 80GB HBM3' }.pricePerDeviceHour"));
        assertThat(h100East).isEqualByComparingTo("22.00");
    }
}
