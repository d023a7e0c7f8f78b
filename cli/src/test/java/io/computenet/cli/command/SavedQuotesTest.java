package io.computenet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SavedQuotesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void turnsAQuoteBackIntoTheRequestNarrowedToItsPlaceAndPrice() throws Exception {
        // given: the request that was quoted, and one of its quotes (a MIG slice)
        ObjectNode request = (ObjectNode) JSON.readTree("{\"memoryGiB\":40,\"deviceCount\":1,\"durationMinutes\":120,"
                + "\"workloadClass\":\"INFERENCE\"}");
        JsonNode quote = JSON.readTree("{\"region\":\"cn-east-yrd\",\"vendor\":\"NVIDIA\",\"model\":\"A100-SXM4-80GB\","
                + "\"sliceKind\":\"MIG\",\"sliceProfile\":\"3g.40gb\",\"pricePerHour\":3.43,\"currency\":\"CNY\"}");

        // when
        ObjectNode lease = new SavedQuotes.Quoted(request, quote).leaseRequest();

        // then
        assertThat(lease.toString()).isEqualTo("{\"memoryGiB\":40,\"deviceCount\":1,\"durationMinutes\":120,"
                + "\"workloadClass\":\"INFERENCE\",\"region\":\"cn-east-yrd\",\"vendor\":\"NVIDIA\","
                + "\"model\":\"A100-SXM4-80GB\",\"sliceProfile\":\"3g.40gb\",\"maxPricePerHour\":3.43}");
        assertThat(request.has("region")).as("the saved request is left as it was").isFalse();
    }
}
