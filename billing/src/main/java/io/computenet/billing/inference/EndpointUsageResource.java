package io.computenet.billing.inference;

import io.computenet.problem.FieldProblem;
import io.computenet.contracts.identity.ServiceRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's inference endpoints' requests and tokens in a month, per endpoint with its API keys (internal API; the
 * portal takes the tenant from the caller's token). Finance gets every tenant's as the {@code endpoint-usage} export.
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/endpoint-usage")
public class EndpointUsageResource {

    @Inject
    EndpointUsageLedger ledger;

    /** One API key's figures. */
    public record KeyUsage(String keyId, long requests, long promptTokens, long completionTokens) {
    }

    /** One endpoint's figures, its keys' summed. */
    public record EndpointUsage(String endpointId, String endpointName, long requests, long promptTokens,
                                long completionTokens, List<KeyUsage> keys) {
    }

    public record TenantUsage(String tenantId, String period, List<EndpointUsage> endpoints) {
    }

    @GET
    public TenantUsage usage(@QueryParam("tenantId") String tenantId, @QueryParam("period") String period) {
        String tenant = FieldProblem.required("tenantId", tenantId);
        YearMonth month = FieldProblem.period("period", period);
        Map<String, List<EndpointUsageTotal>> byEndpoint = new LinkedHashMap<>();
        for (EndpointUsageTotal t : ledger.totals(month, tenant)) {
            byEndpoint.computeIfAbsent(t.endpointId(), k -> new ArrayList<>()).add(t);
        }
        List<EndpointUsage> endpoints = new ArrayList<>();
        byEndpoint.forEach((id, keys) -> endpoints.add(new EndpointUsage(id, keys.get(0).endpointName(),
                keys.stream().mapToLong(EndpointUsageTotal::requests).sum(),
                keys.stream().mapToLong(EndpointUsageTotal::promptTokens).sum(),
                keys.stream().mapToLong(EndpointUsageTotal::completionTokens).sum(),
                keys.stream().map(k -> new KeyUsage(k.keyId(), k.requests(), k.promptTokens(),
                        k.completionTokens())).toList())));
        return new TenantUsage(tenant, month.toString(), endpoints);
    }
}
