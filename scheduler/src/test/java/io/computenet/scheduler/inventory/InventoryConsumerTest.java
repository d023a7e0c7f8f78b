package io.computenet.scheduler.inventory;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.Topics;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.devstack.testing.KafkaTestClient;
import io.computenet.devstack.testing.RealInfraResource;
import io.computenet.scheduler.TestInventory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class InventoryConsumerTest {

    private static long deviceCount(String nodeId) {
        return QuarkusTransaction.requiringNew().call(() -> DeviceEntity.count("nodeId", nodeId));
    }

    @Test
    void storesNodesAndDevicesFromInventoryEvents() {
        // given
        InventoryEvent event = TestInventory.inventory("inv-node-1", "cn-east-yrd",
                TestInventory.devices(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536, "inv1", 8));

        // when
        TestInventory.publish(event);

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("inv-node-1") == 8);
        NodeEntity node = QuarkusTransaction.requiringNew().call(() -> NodeEntity.findById("inv-node-1"));
        assertThat(node.region).isEqualTo("cn-east-yrd");
        assertThat(node.operatorId).isEqualTo("op-test");
    }

    @Test
    void aRedeliveredOlderInventoryDoesNotRollTheNodeBack() {
        // given: a node reports 4 devices, then 2
        InventoryEvent first = TestInventory.inventory("inv-node-2", "cn-west-nm",
                TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "inv2", 4));
        InventoryEvent second = new InventoryEvent(java.util.UUID.randomUUID().toString(), first.type(), 1,
                first.occurredAt().plusSeconds(5), first.nodeId(), first.operatorId(), first.region(),
                first.cluster(), first.hostname(), first.devices().subList(0, 2));
        TestInventory.publish(first);
        TestInventory.publish(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("inv-node-2") == 2);

        // when: the first is delivered again
        TestInventory.publish(first);
        TestInventory.publish(TestInventory.inventory("inv-node-marker", "cn-west-nm",
                TestInventory.devices(Vendor.CAMBRICON, "MLU370-X8", 23374, "mark", 1)));

        // then: once a later record is applied, the node still has 2 devices
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("inv-node-marker") == 1);
        assertThat(deviceCount("inv-node-2")).isEqualTo(2);
    }

    @Test
    void deadLettersUnreadableRecordsWithTheReasonAndKeepsConsuming() {
        try (KafkaTestClient kafka = new KafkaTestClient(RealInfraResource.kafka().bootstrapServers())) {
            // given
            kafka.send(Topics.INVENTORY, "bad-node", "{\"eventId\":\"x\",\"type\":\"node.inventory\"");
            kafka.send(Topics.INVENTORY, "bad-region", EventCodec.encode(TestInventory.inventory("bad-region",
                    "atlantis", TestInventory.devices(Vendor.NVIDIA, "H100 80GB HBM3", 81559, "bad", 1))));

            // when: a good record follows
            TestInventory.publish(TestInventory.inventory("inv-node-after-bad", "cn-west-gz",
                    TestInventory.devices(Vendor.NVIDIA, "H100 80GB HBM3", 81559, "after", 2)));

            // then
            await().atMost(Duration.ofSeconds(30)).until(() -> deviceCount("inv-node-after-bad") == 2);
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER,
                    r -> "bad-region".equals(r.key()), Duration.ofSeconds(30));
            assertThat(dead).extracting(ConsumerRecord::key).contains("bad-node", "bad-region");
            assertThat(reason(dead, "bad-node")).contains("not a InventoryEvent");
            assertThat(reason(dead, "bad-region")).contains("unknown region atlantis");
            assertThat(deviceCount("bad-region")).isZero();
        }
    }

    private static String reason(List<ConsumerRecord<String, String>> records, String key) {
        ConsumerRecord<String, String> r = records.stream().filter(x -> key.equals(x.key())).findFirst().orElseThrow();
        var header = r.headers().lastHeader("dead-letter-reason");
        assertThat(header).as("dead-letter-reason header on " + key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
