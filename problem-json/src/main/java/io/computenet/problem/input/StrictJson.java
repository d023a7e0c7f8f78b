package io.computenet.problem.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The strict reading of request bodies every ComputeNet REST API applies: unknown properties are refused (named),
 * duplicate keys are refused, no float or string is coerced into an integer, no string into a number or boolean, no
 * number or boolean into a string, no trailing tokens, no null for a primitive, and no string carries a NUL
 * character (PostgreSQL cannot store one; it would end as a 500), no enum word a control character (Jackson would
 * trim a NUL or CR/LF around it and take the word). Pure Jackson configuration, applied to a copy of
 * the service's mapper by {@link StrictJsonResolver} for the server side only, so responses of other services read
 * by REST clients and Kafka records keep their tolerant reading (a newer producer may add fields).
 */
public final class StrictJson {

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f]");

    private StrictJson() {
    }

    /** A strict copy of {@code base} (the base mapper is not changed). */
    public static ObjectMapper strict(ObjectMapper base) {
        ObjectMapper m = base.copy();
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        for (LogicalType numeric : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(numeric).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.registerModule(new SimpleModule("computenet-strict-strings").addDeserializer(String.class,
                new NulFreeStrings()).setDeserializerModifier(new ControlFreeEnums()));
        return m;
    }

    /** Strings as Jackson reads them (coercion rules included), refusing any that holds a NUL character. */
    static final class NulFreeStrings extends StringDeserializer {
        private static final long serialVersionUID = 1L;

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(p, "must not contain a NUL character", value, String.class);
            }
            return value;
        }
    }

    /**
     * Enums as Jackson reads them, refusing a word with a control character first: Jackson trims what is at most a
     * space around an enum's word, so {@code "\u0000INFERENCE"} would otherwise be read as {@code INFERENCE}.
     */
    static final class ControlFreeEnums extends BeanDeserializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                          BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
            return new ControlFreeEnum(deserializer, type.getRawClass());
        }
    }

    /** One enum's reader behind the control-character check. */
    static final class ControlFreeEnum extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;
        private final Class<?> enumType;

        ControlFreeEnum(JsonDeserializer<?> delegate, Class<?> enumType) {
            super(delegate);
            this.enumType = enumType;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ControlFreeEnum(newDelegatee, enumType);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String word = p.getText();
                if (CONTROL.matcher(word).find()) {
                    throw InvalidFormatException.from(p, "must not contain a control character (NUL, CR, LF, ...)",
                            word, enumType);
                }
            }
            return super.deserialize(p, ctxt);
        }
    }
}
