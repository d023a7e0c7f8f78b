package io.computenet.scheduler.lease;

import io.computenet.contracts.api.LeaseView;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.Sharing;
import io.computenet.scheduler.inventory.SliceAllocationEntity;
import io.computenet.scheduler.placement.CapacitySnapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With binpack in every cluster leases are planned on the indexed live model
 * ({@link CapacitySnapshots#live}): a batch sees what its earlier requests took, slices included, and a batch that
 * rolls back leaves nothing behind in the model.
 */
@QuarkusTest
@TestProfile(IndexedLeaseBatchTest.BinpackEverywhere.class)
class IndexedLeaseBatchTest {

    /** The test profile's clusters with other policies set back to binpack. */
    public static class BinpackEverywhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("computenet.scheduler.clusters.\"policy-spread-1\".placement-policy", "binpack",
                    "computenet.scheduler.clusters.\"policy-fgd-1\".placement-policy", "binpack",
                    "computenet.scheduler.clusters.\"policy-learned-1\".placement-policy", "binpack",
                    "computenet.scheduler.placement-policy", "binpack");
        }
    }

    private static final String TENANT = "t-ibatch";
    private static final String NODE = "ibatch-node";
    private static final String MODEL = BatchTestNode.MODEL;

    @Inject
    LeaseService leases;
    @Inject
    LeaseRequests requests;
    @Inject
    CapacitySnapshots snapshots;

    @BeforeAll
    static void fourA40sInTheEast() {
        // with a soft-share profile, so single-device leases that accept shares get slices of one
        List<DeviceInfo> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(new DeviceInfo(Vendor.NVIDIA, MODEL, NODE + "-" + i, null, i, null,
                    String.format("0000:%02X:00.0", 0x50 + i), 46_068, 0L, 0.0, 35.0, 60.0, DeviceHealth.OK, "550.1",
                    null, "CUDA", "12.4", List.of(new SliceProfile(SliceKind.SOFT, "soft", 1, 1, 10,
                    "nvidia.com/gpumem"))));
        }
        BatchTestNode.publish(NODE, devices);
    }

    @AfterAll
    static void takeTheA40sAway() {
        BatchTestNode.remove(NODE);
    }

    @AfterEach
    void releaseAll() {
        BatchTestNode.releaseAll(leases, TENANT, NODE);
    }

    private static LeaseRequest a40(Sharing sharing, int memoryGiB, Instant startAt) {
        return BatchTestNode.a40(TENANT, memoryGiB, sharing, null, startAt);
    }

    private static Map<String, String> holders() {
        return BatchTestNode.holders(NODE);
    }

    @Test
    void aBatchPlansOnTheIndexAndEachRequestSeesWhatTheOnesBeforeItTook() {
        long indexedBefore = snapshots.indexedPlans();
        // two soft shares of 20 GiB fit one A40 (45 GiB) together; then three whole devices are left, for four asks
        List<LeaseRequests.Outcome> outcomes = requests.requestAll(List.of(a40(Sharing.SHARED, 20, null),
                a40(Sharing.SHARED, 20, null), a40(Sharing.WHOLE, 40, null), a40(Sharing.WHOLE, 40, null),
                a40(Sharing.WHOLE, 40, null), a40(Sharing.WHOLE, 40, null)));

        assertThat(snapshots.indexedPlans() - indexedBefore).isEqualTo(6);
        List<String> wholeLeases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertThat(outcomes.get(i).refused()).as("request %d", i).isNull();
            if (i >= 2) {
                wholeLeases.add(outcomes.get(i).lease().leaseId());
            }
        }
        LeaseView first = outcomes.get(0).lease();
        LeaseView second = outcomes.get(1).lease();
        assertThat(first.slice()).isNotNull();
        assertThat(second.deviceKeys()).isEqualTo(first.deviceKeys()); // packed onto the device already sliced
        assertThat(outcomes.get(5).refused()).isInstanceOf(InsufficientCapacityException.class);
        Map<String, String> holders = holders();
        assertThat(holders.get(first.deviceKeys().get(0))).isNull(); // sliced, not held whole
        // the batch's slices were recorded with the lease rows, on that device
        for (LeaseView sliced : List.of(first, second)) {
            List<SliceAllocationEntity> rows = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                    .call(() -> SliceAllocationEntity.<SliceAllocationEntity>list("leaseId", sliced.leaseId()));
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r.deviceKey).isEqualTo(first.deviceKeys().get(0));
                assertThat(r.memoryMiB).isEqualTo(20L * 1024);
            });
        }
        assertThat(holders.values().stream().filter(java.util.Objects::nonNull).toList())
                .containsExactlyInAnyOrderElementsOf(wholeLeases);
    }

    @Test
    void aBatchThatRollsBackLeavesNothingInTheModel() {
        // the second request is a booking, which a batch does not take: the whole batch fails after the first wrote
        assertThatThrownBy(() -> requests.requestAll(List.of(a40(Sharing.WHOLE, 40, null), a40(Sharing.WHOLE, 40,
                Instant.now().plusSeconds(3600))))).isInstanceOf(IllegalArgumentException.class);
        assertThat(holders().values()).containsOnlyNulls();

        // all four devices are still on offer to the next batch
        List<LeaseRequests.Outcome> outcomes = requests.requestAll(List.of(a40(Sharing.WHOLE, 40, null),
                a40(Sharing.WHOLE, 40, null), a40(Sharing.WHOLE, 40, null), a40(Sharing.WHOLE, 40, null)));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.refused()).isNull());
        assertThat(holders().values()).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void whatAnotherTransactionReleasedIsOnOfferToTheNextBatch() {
        List<LeaseRequests.Outcome> all = requests.requestAll(List.of(a40(Sharing.WHOLE, 40, null),
                a40(Sharing.WHOLE, 40, null), a40(Sharing.WHOLE, 40, null), a40(Sharing.WHOLE, 40, null)));
        assertThat(all).allSatisfy(o -> assertThat(o.refused()).isNull());
        assertThat(requests.requestAll(List.of(a40(Sharing.WHOLE, 40, null))).get(0).refused())
                .isInstanceOf(InsufficientCapacityException.class);

        leases.release(all.get(2).lease().leaseId(), TENANT);

        LeaseRequests.Outcome again = requests.requestAll(List.of(a40(Sharing.WHOLE, 40, null))).get(0);
        assertThat(again.refused()).isNull();
        assertThat(again.lease().deviceKeys()).isEqualTo(all.get(2).lease().deviceKeys());
    }
}
