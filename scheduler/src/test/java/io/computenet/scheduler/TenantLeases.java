package io.computenet.scheduler;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.computenet.devstack.testing.ServiceCalls.given;

/**
 * Lease requests of one tenant through the internal API, with fixed base fields that each call may override; keeps
 * the ids of what was created so a test can release them all afterwards.
 */
public final class TenantLeases {

    private final String tenantId;
    private final Map<String, Object> base;
    private final List<String> created = new ArrayList<>();

    public TenantLeases(String tenantId, Map<String, Object> base) {
        this.tenantId = tenantId;
        this.base = Map.copyOf(base);
    }

    /** Requests a lease with the base fields, {@code extra} overriding them. */
    public ValidatableResponse request(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(base);
        body.put("tenantId", tenantId);
        body.putAll(extra);
        ValidatableResponse response = given().contentType(ContentType.JSON).body(body).post("/internal/v1/leases")
                .then();
        String id = response.extract().path("leaseId");
        if (id != null) {
            created.add(id);
        }
        return response;
    }

    /** Releases every lease this helper created (releasing an ended lease changes nothing). */
    public void releaseAll() {
        created.forEach(id -> given().queryParam("tenantId", tenantId).post("/internal/v1/leases/" + id + "/release")
                .then().statusCode(200));
        created.clear();
    }
}
