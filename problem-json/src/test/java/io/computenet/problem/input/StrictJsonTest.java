package io.computenet.problem.input;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    record Request(Integer deviceCount, BigDecimal memoryGiB, String region, Boolean interruptible,
                   List<String> command) {
    }

    private final ObjectMapper base = new ObjectMapper();
    private final ObjectMapper strict = StrictJson.strict(base);

    @Test
    void readsAWellFormedBody() throws Exception {
        Request r = strict.readValue("{\"deviceCount\":2,\"memoryGiB\":40.5,\"region\":\"cn-east-yrd\","
                + "\"interruptible\":true,\"command\":[\"python\",\"-c\",\"1\"]}", Request.class);
        assertThat(r).isEqualTo(new Request(2, new BigDecimal("40.5"), "cn-east-yrd", true,
                List.of("python", "-c", "1")));
    }

    @Test
    void refusesAnUnknownPropertyNamingIt() {
        assertThatThrownBy(() -> strict.readValue("{\"deviceCont\":1}", Request.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .satisfies(e -> assertThat(((UnrecognizedPropertyException) e).getPropertyName())
                        .isEqualTo("deviceCont"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"deviceCount\":1.5}", "{\"deviceCount\":\"1\"}", "{\"deviceCount\":1.0}",
            "{\"deviceCount\":true}", "{\"memoryGiB\":\"40\"}", "{\"region\":5}", "{\"region\":true}",
            "{\"interruptible\":1}", "{\"interruptible\":\"true\"}", "{\"command\":[1]}"})
    void coercesNoScalarIntoAnotherType(String body) {
        assertThatThrownBy(() -> strict.readValue(body, Request.class)).isInstanceOf(JsonMappingException.class)
                .satisfies(e -> assertThat(((JsonMappingException) e).getPath()).isNotEmpty());
    }

    @Test
    void refusesADuplicateKeyInATypedBodyAndInATree() {
        assertThatThrownBy(() -> strict.readValue("{\"deviceCount\":1,\"deviceCount\":16}", Request.class))
                .hasMessageContaining("Duplicate field 'deviceCount'");
        assertThatThrownBy(() -> strict.readValue("{\"minutes\":1,\"minutes\":2}", JsonNode.class))
                .hasMessageContaining("Duplicate field 'minutes'");
    }

    @Test
    void refusesANulInAnyStringNamingTheField() {
        assertThatThrownBy(() -> strict.readValue("{\"region\":\"cn\\u0000east\"}", Request.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("NUL")
                .satisfies(e -> assertThat(((JsonMappingException) e).getPath().get(0).getFieldName())
                        .isEqualTo("region"));
        assertThatThrownBy(() -> strict.readValue("{\"command\":[\"ok\",\"b\\u0000d\"]}", Request.class))
                .hasMessageContaining("NUL");
    }

    enum Kind { INFERENCE, TRAINING }

    record Classified(Kind workloadClass) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000INFERENCE", "INFER\\u0000ENCE", "INFERENCE\\u0000", "\\r\\nTRAINING",
            "NOT_A_CLASS"})
    void refusesAnEnumWordWithANulOrUnknownNamingTheField(String word) {
        // given: the services read enums in any case
        ObjectMapper caseInsensitive = StrictJson.strict(new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS));

        // then: Jackson alone would trim a NUL or CR/LF around the word and take it
        assertThatThrownBy(() -> caseInsensitive.readValue("{\"workloadClass\":\"" + word + "\"}", Classified.class))
                .isInstanceOf(JsonMappingException.class)
                .satisfies(e -> assertThat(((JsonMappingException) e).getPath().get(0).getFieldName())
                        .isEqualTo("workloadClass"));
    }

    @Test
    void leavesTheBaseMapperTolerant() throws Exception {
        assertThat(base.copy().configure(com.fasterxml.jackson.databind.DeserializationFeature
                        .FAIL_ON_UNKNOWN_PROPERTIES, false).readValue("{\"extra\":1}", Request.class)).isNotNull();
        assertThat(base.readValue("{\"deviceCount\":\"1\"}", Request.class).deviceCount()).isEqualTo(1);
    }
}
