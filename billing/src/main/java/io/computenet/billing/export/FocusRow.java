package io.computenet.billing.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of a FOCUS 1.2 export, typed: what {@link FocusWriter} writes, column for column (the {@code x_} fields are
 * ComputeNet's own columns). A null field is a null in FOCUS terms, written as an empty field. The constructor keeps
 * the rules a row can check on its own: the columns FOCUS never allows null are set, date-times are whole seconds
 * (the Date/Time Format has no fractions), the currency is an upper-case three-letter code. {@link FocusRows} builds
 * rows of each kind (usage, voucher credit, tax, correction).
 */
public record FocusRow(
        BigDecimal billedCost,
        String billingAccountId,
        String billingAccountName,
        String billingCurrency,
        Instant billingPeriodEnd,
        Instant billingPeriodStart,
        ChargeCategory chargeCategory,
        boolean correction,
        String chargeDescription,
        ChargeFrequency chargeFrequency,
        Instant chargePeriodEnd,
        Instant chargePeriodStart,
        BigDecimal consumedQuantity,
        String consumedUnit,
        BigDecimal contractedCost,
        BigDecimal contractedUnitPrice,
        BigDecimal effectiveCost,
        String invoiceId,
        String invoiceIssuerName,
        BigDecimal listCost,
        BigDecimal listUnitPrice,
        PricingCategory pricingCategory,
        BigDecimal pricingQuantity,
        String pricingUnit,
        String providerName,
        String publisherName,
        String regionId,
        String regionName,
        String resourceId,
        String resourceName,
        String resourceType,
        String serviceCategory,
        String serviceSubcategory,
        String serviceName,
        String skuId,
        String skuMeter,
        String skuPriceDetails,
        String skuPriceId,
        String tags,
        String operatorId,
        Integer deviceCount,
        BigDecimal deviceShare,
        Long meteredSeconds) {

    /** FOCUS ChargeCategory. */
    public enum ChargeCategory {
        USAGE("Usage"), PURCHASE("Purchase"), TAX("Tax"), CREDIT("Credit"), ADJUSTMENT("Adjustment");

        private final String value;

        ChargeCategory(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** FOCUS ChargeFrequency. */
    public enum ChargeFrequency {
        ONE_TIME("One-Time"), RECURRING("Recurring"), USAGE_BASED("Usage-Based");

        private final String value;

        ChargeFrequency(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** FOCUS PricingCategory: Standard for on-demand prices, Dynamic for interruptible ones. */
    public enum PricingCategory {
        STANDARD("Standard"), DYNAMIC("Dynamic"), COMMITTED("Committed"), OTHER("Other");

        private final String value;

        PricingCategory(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    public FocusRow {
        Objects.requireNonNull(billedCost, "BilledCost");
        Objects.requireNonNull(billingAccountId, "BillingAccountId");
        Objects.requireNonNull(chargeCategory, "ChargeCategory");
        Objects.requireNonNull(chargeFrequency, "ChargeFrequency");
        Objects.requireNonNull(contractedCost, "ContractedCost");
        Objects.requireNonNull(effectiveCost, "EffectiveCost");
        Objects.requireNonNull(listCost, "ListCost");
        Objects.requireNonNull(invoiceIssuerName, "InvoiceIssuerName");
        Objects.requireNonNull(providerName, "ProviderName");
        Objects.requireNonNull(publisherName, "PublisherName");
        Objects.requireNonNull(serviceCategory, "ServiceCategory");
        Objects.requireNonNull(serviceName, "ServiceName");
        if (!isoCode(billingCurrency)) {
            throw new IllegalArgumentException("BillingCurrency must be an ISO 4217 code but was " + billingCurrency);
        }
        wholeSeconds(billingPeriodStart);
        wholeSeconds(billingPeriodEnd);
        wholeSeconds(chargePeriodStart);
        wholeSeconds(chargePeriodEnd);
    }

    /** Three upper-case letters (checked per row of an export of millions: no regular expression). */
    private static boolean isoCode(String currency) {
        if (currency == null || currency.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = currency.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static void wholeSeconds(Instant i) {
        if (i == null || i.getNano() != 0) {
            throw new IllegalArgumentException("FOCUS date-times are whole seconds and never null, was " + i);
        }
    }
}
