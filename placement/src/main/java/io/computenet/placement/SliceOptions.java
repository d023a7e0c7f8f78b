package io.computenet.placement;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.placement.slices.Allocation;
import io.computenet.placement.slices.DeviceMode;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.Fit;
import io.computenet.placement.slices.SliceArithmetic;
import io.computenet.placement.slices.SliceRequest;

import java.math.BigDecimal;

/**
 * What a single-device request could get on one device, and which of those serves it best.
 * <ul>
 *   <li>The whole device, when it is free and has the memory.</li>
 *   <li>A fixed profile (MIG, Cambricon MIM, vNPU template) from the device's table with at least the memory and the
 *   compute share asked for, and room on the device now ({@link SliceArithmetic#fits}); only the named profile when
 *   the request names one.</li>
 *   <li>With {@link Sharing#SHARED}: an sMLU share on devices that offer sMLU, else a soft share, of exactly the
 *   memory asked for and the compute share asked for, or without one the compute in proportion to the memory.</li>
 * </ul>
 * The best option wastes least: {@code share x device memory - memory asked}, where share is the larger of the
 * memory and compute fractions it holds (what the lease is billed for). On a tie a whole device or a hardware
 * partition beats a share.
 */
public final class SliceOptions {

    /** Placeholder allocation id of a planned slice; the booking re-fits with the lease id. */
    public static final String PLANNED = "planned";

    /**
     * One way to serve the request on a device.
     *
     * @param choice        the slice (or whole device)
     * @param wasteMiB      memory billed but not asked for
     * @param isolationRank 0 for a whole device or hardware partition, 1 for a share
     */
    public record Option(SliceChoice choice, long wasteMiB, int isolationRank) {
    }

    private SliceOptions() {
    }

    /** The best option on the device, or null when nothing on it serves the request. */
    public static Option best(DeviceSlot device, PlacementRequest request) {
        long need = request.memoryMiBPerDevice();
        Option best = null;
        if (device.free() && device.memoryMiB() >= need && request.sliceProfile() == null) {
            best = new Option(new SliceChoice(SliceRequest.whole(), new Allocation(PLANNED, DeviceMode.WHOLE, null,
                    device.memoryMiB(), 1, -1, 0), null, BigDecimal.ONE, 1.0), device.memoryMiB() - need, 0);
        }
        DeviceState state = device.slices();
        if (state == null || !request.acceptsSlices()) {
            return best;
        }
        DeviceShape shape = state.shape();
        double computeNeeded = request.computePct() == null ? 0.0 : request.computePct() / 100.0;
        for (SliceProfile p : shape.profiles()) {
            if (p.kind() != SliceKind.MIG && p.kind() != SliceKind.VNPU || p.memoryMiB() < need
                    || request.sliceProfile() != null && !request.sliceProfile().equals(p.name())) {
                continue;
            }
            double compute = shape.computeFraction(p);
            if (compute < computeNeeded) {
                continue;
            }
            BigDecimal share = SliceChoice.shareOf(p.memoryMiB() / (double) memoryBase(shape, p), compute);
            long waste = waste(share, device.memoryMiB(), need);
            if (best != null && waste >= best.wasteMiB()) {
                continue;
            }
            SliceRequest slice = new SliceRequest.Profile(p.kind(), p.name());
            if (SliceArithmetic.fits(state, slice)) {
                best = option(state, slice, p, share, compute, waste, 0);
            }
        }
        if (request.sharing() == Sharing.SHARED && request.sliceProfile() == null) {
            SliceKind kind = shape.supports(DeviceMode.SMLU) ? SliceKind.SMLU
                    : shape.supports(DeviceMode.SOFT) ? SliceKind.SOFT : null;
            if (kind != null && need <= device.memoryMiB()) {
                int pct = request.computePct() != null ? request.computePct()
                        : (int) Math.max(1, Math.min(100, (need * 100 + device.memoryMiB() - 1) / device.memoryMiB()));
                SliceRequest.Share slice = new SliceRequest.Share(kind, need, pct);
                SliceProfile unit = shape.profiles().stream().filter(p -> p.kind() == kind).findFirst().orElseThrow();
                long held = kind == SliceKind.SMLU ? roundUp(need, unit.memoryMiB()) : need;
                BigDecimal share = SliceChoice.shareOf(held / (double) device.memoryMiB(), pct / 100.0);
                long waste = waste(share, device.memoryMiB(), need);
                if ((best == null || waste < best.wasteMiB()) && SliceArithmetic.fits(state, slice)) {
                    best = option(state, slice, unit, share, pct / 100.0, waste, 1);
                }
            }
        }
        return best;
    }

    private static Option option(DeviceState state, SliceRequest slice, SliceProfile profile, BigDecimal share,
                                 double computeFraction, long waste, int isolationRank) {
        Fit fit = SliceArithmetic.fit(state, slice, PLANNED);
        if (!(fit instanceof Fit.Placed placed)) {
            throw new IllegalStateException("fits() and fit() disagree on " + slice + " for " + state);
        }
        return new Option(new SliceChoice(slice, placed.allocation(), profile, share, computeFraction), waste,
                isolationRank);
    }

    /** vNPU templates divide the chip's nominal template memory, everything else the device's memory. */
    private static long memoryBase(DeviceShape shape, SliceProfile p) {
        return p.kind() == SliceKind.VNPU ? shape.templateMemoryMiB() : shape.memoryMiB();
    }

    private static long waste(BigDecimal share, long deviceMemoryMiB, long need) {
        return Math.max(0, share.multiply(BigDecimal.valueOf(deviceMemoryMiB)).longValue() - need);
    }

    private static long roundUp(long value, long step) {
        return (value + step - 1) / step * step;
    }
}
