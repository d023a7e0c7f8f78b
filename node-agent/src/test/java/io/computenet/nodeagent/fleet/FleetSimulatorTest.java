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
    void givesEveryNodeTheHostCpusAndMemoryOfItsKindOfServer() {
        // when
        List<SimulatedNode> fleet = new FleetSimulator().fleet(12, REGIONS, "op", 3);

        // then: 8-accelerator servers 112..192 logical CPUs and >= 1 TiB, 4-accelerator ones 64..96 and 512 GiB
        for (SimulatedNode n : fleet) {
            assertThat(n.host()).as(n.nodeId()).isNotNull();
            if (n.devices().size() == 8) {
                assertThat(n.host().cpuCount()).as(n.nodeId()).isBetween(112, 192);
                assertThat(n.host().memoryMiB()).as(n.nodeId()).isGreaterThanOrEqualTo(1024L * 1024);
            } else {
                assertThat(n.host().cpuCount()).as(n.nodeId()).isBetween(64, 96);
                assertThat(n.host().memoryMiB()).as(n.nodeId()).isEqualTo(512L * 1024);
            }
        }
        assertThat(fleet.stream().filter(n -> n.devices().get(0).model().equals("H100 80GB HBM3")).findFirst()
                .orElseThrow().host().cpuCount()).isEqualTo(128);
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
    void addsATrainingBlockOfOneModelInOneRackWithoutChangingTheRoundRobinNodes() {
        // given
        FleetSimulator.Training block = new FleetSimulator.Training(2, FleetSimulator.Placement.parse(
                "cn-west-gz:guian-1"), "guian-1/rack-a12");

        // when
        List<SimulatedNode> plain = new FleetSimulator().fleet(9, REGIONS, "op", 42);
        List<SimulatedNode> withBlock = new FleetSimulator().fleet(9, REGIONS, block, "op", 42);

        // then: the first nine are the same; two 8x Ascend 910B3 nodes follow, numbered on, in one rack
        assertThat(withBlock.subList(0, 9)).isEqualTo(plain);
        List<SimulatedNode> training = withBlock.subList(9, 11);
        assertThat(training).extracting(SimulatedNode::nodeId)
                .containsExactly("sim-cn-west-gz-009", "sim-cn-west-gz-010");
        assertThat(training).allSatisfy(n -> {
            assertThat(n.cluster()).isEqualTo("guian-1");
            assertThat(n.topology()).isEqualTo("guian-1/rack-a12");
            assertThat(n.devices()).hasSize(8).allSatisfy(d -> {
                assertThat(d.model()).isEqualTo("Ascend910B3");
                assertThat(d.memoryMiB()).isEqualTo(65536);
            });
        });
        assertThat(plain).extracting(SimulatedNode::topology).containsOnlyNulls();
    }

    @Test
    void givesEveryAscendDeviceItsOwnAddressAndNoOtherDeviceOne() {
        // given
        FleetSimulator.Training block = new FleetSimulator.Training(2, FleetSimulator.Placement.parse(
                "cn-west-gz:guian-1"), "guian-1/rack-a12");

        // when
        List<DeviceInfo> devices = new FleetSimulator().fleet(600, REGIONS, block, "op", 42).stream()
                .flatMap(n -> n.devices().stream()).toList();

        // then: Ascend devices have distinct IPv4 addresses, one plane (second octet) per device index
        List<DeviceInfo> ascend = devices.stream().filter(d -> d.vendor() == Vendor.HUAWEI_ASCEND).toList();
        assertThat(ascend).isNotEmpty().allSatisfy(d -> {
            assertThat(DeviceInfo.isIpv4Address(d.deviceIp())).as(d.deviceIp()).isTrue();
            assertThat(d.deviceIp()).startsWith("10." + (100 + d.index()) + ".");
        });
        assertThat(ascend).extracting(DeviceInfo::deviceIp).doesNotHaveDuplicates();
        assertThat(devices).filteredOn(d -> d.vendor() != Vendor.HUAWEI_ASCEND)
                .extracting(DeviceInfo::deviceIp).containsOnlyNulls();
    }

    @Test
    void rejectsMalformedRegionSpecs() {
        assertThatThrownBy(() -> FleetSimulator.Placement.parse("cn-east-yrd"))
                .hasMessageContaining("region:cluster");
        assertThatThrownBy(() -> new FleetSimulator().fleet(1, List.of(), "op", 1))
                .hasMessageContaining("region");
    }
}
