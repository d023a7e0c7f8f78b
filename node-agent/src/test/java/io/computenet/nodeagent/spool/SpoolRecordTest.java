package io.computenet.nodeagent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpoolRecordTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n"})
    void rejectsMissingOrBlankTopic(String topic) {
        // given a record without a usable topic / when it is built / then it is refused
        assertThatThrownBy(() -> new SpoolRecord(topic, "k", "e-1", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void rejectsMissingOrBlankEventId(String eventId) {
        // given a record without an event id, which consumers need to deduplicate
        // when it is built / then it is refused
        assertThatThrownBy(() -> new SpoolRecord("node.heartbeat", "k", eventId, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventId");
    }

    @Test
    void rejectsNullPayload() {
        // given a record without payload / when it is built / then it is refused, naming the event
        assertThatThrownBy(() -> new SpoolRecord("node.heartbeat", "k", "e-1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload")
                .hasMessageContaining("e-1");
    }

    @Test
    void acceptsNullKeyAndEmptyPayload() {
        // given a keyless record with an empty payload (both legal in Kafka)
        // when it is built
        SpoolRecord record = new SpoolRecord("node.usage", null, "e-1", "");

        // then it keeps its fields as given
        assertThat(record.key()).isNull();
        assertThat(record.payload()).isEmpty();
        assertThat(record.topic()).isEqualTo("node.usage");
        assertThat(record.eventId()).isEqualTo("e-1");
    }
}
