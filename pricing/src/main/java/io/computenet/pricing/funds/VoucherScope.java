package io.computenet.pricing.funds;

import io.computenet.contracts.inventory.Vendor;

/**
 * Where a voucher may be spent: in one region, on one vendor's devices, both, or anywhere (both null).
 *
 * @param region the region it is limited to, null for every region
 * @param vendor the vendor it is limited to, null for every vendor
 */
public record VoucherScope(String region, Vendor vendor) {

    /** Spendable on anything. */
    public static final VoucherScope ALL = new VoucherScope(null, null);

    /** Whether usage in {@code usageRegion} on {@code usageVendor}'s devices may be paid with it. */
    public boolean covers(String usageRegion, Vendor usageVendor) {
        return (region == null || region.equals(usageRegion)) && (vendor == null || vendor == usageVendor);
    }
}
