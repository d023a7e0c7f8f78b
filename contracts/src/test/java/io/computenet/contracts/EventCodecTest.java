package io.computenet.contracts;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.MigInstance;
import io.computenet.contracts.inventory.MigMode;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.lease.LeaseEvent;
import io.computenet.contracts.lease.LeaseState;
import io.computenet.contracts.usage.UsageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30Z");

    private static DeviceInfo h100() {
        return new DeviceInfo(Vendor.NVIDIA, "H100 80GB HBM3", "GPU-1", null, 0, null, "0000:18:00.0", 81559, 0L,
                0.0, 31.0, 70.0, DeviceHealth.OK, "550.54", null, "CUDA", "12.4", List.of());
    }

    @Test
    void roundTripsInventoryEventWithAllFields() {
        // given
        InventoryEvent event = InventoryEvent.inventory(T0, "node-1", "op-demo", "cn-east-yrd", "yrd-a", "host-1",
                List.of(h100()));

        // when
        InventoryEvent decoded = EventCodec.decode(EventCodec.encode(event), InventoryEvent.class);

        // then
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.key()).isEqualTo("node-1");
    }

    @Test
    void roundTripsAMigEnabledGpuWithItsInstances() {
        // given
        DeviceInfo gpu = new DeviceInfo(Vendor.NVIDIA, "A100-SXM4-80GB", "GPU-2", null, 1, null, "0000:07:00.0",
                81920, 0L, 0.0, 30.0, 60.0, DeviceHealth.OK, "535.104.05", null, "CUDA", "12.2", List.of(),
                MigMode.ENABLED, List.of(new MigInstance(1, "3g.40gb", 9, 4, 4), new MigInstance(2, "3g.40gb", 9, 0, 4)));
        InventoryEvent event = InventoryEvent.inventory(T0, "node-1", "op-demo", "cn-east-yrd", "yrd-a", "host-1",
                List.of(gpu, h100()));

        // when
        InventoryEvent decoded = EventCodec.decode(EventCodec.encode(event), InventoryEvent.class);

        // then
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.devices().get(0).migInstances()).extracting(MigInstance::gpuInstanceId).containsExactly(1, 2);
        assertThat(decoded.devices().get(1).migMode()).isNull();
        assertThat(decoded.devices().get(1).migInstances()).isNull();
    }

    @Test
    void aDeviceWrittenBeforeMigStateReadsAsUnknownMig() {
        // given: a record as agents wrote it before migMode and migInstances existed
        String json = """
                {"eventId":"e-1","type":"node.inventory","schemaVersion":1,"occurredAt":"2026-11-23T10:15:30Z",
                 "nodeId":"node-1","operatorId":"op-demo","region":"cn-east-yrd","cluster":"yrd-a","hostname":"h",
                 "devices":[{"vendor":"NVIDIA","model":"H100 80GB HBM3","uuid":"GPU-1","index":0,
                             "memoryMiB":81559,"health":"OK","toolkit":"CUDA","sliceProfiles":[]}]}""";

        // when
        DeviceInfo device = EventCodec.decode(json, InventoryEvent.class).devices().get(0);

        // then
        assertThat(device.migMode()).isNull();
        assertThat(device.migInstances()).isNull();
        assertThat(device.deviceIp()).isNull();
        assertThat(device.memoryMiB()).isEqualTo(81559);
    }

    @Test
    void carriesAnAscendDevicesAddressAndRejectsOneThatIsNoAddress() {
        // given
        DeviceInfo npu = new DeviceInfo(Vendor.HUAWEI_ASCEND, "Ascend910B3", null, null, 3, 0, "0000:C2:00.0", 65536,
                0L, 0.0, 40.0, 90.0, DeviceHealth.OK, "24.1.rc2", null, "CANN", null, List.of())
                .withDeviceIp("192.168.100.104");
        InventoryEvent event = InventoryEvent.inventory(T0, "node-1", "op-demo", "cn-west-gz", "guian-1", "host-1",
                List.of(npu));
        String bad = EventCodec.encode(event).replace("192.168.100.104", "192.168.100.300");

        // when
        InventoryEvent decoded = EventCodec.decode(EventCodec.encode(event), InventoryEvent.class);

        // then
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.devices().get(0).deviceIp()).isEqualTo("192.168.100.104");
        assertThat(decoded.devices().get(0).shape().deviceIp()).isEqualTo("192.168.100.104");
        assertThatThrownBy(() -> EventCodec.decode(bad, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("devices[0].deviceIp");
    }

    @Test
    void carriesTheAgentsTopologyLabelAndReadsARecordWithoutOneAsNone() {
        // given: an inventory with a rack label, and a record as agents wrote it before labels existed
        InventoryEvent labelled = InventoryEvent.inventory(T0, "node-1", "op-demo", "cn-west-gz", "guian-1", "host-1",
                List.of(h100()), "guian-1/rack-a12");
        String old = """
                {"eventId":"e-1","type":"node.inventory","schemaVersion":1,"occurredAt":"2026-11-23T10:15:30Z",
                 "nodeId":"node-1","operatorId":"op-demo","region":"cn-east-yrd","cluster":"yrd-a","hostname":"h",
                 "devices":[]}""";

        // when
        InventoryEvent decoded = EventCodec.decode(EventCodec.encode(labelled), InventoryEvent.class);
        InventoryEvent decodedOld = EventCodec.decode(old, InventoryEvent.class);

        // then
        assertThat(decoded).isEqualTo(labelled);
        assertThat(decoded.topology()).isEqualTo("guian-1/rack-a12");
        assertThat(decodedOld.topology()).isNull();
    }

    @Test
    void carriesTheHostsCpuAndMemoryAndReadsARecordWithoutThemAsUnknown() {
        // given: an inventory with the host's 112 logical CPUs and 2 TiB, and a record of an older agent
        InventoryEvent withHost = InventoryEvent.inventory(T0, "node-1", "op-demo", "cn-west-gz", "guian-1", "host-1",
                List.of(h100()), null, 112, 2_097_152L);
        String old = """
                {"eventId":"e-1","type":"node.inventory","schemaVersion":1,"occurredAt":"2026-11-23T10:15:30Z",
                 "nodeId":"node-1","operatorId":"op-demo","region":"cn-east-yrd","cluster":"yrd-a","hostname":"h",
                 "devices":[]}""";

        // when
        InventoryEvent decoded = EventCodec.decode(EventCodec.encode(withHost), InventoryEvent.class);
        InventoryEvent decodedOld = EventCodec.decode(old, InventoryEvent.class);

        // then
        assertThat(decoded).isEqualTo(withHost);
        assertThat(decoded.hostCpuCount()).isEqualTo(112);
        assertThat(decoded.hostMemoryMiB()).isEqualTo(2_097_152L);
        assertThat(decodedOld.hostCpuCount()).isNull();
        assertThat(decodedOld.hostMemoryMiB()).isNull();
    }

    @Test
    void rejectsAHostWithoutCpusNamingTheField() {
        // given
        String json = EventCodec.encode(InventoryEvent.inventory(T0, "node-1", "op-demo", "cn-west-gz", "guian-1",
                "h", List.of(h100()), null, 0, 1024L));

        // when / then
        assertThatThrownBy(() -> EventCodec.decode(json, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("hostCpuCount");
    }

    @Test
    void rejectsATopologyLabelThatIsNotALabel() {
        // given
        String json = EventCodec.encode(InventoryEvent.inventory(T0, "node-1", "op-demo", "cn-west-gz", "guian-1",
                "h", List.of(h100()), "rack 9; drop table"));

        // when / then
        assertThatThrownBy(() -> EventCodec.decode(json, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("topology");
    }

    @Test
    void rejectsAnUnknownMigModeAndADamagedInstanceNamingTheField() {
        // given
        String badMode = """
                {"eventId":"e-1","type":"node.inventory","schemaVersion":1,"occurredAt":"2026-11-23T10:15:30Z",
                 "nodeId":"node-1","operatorId":"op-demo","region":"cn-east-yrd","cluster":"yrd-a","hostname":"h",
                 "devices":[{"vendor":"NVIDIA","model":"H100","index":0,"memoryMiB":81559,"health":"OK",
                             "migMode":"SOMETIMES"}]}""";
        String badInstance = badMode.replace("\"migMode\":\"SOMETIMES\"",
                "\"migMode\":\"ENABLED\",\"migInstances\":[{\"gpuInstanceId\":1,\"profileId\":9,\"placementStart\":0,\"placementSize\":4}]");

        // when / then
        assertThatThrownBy(() -> EventCodec.decode(badMode, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("SOMETIMES");
        assertThatThrownBy(() -> EventCodec.decode(badInstance, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("devices[0].migInstances[0].profile");
    }

    @Test
    void writesInstantsAsIsoStrings() {
        // given
        UsageEvent event = UsageEvent.sample(T0, "lease-1", "node-1", "GPU-1", 50.0, 1024L);

        // when
        String json = EventCodec.encode(event);

        // then
        assertThat(json).contains("\"occurredAt\":\"2026-11-23T10:15:30Z\"").contains("\"schemaVersion\":1");
    }

    @Test
    void roundTripsLeaseEndedEvent() {
        // given
        LeaseEvent event = LeaseEvent.of(LeaseEvent.TYPE_ENDED, T0, "lease-1", "tenant-a", LeaseState.RELEASED,
                "cn-east-yrd", "yrd-a", "node-1", "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", 1, 81559,
                List.of("GPU-1"), T0.minusSeconds(60), T0, null);

        // when
        LeaseEvent decoded = EventCodec.decode(EventCodec.encode(event), LeaseEvent.class);

        // then
        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void roundTripsASliceLeaseWithItsShare() {
        // given a lease holding a 3g.40gb MIG instance, billed for 49.28 % of the device
        LeaseEvent event = LeaseEvent.of(LeaseEvent.TYPE_STARTED, T0, "lease-1", "tenant-a", LeaseState.RUNNING,
                "cn-east-yrd", "yrd-a", "node-1", "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", 1, 40960,
                List.of("GPU-1"), T0, null, null, "MIG", "3g.40gb", new java.math.BigDecimal("0.4928"));

        // when
        LeaseEvent decoded = EventCodec.decode(EventCodec.encode(event), LeaseEvent.class);

        // then
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.share()).isEqualByComparingTo("0.4928");
    }

    @Test
    void aLeaseEventWrittenBeforeSlicesReadsAsWholeDevices() {
        // given a lease event as schema 1 wrote it before slices: no sliceKind, sliceProfile or share
        String json = EventCodec.encode(LeaseEvent.of(LeaseEvent.TYPE_STARTED, T0, "lease-1", "tenant-a",
                LeaseState.RUNNING, "cn-east-yrd", "yrd-a", "node-1", "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", 2,
                81559, List.of("GPU-1", "GPU-2"), T0, null, null))
                .replaceAll(",\"slice(Kind|Profile)\":null", "").replaceAll(",\"share\":1", "");
        assertThat(json).doesNotContain("share").doesNotContain("slice");

        // when / then
        assertThat(EventCodec.decode(json, LeaseEvent.class).share()).isEqualByComparingTo("1");
    }

    @Test
    void aLeaseEventSaysWhetherTheLeaseIsInterruptibleAndOlderEventsReadAsOnDemand() {
        // given
        LeaseEvent interruptible = LeaseEvent.of(LeaseEvent.TYPE_STARTED, T0, "lease-1", "tenant-a",
                LeaseState.RUNNING, "cn-east-yrd", "yrd-a", "node-1", "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", 1,
                81559, List.of("GPU-1"), T0, null, null, null, null, null, true);
        String older = EventCodec.encode(interruptible).replace(",\"interruptible\":true", "");

        // then
        assertThat(EventCodec.decode(EventCodec.encode(interruptible), LeaseEvent.class).interruptible()).isTrue();
        assertThat(older).doesNotContain("interruptible");
        assertThat(EventCodec.decode(older, LeaseEvent.class).interruptible()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1.5, 1", "0.5, 2"})
    void rejectsAShareOutsideOneDeviceNamingTheField(String share, int devices) {
        LeaseEvent event = LeaseEvent.of(LeaseEvent.TYPE_STARTED, T0, "lease-1", "tenant-a", LeaseState.RUNNING,
                "cn-east-yrd", "yrd-a", "node-1", "op-demo", Vendor.NVIDIA, "H100 80GB HBM3", devices, 1024,
                List.of("GPU-1"), T0, null, null, "SOFT", null, new java.math.BigDecimal(share));

        assertThatThrownBy(() -> EventCodec.decode(EventCodec.encode(event), LeaseEvent.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("share");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "[1,2]", "{\"eventId\":"})
    void rejectsRecordsThatAreNotJsonObjects(String raw) {
        assertThatThrownBy(() -> EventCodec.decode(raw, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("InventoryEvent");
    }

    @Test
    void rejectsUnsupportedSchemaVersionNamingTheField() {
        // given
        String json = EventCodec.encode(InventoryEvent.inventory(T0, "node-1", "op", "r", "c", "h", List.of(h100())))
                .replace("\"schemaVersion\":1", "\"schemaVersion\":7");

        // then
        assertThatThrownBy(() -> EventCodec.decode(json, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("schemaVersion: only 1 is supported but was 7");
    }

    @Test
    void rejectsInventoryWithDeviceMissingMemoryAndVendor() {
        // given
        String json = "{\"eventId\":\"e1\",\"type\":\"node.inventory\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"2026-11-23T10:15:30Z\",\"nodeId\":\"n1\",\"operatorId\":\"op\",\"region\":\"r\","
                + "\"cluster\":\"c\",\"devices\":[{\"model\":\"H100\",\"index\":0,\"memoryMiB\":0,\"health\":\"OK\"}]}";

        // then
        assertThatThrownBy(() -> EventCodec.decode(json, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("devices[0].vendor: must not be null")
                .hasMessageContaining("devices[0].memoryMiB: must be positive");
    }

    @Test
    void rejectsUnknownVendor() {
        String json = "{\"eventId\":\"e1\",\"type\":\"node.inventory\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"2026-11-23T10:15:30Z\",\"nodeId\":\"n1\",\"operatorId\":\"op\",\"region\":\"r\","
                + "\"cluster\":\"c\",\"devices\":[{\"vendor\":\"ACME\",\"model\":\"X\",\"index\":0,\"memoryMiB\":1}]}";

        assertThatThrownBy(() -> EventCodec.decode(json, InventoryEvent.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("ACME");
    }

    @Test
    void rejectsLeaseEndedWithoutEndTimeOrWithLiveState() {
        // given
        LeaseEvent event = LeaseEvent.of(LeaseEvent.TYPE_ENDED, T0, "lease-1", "tenant-a", LeaseState.RUNNING,
                "r", "c", "node-1", "op", Vendor.CAMBRICON, "MLU370-X8", 1, 23374, List.of(), T0, null, null);

        // then
        assertThatThrownBy(() -> EventCodec.decode(EventCodec.encode(event), LeaseEvent.class))
                .hasMessageContaining("endedAt: must not be null")
                .hasMessageContaining("state: lease.ended needs a terminal state but was RUNNING");
    }

    @Test
    void rejectsEventOfAnotherType() {
        // given
        String usage = EventCodec.encode(UsageEvent.sample(T0, "lease-1", "node-1", "GPU-1", 5.0, 1L));

        // then
        assertThatThrownBy(() -> EventCodec.decode(usage, LeaseEvent.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("type: must be one of");
    }

    @Test
    void rejectsUsageOutsidePercentRange() {
        String json = EventCodec.encode(UsageEvent.sample(T0, "lease-1", "node-1", "GPU-1", 140.0, 1L));

        assertThatThrownBy(() -> EventCodec.decode(json, UsageEvent.class))
                .hasMessageContaining("utilizationPct: must be within 0..100 but was 140.0");
    }
}
