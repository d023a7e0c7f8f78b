package io.computenet.devstack.testing;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.computenet.devstack.testing.BadInput.Case;
import io.computenet.devstack.testing.BadInput.Mutation;
import io.computenet.devstack.testing.BadInput.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bad-input generator: deterministic for a seed, every kind of case produced, each case broken as it says. */
class BadInputTest {

    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final Shape EVERY_KIND = Shape.of("tenantId", "t-1", "deviceCount", 1, "region", "cn-east-yrd",
                    "workloadClass", "INFERENCE", "memoryGiB", 8)
            .integers("deviceCount").strings("tenantId").maxLength("region", 64).enums("workloadClass")
            .required("memoryGiB");

    @Test
    void drawsTheSameCasesForTheSameSeedAndOthersForAnother() {
        // when
        List<Case> first = BadInput.bodies(EVERY_KIND, 42, 40);
        List<Case> again = BadInput.bodies(EVERY_KIND, 42, 40);
        List<Case> other = BadInput.bodies(EVERY_KIND, 43, 40);

        // then
        assertThat(first).hasSize(40).isEqualTo(again);
        assertThat(other).isNotEqualTo(first);
        assertThat(BadInput.withControlCharacter("ls-1", 7, 20)).isEqualTo(BadInput.withControlCharacter("ls-1", 7, 20));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 42, -7, Long.MAX_VALUE})
    void producesEveryKindOfCaseOnceTheCountReachesTheirNumber(long seed) {
        // given
        int kinds = EVERY_KIND.mutations().size();

        // when
        List<Case> cases = BadInput.bodies(EVERY_KIND, seed, kinds);

        // then
        assertThat(EVERY_KIND.mutations()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Mutation.class));
        assertThat(cases).extracting(Case::mutation).containsExactlyInAnyOrderElementsOf(EVERY_KIND.mutations());
    }

    @Test
    void offersOnlyTheMutationsTheShapeHasAFieldFor() {
        assertThat(Shape.of("flag", true).mutations())
                .containsExactly(Mutation.UNKNOWN_KEY, Mutation.MISSPELT_KEY, Mutation.DUPLICATE_KEY);
        assertThat(Shape.of().mutations()).containsExactly(Mutation.UNKNOWN_KEY);
        assertThatThrownBy(() -> Shape.of("a", 1).integers("b")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void breaksEachCaseAsItsMutationSaysAndLeavesTheOtherFieldsValid(boolean inArray) throws Exception {
        Shape shape = inArray ? EVERY_KIND.asArray() : EVERY_KIND;
        for (Case c : BadInput.bodies(shape, 2026, 300)) {
            // when: read as JSON text (a repeated key is syntax JSON allows: the later value wins)
            JsonNode read = LENIENT.readTree(c.body());
            assertThat(read.isArray()).as(c.toString()).isEqualTo(inArray);
            JsonNode object = inArray ? read.get(0) : read;
            JsonNode field = object.get(c.field());

            // then
            switch (c.mutation()) {
                case UNKNOWN_KEY -> assertThat(shape.valid()).as(c.toString()).doesNotContainKey(c.field());
                case MISSPELT_KEY -> {
                    assertThat(shape.valid()).as(c.toString()).doesNotContainKey(c.field()).containsKey(c.original());
                    assertThat(object.has(c.original())).as(c.toString()).isFalse();
                }
                case FLOAT_FOR_INTEGER -> assertThat(field.isFloatingPointNumber()).as(c.toString()).isTrue();
                case STRING_FOR_INTEGER -> assertThat(field.isTextual()).as(c.toString()).isTrue();
                case NUMBER_FOR_STRING -> assertThat(field.isNumber()).as(c.toString()).isTrue();
                case DUPLICATE_KEY -> assertThatThrownBy(() -> STRICT.readTree(c.body())).as(c.toString())
                        .isInstanceOf(JsonParseException.class).hasMessageContaining(c.field());
                case NUL_IN_STRING -> assertThat(field.asText()).as(c.toString()).contains("\u0000")
                        .satisfies(v -> assertThat(v.replace("\u0000", "")).isEqualTo(shape.valid().get(c.field())));
                case MISSING_REQUIRED -> assertThat(field).as(c.toString()).isNull();
                case OVER_LONG -> assertThat(field.asText()).as(c.toString())
                        .hasSizeGreaterThan(shape.maxLengths().get(c.field()));
                case WRONG_ENUM -> assertThat(field.asText()).as(c.toString())
                        .isNotEqualTo(shape.valid().get(c.field()));
            }
            if (c.mutation() != Mutation.UNKNOWN_KEY && c.mutation() != Mutation.MISSPELT_KEY
                    && c.mutation() != Mutation.MISSING_REQUIRED) {
                assertThat(shape.valid()).as(c.toString()).containsKey(c.field());
            }
            // and: every other field is as valid
            shape.valid().forEach((name, value) -> {
                if (!name.equals(c.field()) && !name.equals(c.original())) {
                    assertThat(object.get(name)).as(c + ": " + name).isEqualTo(LENIENT.valueToTree(value));
                }
            });
        }
    }

    @Test
    void drawsAWrongEnumAsAnUnknownWordOrAsTheValidWordWithANulInside() throws Exception {
        // when
        List<String> wrongEnums = new java.util.ArrayList<>();
        for (Case c : BadInput.bodies(EVERY_KIND, 5, 400)) {
            if (c.mutation() == Mutation.WRONG_ENUM) {
                wrongEnums.add(LENIENT.readTree(c.body()).path(c.field()).asText());
            }
        }

        // then
        assertThat(wrongEnums).isNotEmpty().allSatisfy(v -> assertThat(v).isNotEqualTo("INFERENCE"))
                .anySatisfy(v -> assertThat(v).startsWith("NOT_"))
                .anySatisfy(v -> assertThat(v).contains("\u0000")
                        .satisfies(w -> assertThat(w.replace("\u0000", "")).isEqualTo("INFERENCE")));
    }

    @Test
    void namesTheFieldWhenAnAnswerGivesItAloneOrAtTheEndOfAPath() {
        // given
        Case misspelt = new Case(Mutation.MISSPELT_KEY, "regon", "{}", "region");

        // then
        assertThat(misspelt.isNamedBy("regon")).isTrue();
        assertThat(misspelt.isNamedBy("create.request.region")).isTrue();
        assertThat(misspelt.isNamedBy("[0].regon")).isTrue();
        assertThat(misspelt.isNamedBy("subregion")).isFalse();
        assertThat(misspelt.isNamedBy("region.region")).isFalse();
        assertThat(misspelt.isNamedBy("")).isFalse();
        assertThat(misspelt.isNamedBy(null)).isFalse();
        assertThat(misspelt.toString()).contains("MISSPELT_KEY", "regon");
        assertThat(new Case(Mutation.NUL_IN_STRING, "a", "{\"a\":\"\u0000\"}").toString()).contains("\\u0000");
    }

    @Test
    void everyParameterWithAControlCharacterDecodesToOneAroundTheValidValue() {
        for (String bad : BadInput.withControlCharacter("ls-0001", 11, 200)) {
            // when
            String decoded = URLDecoder.decode(bad, StandardCharsets.UTF_8);

            // then
            assertThat(decoded).as(bad).containsPattern("[\\x00-\\x1f\\x7f]");
            assertThat(decoded.replaceAll("[\\x00-\\x1f\\x7f]", "")).as(bad).isEqualTo("ls-0001");
        }
    }

    @Test
    void replaysTheSeedGivenAsASystemProperty() {
        // given
        String before = System.getProperty(BadInput.SEED_PROPERTY);
        try {
            // when
            System.setProperty(BadInput.SEED_PROPERTY, "123456789");

            // then
            assertThat(BadInput.seed()).isEqualTo(123456789L);
        } finally {
            if (before == null) {
                System.clearProperty(BadInput.SEED_PROPERTY);
            } else {
                System.setProperty(BadInput.SEED_PROPERTY, before);
            }
        }
    }
}
