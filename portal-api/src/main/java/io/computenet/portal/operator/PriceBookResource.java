package io.computenet.portal.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.portal.security.CurrentOrganisation;
import io.computenet.portal.security.Roles;
import io.computenet.portal.upstream.BillingAccountsClient;
import io.computenet.problem.FieldProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An operator organisation's own price books: every entry with its validity start, and new prices that apply from now
 * or a later instant (never rewriting what was used). The organisation is the caller's (token claim), never the
 * request's; billing keeps who changed what, when, and the price replaced.
 */
@Path("/api/v1/operator/price-books")
@RolesAllowed(Roles.OPERATOR)
public class PriceBookResource {

    @Inject
    @RestClient
    BillingAccountsClient billing;
    @Inject
    CurrentOrganisation organisation;
    @Inject
    ObjectMapper json;

    /**
     * A new price per device-hour for a device model in a region: a whole device, every slice of a kind
     * ({@code sliceKind}) or one profile ({@code sliceProfile}); on-demand or interruptible ({@code term}); from
     * {@code validFrom} (default now).
     */
    public record NewPrice(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "must be a region id like cn-east-yrd")
            String region,
            @NotNull Vendor vendor,
            @NotBlank @Size(max = 128) String deviceModel,
            SliceKind sliceKind,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.+-]+", message = "must be a MIG profile or vNPU template name")
            String sliceProfile,
            @Pattern(regexp = "ON_DEMAND|INTERRUPTIBLE", message = "must be ON_DEMAND or INTERRUPTIBLE") String term,
            @NotNull @DecimalMin("0") @DecimalMax("1000000") BigDecimal pricePerDeviceHour,
            @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code like CNY") String currency,
            Instant validFrom) {
    }

    @GET
    public List<JsonNode> mine() {
        String mine = organisation.id();
        return billing.priceBookEntries(true).stream()
                .filter(e -> mine.equals(e.path("operatorId").asText(null))).toList();
    }

    @POST
    public Response add(@Valid @NotNull NewPrice price) {
        if (price.validFrom() != null && price.validFrom().isBefore(Instant.now())) {
            throw new FieldProblem("validFrom", "a price applies from now or later, never to what was already used;"
                    + " was " + price.validFrom());
        }
        // written field by field: the instant as ISO-8601 text and the price as a decimal, whatever the mapper's
        // settings
        ObjectNode body = json.createObjectNode();
        body.put("operatorId", organisation.id());
        body.put("region", price.region());
        body.put("vendor", price.vendor().name());
        body.put("deviceModel", price.deviceModel());
        body.put("sliceKind", price.sliceKind() == null ? null : price.sliceKind().name());
        body.put("sliceProfile", price.sliceProfile());
        body.put("term", price.term());
        body.put("pricePerDeviceHour", price.pricePerDeviceHour());
        body.put("currency", price.currency());
        body.put("validFrom", price.validFrom() == null ? null : price.validFrom().toString());
        return Response.status(Response.Status.CREATED).entity(billing.addPrice(body, organisation.user())).build();
    }
}
