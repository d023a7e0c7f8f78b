package io.computenet.scheduler.lease;

import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The compute a lease holds, in A100s, from the capability table. */
class LeaseViewTest {

    private static LeaseEntity lease(Vendor vendor, String model, int devices, Double computeFraction) {
        LeaseEntity l = new LeaseEntity();
        l.vendor = vendor;
        l.deviceModel = model;
        l.deviceCount = devices;
        l.computeFraction = computeFraction;
        return l;
    }

    @Test
    void wholeDevicesCountTheirFullComputeAndSlicesTheirShareOfIt() {
        assertThat(LeaseViews.relativeCompute(lease(Vendor.NVIDIA, "A100-SXM4-80GB", 2, null))).isEqualTo(2.0);
        assertThat(LeaseViews.relativeCompute(lease(Vendor.NVIDIA, "A100-SXM4-80GB", 1, 3 / 7.0))).isEqualTo(0.43);
    }

    @Test
    void anUnplacedLeaseOrAModelWithoutAFigureHasNone() {
        assertThat(LeaseViews.relativeCompute(lease(null, null, 1, null))).isNull();
        assertThat(LeaseViews.relativeCompute(lease(Vendor.CAMBRICON, "MLU590", 1, null))).isNull();
    }
}
