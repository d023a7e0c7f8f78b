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
 * Two scheduler instances on one database and one Kafka share the work; concurrent requests spread over both, over
 * several regions (which allocate in parallel, each under its own lock) and without a region (which lock them all),
 * never get the same device twice.
 */
@ExtendWith(StackExtension.class)
class ScaleOutEndToEndTest {

    private static final String TENANT = "t-scale-out";
    private static final int TENANTS = 3;

    /** Free whole devices per region, as the given instance counts them. */
    private static Map<String, Integer> freeByRegion(String schedulerUrl) {
        List<Map<String, Object>> lines = StackExtension.asService(ServiceClients.PORTAL).baseUri(schedulerUrl)
                .get("/internal/v1/capacity").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Integer> free = new java.util.TreeMap<>();
        lines.forEach(l -> free.merge((String) l.get("region"), ((Number) l.get("freeDevices")).intValue(),
                Integer::sum));
        return free;
    }

    private static String tenant(int i) {
        return TENANT + "-" + i % TENANTS;
    }

    @Test
    void twoSchedulerInstancesNeverAllocateOneDeviceTwiceUnderConcurrentRequestsInSeveralRegions() throws Exception {
        String main = "http://127.0.0.1:" + StackExtension.stack().options().schedulerPort();
        try (ServiceProcess replica = StackExtension.stack().startSchedulerReplica()) {
            // given: the free devices of every region, and more requests for them than there are devices: for each
            // region two more than it has free, and some that name no region
            Map<String, Integer> free = freeByRegion(main);
            int total = free.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(free.entrySet().stream().filter(e -> e.getValue() >= 2)).as("regions with free devices: " + free)
                    .hasSizeGreaterThanOrEqualTo(2);
            List<String> regions = new ArrayList<>();
            free.forEach((region, n) -> {
                for (int i = 0; i < n + 2; i++) {
                    regions.add(region);
                }
            });
            for (int i = 0; i < 4; i++) {
                regions.add(null);
            }
            java.util.Collections.shuffle(regions, new java.util.Random(7));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Callable<JsonPath>> calls = new ArrayList<>();
            for (int i = 0; i < regions.size(); i++) {
                String target = i % 2 == 0 ? main : replica.url();
                Map<String, Object> body = new java.util.HashMap<>(Map.of("tenantId", tenant(i), "memoryGiB", 1,
                        "deviceCount", 1, "sharing", "WHOLE", "durationMinutes", 10, "maxWaitMinutes", 0));
                if (regions.get(i) != null) {
                    body.put("region", regions.get(i));
                }
                calls.add(() -> StackExtension.asService(ServiceClients.PORTAL).baseUri(target)
                        .contentType(ContentType.JSON).body(body).post("/internal/v1/leases").then().extract()
                        .jsonPath());
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

            // then: every device of every region taken, each by one lease; the rest refused with reasons
            List<JsonPath> placed = answers.stream().filter(a -> a.getString("leaseId") != null).toList();
            List<JsonPath> refused = answers.stream().filter(a -> a.getString("leaseId") == null).toList();
            assertThat(placed).hasSize(total);
            assertThat(freeByRegion(main).values()).allSatisfy(n -> assertThat(n).isZero());
            assertThat(refused).hasSize(regions.size() - total).allSatisfy(a -> assertThat(a.getString("type"))
                    .isEqualTo("https://computenet.io/problems/insufficient-capacity"));
            Set<String> devices = new HashSet<>();
            for (JsonPath lease : placed) {
                assertThat(lease.getList("deviceKeys")).hasSize(1);
                String device = lease.getString("nodeId") + "/" + lease.getList("deviceKeys").get(0);
                assertThat(devices.add(device)).as("device " + device + " allocated twice").isTrue();
            }
            assertThat(placed.stream().map(l -> l.getString("region")).distinct()).hasSizeGreaterThanOrEqualTo(2);
            // both instances see the same leases
            int seen = 0;
            for (int t = 0; t < TENANTS; t++) {
                seen += StackExtension.asService(ServiceClients.PORTAL).baseUri(replica.url())
                        .queryParam("tenantId", tenant(t)).get("/internal/v1/leases").then().statusCode(200)
                        .extract().jsonPath().getList("leaseId").size();
            }
            assertThat(seen).isEqualTo(placed.size());

            for (JsonPath lease : placed) {
                StackExtension.asService(ServiceClients.PORTAL).baseUri(main)
                        .queryParam("tenantId", lease.getString("tenantId"))
                        .post("/internal/v1/leases/" + lease.getString("leaseId") + "/release").then().statusCode(200);
            }
        }
    }
}
