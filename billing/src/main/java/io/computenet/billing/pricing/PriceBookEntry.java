package io.computenet.billing.pricing;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.pricing.PriceEntry;
import io.computenet.pricing.PriceTerm;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

/**
 * A stored price book entry (see {@link PriceEntry} for what it means): a price per device-hour for one device model
 * in one region, for one operator or (null) for all, from {@code validFrom} on. Never updated: a change is a new row.
 */
@Entity
@Table(name = "price_book_entries")
public class PriceBookEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "operator_id")
    public String operatorId;
    public String region;
    @Enumerated(EnumType.STRING)
    public Vendor vendor;
    @Column(name = "device_model")
    public String deviceModel;
    @Enumerated(EnumType.STRING)
    @Column(name = "slice_kind")
    public SliceKind sliceKind;
    @Column(name = "slice_profile")
    public String sliceProfile;
    @Enumerated(EnumType.STRING)
    public PriceTerm term = PriceTerm.ON_DEMAND;
    @Column(name = "price_per_device_hour")
    public BigDecimal pricePerDeviceHour;
    public String currency;
    @Column(name = "valid_from")
    public Instant validFrom;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;

    /** The pure price book's view of this row. */
    public PriceEntry toPriceEntry() {
        return new PriceEntry(operatorId, region, deviceModel, sliceKind, sliceProfile, term, pricePerDeviceHour,
                Currency.getInstance(currency), validFrom);
    }
}
