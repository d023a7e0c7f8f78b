package io.computenet.billing.pricing;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.pricing.PriceEntry;
import io.computenet.pricing.PriceTerm;
import io.computenet.problem.FieldProblem;
import io.computenet.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * Writes price book entries and keeps every change (who, when, the price replaced for the key, the new one). An entry
 * applies from its validity start, which may not lie in the past (a minute's grace for clocks apart): what was used
 * keeps its price. Entries are never updated or deleted; a change is a new entry.
 */
@ApplicationScoped
public class PriceChanges {

    /** How far in the past a validity start may lie (clock differences between caller and billing). */
    static final Duration GRACE = Duration.ofMinutes(1);

    @Inject
    PriceBooks priceBooks;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    /**
     * A new price: {@code validFrom} null means now. The limits are the columns' (a longer value would end as a
     * database error, a 500), so a bad field is a 400 naming it before anything is written.
     */
    public record NewPrice(@Size(max = 128) String operatorId,
                           @NotBlank @Size(max = 64) String region,
                           @NotNull Vendor vendor,
                           @NotBlank @Size(max = 128) String deviceModel,
                           SliceKind sliceKind,
                           @Size(max = 64) String sliceProfile,
                           PriceTerm term,
                           @NotNull @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 12, fraction = 6)
                           BigDecimal pricePerDeviceHour,
                           @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as CNY") String currency,
                           Instant validFrom) {
    }

    /** One kept change. */
    public record Change(long id, long entryId, Instant changedAt, String changedBy, String operatorId, String region,
                         String deviceModel, String sliceKind, String sliceProfile, String term, Instant validFrom,
                         BigDecimal oldPrice, String oldCurrency, BigDecimal newPrice, String newCurrency) {
    }

    @Transactional
    public PriceBookEntry create(NewPrice p, String changedBy) {
        Instant now = clock.instant();
        if (changedBy == null || changedBy.isBlank()) {
            throw invalid("changedBy", "who makes the change is required");
        }
        if (p.vendor() == null) {
            throw invalid("vendor", "required");
        }
        Instant validFrom = p.validFrom() == null ? now : p.validFrom();
        if (validFrom.isBefore(now.minus(GRACE))) {
            throw new ProblemException(409, "price-in-the-past", "A price cannot change the past",
                    "validFrom " + validFrom + " is before now (" + now + "): a price applies from now or later,"
                            + " what was used keeps its price", List.of());
        }
        PriceEntry entry;
        try {
            entry = new PriceEntry(p.operatorId(), p.region(), p.deviceModel(), p.sliceKind(), p.sliceProfile(),
                    p.term(), p.pricePerDeviceHour(), p.currency() == null ? null : Currency.getInstance(p.currency()),
                    validFrom);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid("price", String.valueOf(e.getMessage()));
        }
        PriceBookEntry replaced = PriceBookEntry.<PriceBookEntry>list("order by validFrom desc, id desc").stream()
                .filter(e -> entry.sameKey(e.toPriceEntry()) && !e.validFrom.isAfter(entry.validFrom()))
                .findFirst().orElse(null);
        if (replaced != null && replaced.validFrom.equals(entry.validFrom())) {
            throw new ProblemException(409, "price-exists", "A price for this key and start exists",
                    "there is already a price for this key from " + entry.validFrom() + "; give another start",
                    List.of());
        }
        PriceBookEntry row = new PriceBookEntry();
        row.operatorId = entry.operatorId();
        row.region = entry.region();
        row.vendor = p.vendor();
        row.deviceModel = entry.deviceModel();
        row.sliceKind = entry.sliceKind();
        row.sliceProfile = entry.sliceProfile();
        row.term = entry.term();
        row.pricePerDeviceHour = entry.pricePerDeviceHour();
        row.currency = entry.currency().getCurrencyCode();
        row.validFrom = entry.validFrom();
        row.createdAt = now;
        row.createdBy = changedBy;
        row.persist();
        em.flush();
        em.createNativeQuery("insert into price_book_changes (entry_id, changed_at, changed_by, operator_id, region,"
                        + " device_model, slice_kind, slice_profile, term, valid_from, old_price, old_currency, new_price,"
                        + " new_currency) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
                .setParameter(1, row.id).setParameter(2, now).setParameter(3, changedBy)
                .setParameter(4, row.operatorId).setParameter(5, row.region).setParameter(6, row.deviceModel)
                .setParameter(7, row.sliceKind == null ? null : row.sliceKind.name())
                .setParameter(8, row.sliceProfile).setParameter(9, row.term.name()).setParameter(10, row.validFrom)
                .setParameter(11, replaced == null ? null : replaced.pricePerDeviceHour)
                .setParameter(12, replaced == null ? null : replaced.currency)
                .setParameter(13, row.pricePerDeviceHour).setParameter(14, row.currency)
                .executeUpdate();
        priceBooks.changed();
        return row;
    }

    /** The changes, newest first; of one operator when given. */
    @Transactional
    public List<Change> changes(String operatorId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, entry_id, changed_at, changed_by, operator_id, region,"
                        + " device_model, slice_kind, slice_profile, term, valid_from, old_price, old_currency,"
                        + " new_price, new_currency from price_book_changes where (cast(?1 as varchar) is null"
                        + " or operator_id = ?1) order by changed_at desc, id desc")
                .setParameter(1, operatorId).getResultList();
        return rows.stream().map(r -> new Change(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                instant(r[2]), (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7],
                (String) r[8], (String) r[9], instant(r[10]), (BigDecimal) r[11], trim(r[12]), (BigDecimal) r[13],
                trim(r[14]))).toList();
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof java.sql.Timestamp t ? t.toInstant() : null;
    }

    private static String trim(Object value) {
        return value == null ? null : Objects.toString(value).trim();
    }

    private static ProblemException invalid(String field, String detail) {
        return new FieldProblem(field, detail);
    }
}
