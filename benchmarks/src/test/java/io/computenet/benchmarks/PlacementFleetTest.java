package io.computenet.benchmarks;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.PlacementRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementFleetTest {

    @Test
    void fleetHasTenThousandNodesOfEightSliceableDevicesAndAThirdHeldWhole() {
        // given / when
        List<NodeCapacity> nodes = PlacementFleet.nodes(new Random(42));

        // then
        assertEquals(10_000, nodes.size());
        long devices = nodes.stream().mapToLong(n -> n.devices().size()).sum();
        long held = nodes.stream().flatMap(n -> n.devices().stream()).filter(d -> !d.free()).count();
        assertEquals(80_000, devices);
        assertTrue(held > devices / 4 && held < devices * 2 / 5, "held whole: " + held);
        assertTrue(nodes.stream().flatMap(n -> n.devices().stream()).allMatch(d -> d.shape() != null));
    }

    @Test
    void requestMixIsMostlySlicesAndNamesOnlyProfilesTheFleetHas() {
        // given the fleet's devices and the mix
        List<DeviceSlot> devices = PlacementFleet.nodes(new Random(42)).stream().limit(7)
                .map(n -> n.devices().get(0)).toList();
        PlacementRequest[] requests = PlacementFleet.requests(new Random(7), 1024);

        // then about 70 % accept slices, and every profile name asked for is on some model
        long slices = java.util.Arrays.stream(requests).filter(PlacementRequest::acceptsSlices).count();
        assertTrue(slices > 650 && slices < 780, "slice requests: " + slices);
        for (PlacementRequest r : requests) {
            if (r.sliceProfile() != null) {
                assertTrue(devices.stream().anyMatch(d -> d.shape().profile(SliceKind.MIG, r.sliceProfile())
                        .or(() -> d.shape().profile(SliceKind.VNPU, r.sliceProfile())).isPresent()),
                        r.sliceProfile());
            }
        }
    }
}
