package io.computenet.billing.pricing;

import io.computenet.contracts.identity.ServiceRoles;
import io.computenet.contracts.inventory.Vendor;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.math.BigDecimal;
import java.util.List;

/** The price books in force (internal API, read by the portal to price offers). */
@RolesAllowed({ServiceRoles.PORTAL, ServiceRoles.SCHEDULER})
@Path("/internal/v1/price-books")
public class PriceBookResource {

    @Inject
    PriceBooks priceBooks;

    /** One price: null operator means the marketplace default. */
    public record Price(String operatorId, String region, Vendor vendor, String deviceModel,
                        BigDecimal pricePerDeviceHour, String currency) {
    }

    @GET
    @Transactional
    public List<Price> all() {
        return priceBooks.all().stream().map(e -> new Price(e.operatorId, e.region, e.vendor, e.deviceModel,
                e.pricePerDeviceHour, e.currency)).toList();
    }
}
