package io.computenet.scheduler.decision;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;

import java.util.List;

/** Slice profile tables of test devices, as their agents report them. */
public final class SliceProfiles {

    private SliceProfiles() {
    }

    /** An H100 80GB's MIG profiles and HAMi soft shares. */
    public static List<SliceProfile> h100() {
        return List.of(
                mig("1g.10gb", 9984, 16, 7), mig("1g.20gb", 20096, 16, 4), mig("2g.20gb", 20096, 32, 3),
                mig("3g.40gb", 40320, 60, 2), mig("4g.40gb", 40320, 64, 1), mig("7g.80gb", 80896, 132, 1),
                new SliceProfile(SliceKind.SOFT, "soft", 1, 1, 10, "nvidia.com/gpumem"));
    }

    private static SliceProfile mig(String name, long mib, int sms, int max) {
        return new SliceProfile(SliceKind.MIG, name, mib, sms, max, "nvidia.com/mig-" + name);
    }
}
