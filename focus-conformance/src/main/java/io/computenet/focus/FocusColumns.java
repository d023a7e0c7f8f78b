package io.computenet.focus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns FOCUS 1.2 defines (specification tag v1.2, {@code specification/columns/}): their data types, which
 * are mandatory, which take allowed values, and which travel together. The checker's own copy of the
 * specification, kept apart from any writer so that a writer's mistake cannot hide in a shared table.
 */
final class FocusColumns {

    /** A column's data type and value format. */
    enum Type { STRING, DECIMAL, DATE_TIME, CURRENCY, KEY_VALUE }

    static final Map<String, Type> ALL;

    static {
        Map<String, Type> m = new LinkedHashMap<>();
        for (String s : List.of("AvailabilityZone", "BillingAccountId", "BillingAccountName", "BillingAccountType",
                "CapacityReservationId", "CapacityReservationStatus", "ChargeCategory", "ChargeClass",
                "ChargeDescription", "ChargeFrequency", "CommitmentDiscountCategory", "CommitmentDiscountId",
                "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountType",
                "CommitmentDiscountUnit", "ConsumedUnit", "InvoiceId", "InvoiceIssuerName", "PricingCategory",
                "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId",
                "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId",
                "SkuMeter", "SkuPriceId", "SubAccountId", "SubAccountName", "SubAccountType")) {
            m.put(s, Type.STRING);
        }
        for (String d : List.of("BilledCost", "CommitmentDiscountQuantity", "ConsumedQuantity", "ContractedCost",
                "ContractedUnitPrice", "EffectiveCost", "ListCost", "ListUnitPrice",
                "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice",
                "PricingQuantity")) {
            m.put(d, Type.DECIMAL);
        }
        for (String t : List.of("BillingPeriodEnd", "BillingPeriodStart", "ChargePeriodEnd", "ChargePeriodStart")) {
            m.put(t, Type.DATE_TIME);
        }
        m.put("BillingCurrency", Type.CURRENCY);
        m.put("PricingCurrency", Type.CURRENCY);
        m.put("SkuPriceDetails", Type.KEY_VALUE);
        m.put("Tags", Type.KEY_VALUE);
        ALL = Collections.unmodifiableMap(m);
    }

    /** Columns whose definition says "MUST be present in a FOCUS dataset" without condition. */
    static final List<String> MANDATORY = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost",
            "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
            "ServiceCategory", "ServiceName");

    /** Columns that MUST NOT be null wherever they are present. */
    static final Set<String> NEVER_NULL = Set.of("BilledCost", "BillingAccountId", "BillingCurrency",
            "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeFrequency", "ChargePeriodEnd",
            "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost",
            "PricingCurrency", "PricingCurrencyEffectiveCost", "ProviderName", "PublisherName", "ServiceCategory",
            "ServiceName", "ServiceSubcategory");

    /**
     * Conditional columns that share one presence condition: one of a group present means all are (the specification
     * gives each the same "MUST be present when ..." clause).
     */
    static final List<List<String>> GROUPS = List.of(
            List.of("RegionId", "RegionName"),
            List.of("ResourceId", "ResourceName"),
            List.of("SubAccountId", "SubAccountName"),
            List.of("ConsumedQuantity", "ConsumedUnit"),
            List.of("SkuId", "SkuPriceId", "SkuMeter", "SkuPriceDetails"),
            List.of("CapacityReservationId", "CapacityReservationStatus"),
            List.of("CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
                    "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType",
                    "CommitmentDiscountUnit"));

    /** A column whose nullability is defined by another one needs that other column (key needs value). */
    static final Map<String, String> NEEDS = Map.of(
            "ResourceType", "ResourceId",
            "SubAccountType", "SubAccountId",
            "BillingAccountType", "BillingAccountId");

    static final Map<String, Set<String>> ALLOWED = Map.of(
            "ChargeCategory", Set.of("Usage", "Purchase", "Tax", "Credit", "Adjustment"),
            "ChargeClass", Set.of("Correction"),
            "ChargeFrequency", Set.of("One-Time", "Recurring", "Usage-Based"),
            "PricingCategory", Set.of("Standard", "Dynamic", "Committed", "Other"),
            "CommitmentDiscountCategory", Set.of("Spend", "Usage"),
            "CommitmentDiscountStatus", Set.of("Used", "Unused"),
            "CapacityReservationStatus", Set.of("Used", "Unused"),
            "ServiceCategory", Set.of("AI and Machine Learning", "Analytics", "Business Applications", "Compute",
                    "Databases", "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
                    "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security",
                    "Storage", "Web", "Other"));

    /** ServiceSubcategory -> its one parent ServiceCategory. */
    static final Map<String, String> SUBCATEGORY_PARENT = loadSubcategories();

    /** FOCUS-defined SkuPriceDetails properties and whether each holds a number (else a string). */
    static final Map<String, Boolean> SKU_PRICE_PROPERTIES = Map.ofEntries(
            Map.entry("CoreCount", true), Map.entry("DiskMaxIops", true), Map.entry("DiskSpace", true),
            Map.entry("DiskType", false), Map.entry("GpuCount", true), Map.entry("InstanceType", false),
            Map.entry("InstanceSeries", false), Map.entry("MemorySize", true), Map.entry("NetworkMaxIops", true),
            Map.entry("NetworkMaxThroughput", true), Map.entry("OperatingSystem", false),
            Map.entry("Redundancy", false), Map.entry("StorageClass", false));

    /** Columns that are null on Tax rows and not null on Usage and Purchase rows that are not corrections. */
    static final List<String> PRICED_ROW_COLUMNS = List.of("ListUnitPrice", "ContractedUnitPrice", "PricingQuantity",
            "PricingCategory", "SkuId", "SkuPriceId", "PricingCurrencyListUnitPrice",
            "PricingCurrencyContractedUnitPrice");

    /** Unit prices that must not be negative. */
    static final List<String> UNIT_PRICES = List.of("ListUnitPrice", "ContractedUnitPrice",
            "PricingCurrencyListUnitPrice", "PricingCurrencyContractedUnitPrice");

    private FocusColumns() {
    }

    private static Map<String, String> loadSubcategories() {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = FocusColumns.class.getResourceAsStream("service-subcategories.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                m.put(parts[1], parts[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(m);
    }
}
