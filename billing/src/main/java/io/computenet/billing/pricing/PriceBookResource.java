package io.computenet.billing.pricing;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.pricing.PriceQuery;
import io.computenet.pricing.PriceTerm;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.computenet.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The price books (internal API, the portal's; the scheduler gets them as events, {@link PriceBookPublisher}). Without
 * parameters: the whole-device on-demand price in force now per operator (or marketplace default), region and model,
 * as the portal's offers read them. With
 * {@code all=true}: every entry ever written (each key's versions with their validity start; slice and interruptible
 * entries too), from which the pure {@code PriceBook} answers any instant.
 */
@RolesAllowed(ServiceRoles.PORTAL)
@Path("/internal/v1/price-books")
public class PriceBookResource {

    @Inject
    PriceBooks priceBooks;
    @Inject
    Clock clock;
    @Inject
    PriceChanges changes;
    @Inject
    PlatformFees fees;

    /** One price: null operator means the marketplace default; null slice kind a whole device. */
    public record Price(String operatorId, String region, Vendor vendor, String deviceModel,
                        BigDecimal pricePerDeviceHour, String currency, SliceKind sliceKind, String sliceProfile,
                        PriceTerm term, Instant validFrom, Long id, Instant createdAt, String createdBy) {

        static Price of(PriceBookEntry e) {
            return new Price(e.operatorId, e.region, e.vendor, e.deviceModel, e.pricePerDeviceHour, e.currency,
                    e.sliceKind, e.sliceProfile, e.term, e.validFrom, e.id, e.createdAt, e.createdBy);
        }
    }

    @GET
    @Transactional
    public List<Price> all(@QueryParam("all") boolean all) {
        List<PriceBookEntry> entries = priceBooks.all();
        if (all) {
            return entries.stream().map(Price::of).toList();
        }
        Instant now = clock.instant();
        var book = priceBooks.book();
        // the entry the lookup answers with now, for each whole-device on-demand key that has one
        return entries.stream()
                .filter(e -> e.sliceKind == null && e.term == PriceTerm.ON_DEMAND && !e.validFrom.isAfter(now))
                .filter(e -> book.priceAt(PriceQuery.wholeDevice(e.operatorId == null ? "\u0000" : e.operatorId,
                                e.region, e.deviceModel), now)
                        .filter(p -> Objects.equals(p.entry().operatorId(), e.operatorId)
                                && p.entry().validFrom().equals(e.validFrom)
                                && p.pricePerDeviceHour().compareTo(e.pricePerDeviceHour) == 0)
                        .isPresent())
                .map(Price::of).toList();
    }

    /**
     * Adds a price that applies from {@code validFrom} (default now; never in the past), kept with who made it
     * ({@code changedBy}) and the price it replaces. The caller (the portal) scopes an operator to its organisation.
     */
    @POST
    @RolesAllowed(ServiceRoles.PORTAL)
    public Response create(@Valid @NotNull PriceChanges.NewPrice price, @QueryParam("changedBy") String changedBy) {
        return Response.status(201).entity(Price.of(changes.create(price, changedBy))).build();
    }

    /** Every price change, newest first; one operator's with {@code operatorId}. */
    @GET
    @Path("/changes")
    public List<PriceChanges.Change> changes(@QueryParam("operatorId") String operatorId) {
        return changes.changes(operatorId);
    }

    /** An operator's platform fee in percent. */
    @GET
    @Path("/platform-fees/{operatorId}")
    public PlatformFees.Fee fee(@PathParam("operatorId") @Size(max = 128) String operatorId) {
        return fees.get(operatorId).orElseThrow(() -> new ProblemException(404, "platform-fee-not-set",
                "Platform fee not set", "no platform fee is set for operator " + operatorId, List.of()));
    }

    /** Sets an operator's platform fee ({@code feePercent}, 0 to 100), kept with who changed it and the old value. */
    @PUT
    @RolesAllowed(ServiceRoles.PORTAL)
    @Path("/platform-fees/{operatorId}")
    public PlatformFees.Fee setFee(@PathParam("operatorId") @Size(max = 128) String operatorId,
                                  @Valid @NotNull FeeChange change) {
        return fees.set(operatorId, change == null ? null : change.feePercent(), change == null ? null
                : change.changedBy());
    }

    /** The platform fee's changes, newest first. */
    @GET
    @Path("/platform-fees/{operatorId}/changes")
    public List<PlatformFees.Change> feeChanges(@PathParam("operatorId") @Size(max = 128) String operatorId) {
        return fees.changes(operatorId);
    }

    /** A platform fee change. */
    public record FeeChange(@NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2)
                            BigDecimal feePercent,
                            @NotBlank @Size(max = 128) String changedBy) {
    }
}
