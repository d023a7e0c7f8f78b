package io.computenet.portal.admin;

import io.computenet.portal.input.PathId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingAccountsClient;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigDecimal;

/**
 * The platform fee the marketplace keeps of what an operator's nodes earn (percent), set by administrators; billing
 * keeps every change (who, when, old, new) and payout statements apply the fee in force when the usage began.
 */
@Path("/api/v1/admin/platform-fees/{operatorId}")
@RolesAllowed(Roles.ADMIN)
public class PlatformFeeResource {

    @Inject
    @RestClient
    BillingAccountsClient billing;
    @Inject
    SecurityIdentity identity;
    @Inject
    ObjectMapper json;

    /** Body {@code {"feePercent": 12.5}}. */
    public record FeeChange(@NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2)
                            BigDecimal feePercent) {
    }

    @GET
    public JsonNode get(@PathParam("operatorId") @PathId String operatorId) {
        return billing.platformFee(operatorId);
    }

    @PUT
    public JsonNode set(@PathParam("operatorId") @PathId String operatorId,
                        @Valid @NotNull FeeChange change) {
        ObjectNode body = json.valueToTree(change);
        body.put("changedBy", identity.getPrincipal().getName());
        return billing.setPlatformFee(operatorId, body);
    }
}
