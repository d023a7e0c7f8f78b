package io.computenet.placement;

import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.placement.slices.Allocation;
import io.computenet.placement.slices.DeviceMode;
import io.computenet.placement.slices.SliceRequest;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The slice the planner chose on a device for a single-device lease.
 *
 * @param request    what to ask the slice arithmetic for when the lease is booked
 * @param allocation what it would hand out on the device as planned (its id is a placeholder; MIG start slot)
 * @param profile    the device's profile the slice comes from (MIG, VNPU, or the SMLU/SOFT unit profile); null for
 *                   a whole device
 * @param share      the fraction of the device the lease is billed for: the larger of the memory share and the
 *                   compute share it holds, 4 decimals; 1 for a whole device
 * @param computeFraction the fraction of the device's compute it holds (MIG SMs, vNPU AI cores, share percent)
 */
public record SliceChoice(SliceRequest request, Allocation allocation, SliceProfile profile, BigDecimal share,
                          double computeFraction) {

    /** Scale of {@link #share}. */
    public static final int SHARE_SCALE = 4;

    public SliceChoice {
        if (request == null || allocation == null || share == null) {
            throw new IllegalArgumentException("request, allocation and share are required");
        }
        if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("share must be within (0, 1], was " + share);
        }
    }

    public DeviceMode mode() {
        return allocation.mode();
    }

    public boolean whole() {
        return allocation.mode() == DeviceMode.WHOLE;
    }

    /** The share of a device from its memory and compute fractions, rounded up to {@link #SHARE_SCALE} decimals. */
    public static BigDecimal shareOf(double memoryFraction, double computeFraction) {
        double larger = Math.min(1.0, Math.max(memoryFraction, computeFraction));
        BigDecimal share = BigDecimal.valueOf(larger).setScale(SHARE_SCALE, RoundingMode.CEILING);
        return share.signum() == 0 ? BigDecimal.ONE.movePointLeft(SHARE_SCALE) : share;
    }
}
