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
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * Something a device of some shape could hand out for a request, before looking at what the device holds: what
     * it costs (the billed memory) follows from the shape and the request alone; only whether it still fits depends
     * on the device's state ({@link SliceArithmetic#fits}). {@link #best} picks among a device's offers;
     * {@link CapacityIndex} uses the same offers to search many devices at once.
     *
     * @param slice           what to ask the slice arithmetic for
     * @param profile         the profile it comes from (the SMLU/SOFT unit profile for a share)
     * @param share           the fraction of the device it is billed for
     * @param computeFraction the fraction of the device's compute it holds
     * @param billedMiB       {@code share x device memory}, in MiB
     * @param isolationRank   0 for a hardware partition, 1 for a share
     */
    record Offer(SliceRequest slice, SliceProfile profile, BigDecimal share, double computeFraction, long billedMiB,
                 int isolationRank) {

        /** Memory billed but not asked for. */
        long wasteMiB(long needMiB) {
            return Math.max(0, billedMiB - needMiB);
        }
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
        Offer[] offers = profileOffers(shape, device.memoryMiB());
        for (int i = 0; i < offers.length; i++) {
            Offer offer = offers[i];
            if (offer == null || !servesByTable(offer.profile(), request) || !servesByCompute(offer, request)) {
                continue;
            }
            long waste = offer.wasteMiB(need);
            if (best != null && waste >= best.wasteMiB()) {
                continue;
            }
            if (SliceArithmetic.fits(state, offer.slice())) {
                best = option(state, offer, waste);
            }
        }
        Offer share = shareOffer(shape, device.memoryMiB(), request);
        if (share != null) {
            long waste = share.wasteMiB(need);
            if ((best == null || waste < best.wasteMiB()) && SliceArithmetic.fits(state, share.slice())) {
                best = option(state, share, waste);
            }
        }
        return best;
    }

    /**
     * Whether profile {@code p} of a device's table may serve the request as far as the table tells: a MIG profile or
     * vNPU template with the memory asked for, and the one named when the request names one.
     */
    static boolean servesByTable(SliceProfile p, PlacementRequest request) {
        return (p.kind() == SliceKind.MIG || p.kind() == SliceKind.VNPU)
                && p.memoryMiB() >= request.memoryMiBPerDevice()
                && (request.sliceProfile() == null || request.sliceProfile().equals(p.name()));
    }

    /** Whether a fixed-profile offer holds the compute share the request asks for. */
    static boolean servesByCompute(Offer offer, PlacementRequest request) {
        double computeNeeded = request.computePct() == null ? 0.0 : request.computePct() / 100.0;
        return offer.computeFraction() >= computeNeeded;
    }

    /**
     * The shape's profiles as offers on a device of {@code deviceMemoryMiB}, in table order: an offer for each MIG
     * profile and vNPU template, null for the other kinds. They depend on the shape alone, so they are worked out
     * once per shape and memory (the share arithmetic is decimal, and a fleet has few shapes).
     */
    static Offer[] profileOffers(DeviceShape shape, long deviceMemoryMiB) {
        OfferKey key = new OfferKey(shape, deviceMemoryMiB);
        Offer[] offers = PROFILE_OFFERS.get(key);
        if (offers == null) {
            List<SliceProfile> profiles = shape.profiles();
            offers = new Offer[profiles.size()];
            for (int i = 0; i < offers.length; i++) {
                SliceProfile p = profiles.get(i);
                if (p.kind() == SliceKind.MIG || p.kind() == SliceKind.VNPU) {
                    offers[i] = profileOffer(shape, p, deviceMemoryMiB);
                }
            }
            if (PROFILE_OFFERS.size() < PROFILE_OFFERS_LIMIT) {
                PROFILE_OFFERS.putIfAbsent(key, offers);
            }
        }
        return offers;
    }

    private record OfferKey(DeviceShape shape, long deviceMemoryMiB) {
    }

    /** Bounded against odd input, like the capability lookups; the arrays are never changed once built. */
    private static final ConcurrentHashMap<OfferKey, Offer[]> PROFILE_OFFERS = new ConcurrentHashMap<>();
    private static final int PROFILE_OFFERS_LIMIT = 1024;

    /** A MIG profile or vNPU template of the shape as an offer on a device of {@code deviceMemoryMiB}. */
    private static Offer profileOffer(DeviceShape shape, SliceProfile p, long deviceMemoryMiB) {
        double compute = shape.computeFraction(p);
        BigDecimal share = SliceChoice.shareOf(p.memoryMiB() / (double) memoryBase(shape, p), compute);
        return new Offer(new SliceRequest.Profile(p.kind(), p.name()), p, share, compute,
                billed(share, deviceMemoryMiB), 0);
    }

    /**
     * The share a {@link Sharing#SHARED} request without a profile name could get on a device of this shape: sMLU on
     * devices that offer it, else a soft share; null when the request or the shape allows none.
     */
    static Offer shareOffer(DeviceShape shape, long deviceMemoryMiB, PlacementRequest request) {
        long need = request.memoryMiBPerDevice();
        if (request.sharing() != Sharing.SHARED || request.sliceProfile() != null) {
            return null;
        }
        SliceKind kind = shareKind(shape);
        if (kind == null || need > deviceMemoryMiB) {
            return null;
        }
        int pct = request.computePct() != null ? request.computePct()
                : (int) Math.max(1, Math.min(100, (need * 100 + deviceMemoryMiB - 1) / deviceMemoryMiB));
        SliceRequest.Share slice = new SliceRequest.Share(kind, need, pct);
        SliceProfile unit = shape.profiles().stream().filter(p -> p.kind() == kind).findFirst().orElseThrow();
        long held = kind == SliceKind.SMLU ? roundUp(need, unit.memoryMiB()) : need;
        BigDecimal share = SliceChoice.shareOf(held / (double) deviceMemoryMiB, pct / 100.0);
        return new Offer(slice, unit, share, pct / 100.0, billed(share, deviceMemoryMiB), 1);
    }

    /** The kind of share a shared request gets on this shape: sMLU where offered, else soft, else none (null). */
    static SliceKind shareKind(DeviceShape shape) {
        return shape.supports(DeviceMode.SMLU) ? SliceKind.SMLU : shape.supports(DeviceMode.SOFT) ? SliceKind.SOFT
                : null;
    }

    private static Option option(DeviceState state, Offer offer, long waste) {
        Fit fit = SliceArithmetic.fit(state, offer.slice(), PLANNED);
        if (!(fit instanceof Fit.Placed placed)) {
            throw new IllegalStateException("fits() and fit() disagree on " + offer.slice() + " for " + state);
        }
        return new Option(new SliceChoice(offer.slice(), placed.allocation(), offer.profile(), offer.share(),
                offer.computeFraction()), waste, offer.isolationRank());
    }

    /** vNPU templates divide the chip's nominal template memory, everything else the device's memory. */
    private static long memoryBase(DeviceShape shape, SliceProfile p) {
        return p.kind() == SliceKind.VNPU ? shape.templateMemoryMiB() : shape.memoryMiB();
    }

    private static long billed(BigDecimal share, long deviceMemoryMiB) {
        return share.multiply(BigDecimal.valueOf(deviceMemoryMiB)).longValue();
    }

    private static long roundUp(long value, long step) {
        return (value + step - 1) / step * step;
    }
}
