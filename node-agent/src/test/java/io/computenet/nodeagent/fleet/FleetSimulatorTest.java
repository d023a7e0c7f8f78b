package io.computenet.nodeagent.fleet;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetSimulatorTest {

    private static final List<FleetSimulator.Placement> REGIONS = List.of(
            FleetSimulator.Placement.parse("cn-east-yrd:wuhu-1"),
            FleetSimulator.Placement.parse("cn-west-nm:horinger-1"),
            FleetSimulator.Placement.parse("cn-west-gz:guian-1"));

    @Test
    void givesEveryRegionAMixOfVendors() {
        // when
        List<SimulatedNode> fleet = new FleetSimulator().fleet(12, REGIONS, "op-demo", 42);

        // then
        assertThat(fleet).hasSize(12);
        for (FleetSimulator.Placement p : REGIONS) {
            Set<Vendor> vendors = fleet.stream().filter(n -> n.region().equals(p.region()))
                    .flatMap(n -> n.devices().stream()).map(DeviceInfo::vendor).collect(Collectors.toSet());
            assertThat(vendors).as(p.region()).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(fleet.stream().flatMap(n -> n.devices().stream()).map(DeviceInfo::vendor).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Vendor.NVIDIA, Vendor.HUAWEI_ASCEND, Vendor.CAMBRICON);
    }

    @Test
    void isDeterministicForASeed() {
        assertThat(new FleetSimulator().fleet(9, REGIONS, "op", 7)).isEqualTo(new FleetSimulator().fleet(9, REGIONS, "op", 7));
    }

    @Test
    void reportsRealMemorySizesAndSliceProfiles() {
        // when
        List<DeviceInfo> devices = new FleetSimulator().fleet(12, REGIONS, "op", 1).stream()
                .flatMap(n -> n.devices().stream()).toList();

        // then
        DeviceInfo h100 = devices.stream().filter(d -> d.model().equals("H100 80GB HBM3")).findFirst().orElseThrow();
        assertThat(h100.memoryMiB()).isEqualTo(81559);
        assertThat(h100.uuid()).startsWith("GPU-");
        assertThat(h100.sliceProfiles()).extracting(p -> p.kind()).contains(SliceKind.MIG, SliceKind.SOFT);
        DeviceInfo mlu = devices.stream().filter(d -> d.model().equals("MLU370-X8")).findFirst().orElseThrow();
        assertThat(mlu.memoryMiB()).isEqualTo(23374);
        assertThat(devices).allSatisfy(d -> assertThat(d.busId()).matches("0000:[0-9A-F]{2}:00\\.0"));
    }

    @Test
    void rejectsMalformedRegionSpecs() {
        assertThatThrownBy(() -> FleetSimulator.Placement.parse("cn-east-yrd"))
                .hasMessageContaining("region:cluster");
        assertThatThrownBy(() -> new FleetSimulator().fleet(1, List.of(), "op", 1))
                .hasMessageContaining("region");
    }
}
