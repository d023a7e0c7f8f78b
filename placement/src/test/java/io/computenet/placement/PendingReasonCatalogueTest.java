package io.computenet.placement;

import io.computenet.contracts.api.PendingReason;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.capability.Framework;
import io.computenet.placement.gang.GangPlanner;
import io.computenet.placement.gang.GangRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner's sentences are the ones the pending-reason catalogue ({@link PendingReason}) reads as codes: a new or
 * changed sentence here needs its template there (and its message in the portal), or readers get it in English only.
 */
class PendingReasonCatalogueTest {

    private static final long GIB = 1024;

    private static NodeCapacity node(String id, boolean schedulable, boolean free) {
        return new NodeCapacity(id, "op-demo", "cn-east-yrd", "wuhu-1", RegionTier.EAST, schedulable,
                List.of(new DeviceSlot(id + "-g0", Vendor.NVIDIA, "H100 80GB HBM3", 81559, free)));
    }

    @Test
    void everySentenceThePlannersWriteHasACode() {
        // given: fleets and requests that leave each kind of reason
        List<NodeCapacity> busy = List.of(node("n-busy", true, false), node("n-drained", false, true));
        List<PlacementRequest> requests = List.of(
                new PlacementRequest(40 * GIB, 1, null, null, WorkloadClass.INFERENCE),
                new PlacementRequest(40 * GIB, 2, null, Vendor.NVIDIA, WorkloadClass.TRAINING, null, "H100 80GB HBM3",
                        null, Sharing.WHOLE, Framework.VLLM),
                new PlacementRequest(8 * GIB, 1, null, null, WorkloadClass.INFERENCE, null, null, null,
                        Sharing.SHARED),
                new PlacementRequest(8 * GIB, 1, null, null, WorkloadClass.INFERENCE, 30, null, null,
                        Sharing.SHARED),
                new PlacementRequest(8 * GIB, 1, null, Vendor.NVIDIA, WorkloadClass.INFERENCE, null, null, null,
                        Sharing.ISOLATED),
                new PlacementRequest(8 * GIB, 1, null, Vendor.NVIDIA, WorkloadClass.INFERENCE, 40, null, null,
                        Sharing.ISOLATED),
                new PlacementRequest(8 * GIB, 1, null, Vendor.NVIDIA, WorkloadClass.INFERENCE, null, null, "1g.10gb",
                        Sharing.ISOLATED),
                new PlacementRequest(8 * GIB, 1, "cn-west-gz", null, WorkloadClass.INFERENCE),
                new PlacementRequest(40 * GIB, 1, null, null, WorkloadClass.TRAINING, null, null, null,
                        Sharing.WHOLE, null, null, 512 * GIB));
        List<String> sentences = new ArrayList<>();

        // when
        for (PlacementRequest r : requests) {
            sentences.addAll(Planner.plan(r, busy).reasons());
            sentences.addAll(Planner.plan(r, List.of()).reasons());
        }
        sentences.addAll(GangPlanner.plan(new GangRequest(requests.get(1), 3), busy, id -> null).reasons());
        sentences.addAll(GangPlanner.plan(new GangRequest(requests.get(0), 2),
                List.of(node("n-a", true, true), node("n-b", true, false)), id -> null).reasons());

        // then
        assertThat(sentences).hasSizeGreaterThan(requests.size());
        assertThat(sentences).allSatisfy(s -> assertThat(PendingReason.of(s).code()).as(s)
                .isNotEqualTo(PendingReason.OTHER));
    }

    @Test
    void aRequestNamingHostMemoryIsToldItsHostMemoryAsACodeWithItsGiB() {
        // given: a busy fleet, a request that names 512 GiB of host memory per node
        List<NodeCapacity> busy = List.of(node("n-busy", true, false));
        PlacementRequest request = new PlacementRequest(40 * GIB, 1, null, null, WorkloadClass.TRAINING, null, null,
                null, Sharing.WHOLE, null, null, 512 * GIB);

        // when
        List<PendingReason> reasons = Planner.plan(request, busy).reasons().stream().map(PendingReason::of).toList();

        // then
        assertThat(reasons).extracting(PendingReason::code).containsExactly("region_short_devices",
                "host_memory_needed");
        assertThat(reasons.get(1).args()).containsExactly("512");
    }
}
