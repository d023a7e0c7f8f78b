package io.computenet.e2e;

import io.computenet.devstack.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Prepaid funds on the running system: finance tops a tenant up with one fen, its researcher runs a lease and watches
 * the balance fall to zero and below, the lease is ended after the grace period (5 s in tests, accrual every 2 s) and
 * a new lease is refused with 402 and the figures; a top-up lets the tenant lease again. Only finance and admins may
 * top up; a researcher sees only their own tenant's balance.
 */
@ExtendWith(StackExtension.class)
class FundsEndToEndTest {

    private static final String TENANT = "tenant-lab-beta"; // researcher2's
    private static String researcher;
    private static String finance;

    @BeforeAll
    static void tokens() {
        String realm = StackExtension.stack().options().realmUrl();
        researcher = Tokens.password(realm, "researcher2", "researcher2");
        finance = Tokens.password(realm, "finance1", "finance1");
    }

    private static JsonPath balance() {
        return given().auth().oauth2(researcher).get("/api/v1/balance").then().statusCode(200).extract().jsonPath();
    }

    private static void topUp(String amount) {
        given().auth().oauth2(finance).contentType(ContentType.JSON)
                .body(Map.of("amount", new BigDecimal(amount), "reference", "e2e-" + UUID.randomUUID()))
                .post("/api/v1/admin/tenants/" + TENANT + "/top-ups").then().statusCode(201);
    }

    private static io.restassured.response.Response requestLease() {
        return given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 16, "deviceCount", 1, "durationMinutes", 60, "workloadClass", "BATCH",
                        "sharing", "WHOLE", "maxWaitMinutes", 0))
                .post("/api/v1/leases");
    }

    private static String state(String leaseId) {
        return given().auth().oauth2(researcher).get("/api/v1/leases/" + leaseId).then().statusCode(200)
                .extract().path("state");
    }

    @Test
    void aTenantThatRunsOutOfFundsHasItsLeaseEndedAndNewLeasesRefusedWith402() {
        // given: finance tops the tenant up to 0.01 CNY
        await().atMost(Duration.ofSeconds(90)).until(() -> given().auth().oauth2(researcher).get("/api/v1/offers")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.freeDevices > 0 }").size() > 0);
        // (usage of earlier tests may have left the balance below zero: the top-up brings it to exactly 0.01)
        BigDecimal before = new BigDecimal(balance().getString("balance"));
        topUp(new BigDecimal("0.01").subtract(before.min(BigDecimal.ZERO)).toPlainString());
        assertThat(new BigDecimal(balance().getString("balance"))).isEqualByComparingTo("0.01");

        // when: its researcher runs a lease
        String leaseId = requestLease().then().statusCode(201).extract().path("leaseId");
        await().atMost(Duration.ofSeconds(60)).until(() -> !"SCHEDULED".equals(state(leaseId))
                && !"STARTING".equals(state(leaseId)));

        // then: the balance falls to zero and below, with the notice that the funds are exhausted
        await().atMost(Duration.ofSeconds(90)).until(() -> new BigDecimal(balance().getString("balance")).signum() <= 0);
        JsonPath exhausted = balance();
        assertThat(new BigDecimal(exhausted.getString("spendThisMonth"))).isPositive();
        assertThat(exhausted.getList("notices.message", String.class)).anySatisfy(m -> assertThat(m)
                .contains("exhausted"));

        // and: after the grace the lease is ended, and a new lease is refused with 402 and the figures
        await().atMost(Duration.ofSeconds(60)).until(() -> "EXPIRED".equals(state(leaseId)));
        assertThat(given().auth().oauth2(researcher).get("/api/v1/leases/" + leaseId).then().extract()
                .<String>path("reason")).isEqualTo("prepaid funds exhausted");
        requestLease().then().statusCode(402).contentType(startsWith("application/problem+json"))
                .body("type", containsString("funds-exhausted")).body("reasons", hasItem("currency: CNY"))
                .body("detail", containsString("balance"));

        // and when: finance tops it up again, the researcher may lease again (restores the tenant for other tests)
        topUp("1000.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var r = requestLease();
            if (r.statusCode() == 201) {
                given().auth().oauth2(researcher).post("/api/v1/leases/" + r.path("leaseId") + "/release");
                return true;
            }
            return false;
        });
    }

    @Test
    void onlyFinanceAndAdminsTopUpAndAResearcherSeesOnlyTheirOwnBalance() {
        // a researcher may not top up, not even their own tenant
        given().auth().oauth2(researcher).contentType(ContentType.JSON).body(Map.of("amount", 5))
                .post("/api/v1/admin/tenants/" + TENANT + "/top-ups").then().statusCode(403);
        given().auth().oauth2(researcher).get("/api/v1/admin/tenants/tenant-lab-alpha/balance").then()
                .statusCode(403);
        // their own balance names their tenant only
        assertThat(balance().getString("tenantId")).isEqualTo(TENANT);
        // a bad voucher is a 400 naming the field
        given().auth().oauth2(finance).contentType(ContentType.JSON).body(Map.of("amount", 5, "expiresAt",
                        "2020-01-01T00:00:00Z")).post("/api/v1/admin/tenants/" + TENANT + "/vouchers").then()
                .statusCode(400).body("errors.field", hasItem("expiresAt"));
    }
}
