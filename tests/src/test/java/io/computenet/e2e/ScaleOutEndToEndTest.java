package io.computenet.e2e;

import io.computenet.devstack.ServiceClients;
import io.computenet.devstack.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two scheduler instances on one database and one Kafka share the work; concurrent requests spread over both never
 * get the same device twice.
 */
@ExtendWith(StackExtension.class)
class ScaleOutEndToEndTest {

    private static final String TENANT = "t-scale-out";
    private static final String REGION = "cn-west-nm";

    private static int freeCambricon(String schedulerUrl) {
        List<Map<String, Object>> lines = StackExtension.asService(ServiceClients.PORTAL).baseUri(schedulerUrl).get("/internal/v1/capacity").then()
                .statusCode(200).extract().jsonPath().getList("$");
        return lines.stream().filter(l -> REGION.equals(l.get("region")) && "CAMBRICON".equals(l.get("vendor")))
                .mapToInt(l -> ((Number) l.get("freeDevices")).intValue()).sum();
    }

    @Test
    void twoSchedulerInstancesNeverAllocateOneDeviceTwiceUnderConcurrentRequests() throws Exception {
        String main = "http://127.0.0.1:" + StackExtension.stack().options().schedulerPort();
        try (ServiceProcess replica = StackExtension.stack().startSchedulerReplica()) {
            // given: the Cambricon cards free in one region, and more requests for them than there are cards
            int free = freeCambricon(main);
            assertThat(free).as("free Cambricon cards in " + REGION).isGreaterThanOrEqualTo(2);
            int requests = free + 6;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Callable<JsonPath>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String target = i % 2 == 0 ? main : replica.url();
                calls.add(() -> StackExtension.asService(ServiceClients.PORTAL).baseUri(target).contentType(ContentType.JSON)
                        .body(Map.of("tenantId", TENANT, "memoryGiB", 16, "deviceCount", 1, "region", REGION,
                                "vendor", "CAMBRICON", "durationMinutes", 10, "maxWaitMinutes", 0))
                        .post("/internal/v1/leases").then().extract().jsonPath());
            }

            // when: all of them at once, half to each instance
            List<JsonPath> answers = new ArrayList<>();
            try {
                for (Future<JsonPath> f : pool.invokeAll(calls)) {
                    answers.add(f.get());
                }
            } finally {
                pool.shutdownNow();
            }

            // then: every card taken, each by one lease; the rest refused with reasons
            List<JsonPath> placed = answers.stream().filter(a -> a.getString("leaseId") != null).toList();
            List<JsonPath> refused = answers.stream().filter(a -> a.getString("leaseId") == null).toList();
            assertThat(placed).hasSizeGreaterThanOrEqualTo(free);
            assertThat(freeCambricon(main)).isZero();
            assertThat(placed.size() + refused.size()).isEqualTo(requests);
            assertThat(refused).isNotEmpty().allSatisfy(a -> assertThat(a.getString("type"))
                    .isEqualTo("https://computenet.io/problems/insufficient-capacity"));
            Set<String> devices = new HashSet<>();
            for (JsonPath lease : placed) {
                String device = lease.getString("nodeId") + "/" + lease.getList("deviceKeys").get(0);
                assertThat(devices.add(device)).as("device " + device + " allocated twice").isTrue();
            }
            // both instances see the same leases
            assertThat(StackExtension.asService(ServiceClients.PORTAL).baseUri(replica.url()).queryParam("tenantId", TENANT).get("/internal/v1/leases")
                    .then().statusCode(200).extract().jsonPath().getList("leaseId")).hasSize(placed.size());

            for (JsonPath lease : placed) {
                StackExtension.asService(ServiceClients.PORTAL).baseUri(main).queryParam("tenantId", TENANT)
                        .post("/internal/v1/leases/" + lease.getString("leaseId") + "/release").then().statusCode(200);
            }
        }
    }
}
