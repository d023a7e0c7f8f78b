package io.computenet.devstack;

import io.computenet.contracts.Topics;
import io.computenet.contracts.access.KafkaAccess;
import io.computenet.contracts.access.KafkaAccess.Operation;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The devstack broker enforces {@link KafkaAccess}: every principal writes and reads exactly the topics its grants
 * name and uses only its own consumer groups; a wrong password or no login gets nowhere.
 */
class KafkaBrokerAccessTest {

    private static KafkaBroker broker;
    private static Path work;

    @BeforeAll
    static void startBroker() throws Exception {
        Path home = Path.of(System.getProperty("computenet.home", "..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("cn-kafka-access");
        int[] ports = Ports.distinct(4);
        broker = KafkaBroker.start(home.resolve("kafka-broker/target/libs"), work.resolve("kafka"), ports[0],
                ports[1], new KafkaBroker.Cuttable(ports[2], ports[3]));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        Directories.deleteTree(work);
    }

    static Stream<Arguments> principalsAndTopics() {
        return KafkaAccess.principals().stream().flatMap(p -> KafkaAccess.TOPICS.stream()
                .map(t -> Arguments.of(p, t.name())));
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... pairs) {
        Map<String, Object> c = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            c.put((String) pairs[i], pairs[i + 1]);
        }
        return c;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> client) {
        return new KafkaProducer<>(with(client, ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client) {
        return new KafkaConsumer<>(with(client, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000),
                new StringDeserializer(), new StringDeserializer());
    }

    @ParameterizedTest(name = "{0} writes {1} only if granted")
    @MethodSource("principalsAndTopics")
    void aPrincipalWritesOnlyTheTopicsItIsGranted(String principal, String topic) throws Exception {
        // given
        boolean granted = KafkaAccess.allows(principal, Operation.WRITE_TOPIC, topic);

        try (KafkaProducer<String, String> producer = producer(broker.clientConfig(principal))) {
            // when
            var send = producer.send(new ProducerRecord<>(topic, "k", "{}"));

            // then
            if (granted) {
                assertThat(send.get(30, TimeUnit.SECONDS).topic()).isEqualTo(topic);
            } else {
                assertThatThrownBy(() -> send.get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause()
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @ParameterizedTest(name = "{0} reads {1} only if granted")
    @MethodSource("principalsAndTopics")
    void aPrincipalReadsOnlyTheTopicsItIsGranted(String principal, String topic) {
        // given
        boolean granted = KafkaAccess.allows(principal, Operation.READ_TOPIC, topic);

        try (KafkaConsumer<String, String> consumer = consumer(broker.clientConfig(principal))) {
            // when: no group, so only the topic's ACL counts
            consumer.assign(List.of(new TopicPartition(topic, 0)));

            // then
            if (granted) {
                consumer.poll(Duration.ofMillis(500));
                assertThat(consumer.position(new TopicPartition(topic, 0))).isGreaterThanOrEqualTo(0);
            } else {
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 20; i++) {
                        consumer.poll(Duration.ofMillis(500));
                    }
                }).isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void aServiceCannotJoinAnotherServicesConsumerGroup() {
        // given: billing may read lease events, but only in its own group
        try (KafkaConsumer<String, String> consumer = consumer(with(broker.clientConfig(KafkaAccess.BILLING),
                ConsumerConfig.GROUP_ID_CONFIG, "computenet-scheduler"))) {
            // when
            consumer.subscribe(List.of(Topics.LEASE_EVENTS));

            // then
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        // given
        Map<String, Object> wrong = with(broker.clientConfig(KafkaAccess.AGENT), "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"node-agent\""
                        + " password=\"guessed\";");

        try (KafkaProducer<String, String> producer = producer(wrong)) {
            // when / then
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.INVENTORY, "k", "{}"))
                    .get(30, TimeUnit.SECONDS))
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(SaslAuthenticationException.class),
                            e -> assertThat(e).cause().isInstanceOf(SaslAuthenticationException.class));
        }
    }

    @Test
    void aClientWithoutLoginCannotConnect() {
        // given: plaintext, no SASL
        Map<String, Object> anonymous = Map.of("bootstrap.servers", broker.bootstrapServers());

        try (KafkaProducer<String, String> producer = producer(anonymous)) {
            // when / then: the broker drops the connection before any metadata
            assertThatThrownBy(() -> producer.partitionsFor(Topics.INVENTORY))
                    .isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void theTopicsAreCreatedUpFrontAndNoneOnDemand() throws Exception {
        // given
        try (Admin admin = Admin.create(broker.superUser());
             KafkaProducer<String, String> producer = producer(broker.superUser())) {
            // when
            var send = producer.send(new ProducerRecord<>("computenet.not-a-topic.v1", "k", "{}"));

            // then
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(KafkaAccess.TOPICS.stream()
                    .map(KafkaAccess.TopicSpec::name).toList());
            assertThatThrownBy(() -> send.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .doesNotContain("computenet.not-a-topic.v1");
        }
    }

    @Test
    void cuttingThePathPartitionsOnlyItsClientsUntilItIsRestored() throws Exception {
        // given: an agent that reaches the broker through the cuttable path, and billing that reaches it directly
        try (KafkaProducer<String, String> agent = producer(broker.cuttableClientConfig(KafkaAccess.AGENT));
             KafkaConsumer<String, String> billing = consumer(broker.clientConfig(KafkaAccess.BILLING))) {
            assertThat(agent.send(new ProducerRecord<>(Topics.INVENTORY, "n", "before")).get(30, TimeUnit.SECONDS)
                    .topic()).isEqualTo(Topics.INVENTORY);

            // when
            broker.cutPath();

            // then: the agent's records no longer reach the broker, billing still reads
            try {
                var cut = agent.send(new ProducerRecord<>(Topics.INVENTORY, "n", "during"));
                assertThatThrownBy(() -> cut.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
                billing.assign(List.of(new TopicPartition(Topics.LEASE_EVENTS, 0)));
                billing.poll(Duration.ofMillis(200));
                assertThat(billing.position(new TopicPartition(Topics.LEASE_EVENTS, 0))).isGreaterThanOrEqualTo(0);
            } finally {
                broker.restorePath();
            }

            // and: restored, the same producer gets through again
            assertThat(agent.send(new ProducerRecord<>(Topics.INVENTORY, "n", "after")).get(30, TimeUnit.SECONDS)
                    .topic()).isEqualTo(Topics.INVENTORY);
        }
    }
}
