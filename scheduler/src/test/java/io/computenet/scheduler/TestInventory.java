package io.computenet.scheduler;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds and publishes inventory events the way a node agent does. */
public final class TestInventory {

    private TestInventory() {
    }

    public static DeviceInfo device(Vendor vendor, String model, long memoryMiB, String key, int index) {
        return new DeviceInfo(vendor, model, key, null, index, null, String.format("0000:%02X:00.0", 0x18 + index),
                memoryMiB, 0L, 0.0, 35.0, 60.0, DeviceHealth.OK, "1.0", null, null, null, List.of());
    }

    public static List<DeviceInfo> devices(Vendor vendor, String model, long memoryMiB, String prefix, int count) {
        List<DeviceInfo> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(device(vendor, model, memoryMiB, prefix + "-" + i, i));
        }
        return list;
    }

    public static InventoryEvent inventory(String nodeId, String region, List<DeviceInfo> devices) {
        return InventoryEvent.inventory(Instant.now(), nodeId, "op-test", region, region + "-1", nodeId, devices);
    }

    public static void publish(InventoryEvent event) {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().bootstrapServers())) {
            kafka.send(Topics.INVENTORY, event.nodeId(), EventCodec.encode(event));
        }
    }
}
