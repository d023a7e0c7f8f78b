package io.computenet.devstack.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Malformed variants of a valid request, for the services' bad-input suites: a valid JSON body and what its fields
 * are ({@link Shape}) become {@link Case}s, each one {@link Mutation} of one field, with the field an answer must
 * name; and control characters for path and query parameters. Our own seeded generator (no property-testing
 * library): pure, Jackson only, the same seed draws the same cases, so a failure is replayed with
 * {@code -Dcomputenet.bad-input.seed=N} ({@link #seed()}); the seed belongs in every failure message.
 *
 * <p>The mutations are drawn in turns, from a place the seed picks, so any {@code count} of at least
 * {@code shape.mutations().size()} holds every kind the shape has a field for; the field and the broken value of
 * each case are drawn at random.
 */
public final class BadInput {

    /** The system property that replays a run. */
    public static final String SEED_PROPERTY = "computenet.bad-input.seed";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONTROLS = List.of("%00", "%0A", "%0D", "%0D%0A", "%1F", "%7F", "%09");

    private BadInput() {
    }

    /** What a case does to the valid body. */
    public enum Mutation {
        /** A key the operation does not know. */
        UNKNOWN_KEY,
        /** A known key spelt wrongly (a letter dropped, doubled or its case changed). */
        MISSPELT_KEY,
        /** {@code 1.5} where an integer belongs. */
        FLOAT_FOR_INTEGER,
        /** {@code "15"} where an integer belongs. */
        STRING_FOR_INTEGER,
        /** A number where a string belongs. */
        NUMBER_FOR_STRING,
        /** A key given twice. */
        DUPLICATE_KEY,
        /** A NUL character inside a string. */
        NUL_IN_STRING,
        /** A required key left out. */
        MISSING_REQUIRED,
        /** A string longer than its field admits. */
        OVER_LONG,
        /** A word that is none of the enum's values, or an enum value with a NUL inside. */
        WRONG_ENUM
    }

    /**
     * A valid body (its keys in order) and its fields' kinds: integers, strings, required keys, strings' longest
     * lengths and enums (a string field whose values are a fixed set). {@code array}: the body is sent as a list
     * holding the object.
     */
    public record Shape(Map<String, Object> valid, Set<String> integers, Set<String> strings, Set<String> required,
                        Map<String, Integer> maxLengths, Set<String> enums, boolean array) {

        public Shape {
            valid = Collections.unmodifiableMap(new LinkedHashMap<>(valid));
            integers = Collections.unmodifiableSet(new LinkedHashSet<>(integers));
            strings = Collections.unmodifiableSet(new LinkedHashSet<>(strings));
            required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
            maxLengths = Collections.unmodifiableMap(new LinkedHashMap<>(maxLengths));
            enums = Collections.unmodifiableSet(new LinkedHashSet<>(enums));
            for (Set<String> named : List.of(integers, strings, required, maxLengths.keySet(), enums)) {
                for (String name : named) {
                    if (!valid.containsKey(name)) {
                        throw new IllegalArgumentException("'" + name + "' is not a key of the valid body");
                    }
                }
            }
        }

        /** A valid body from alternating keys and values; every field's kind is declared with the methods below. */
        public static Shape of(Object... keysAndValues) {
            Map<String, Object> valid = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                valid.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            return new Shape(valid, Set.of(), Set.of(), Set.of(), Map.of(), Set.of(), false);
        }

        public Shape integers(String... names) {
            return new Shape(valid, union(integers, names), strings, required, maxLengths, enums, array);
        }

        public Shape strings(String... names) {
            return new Shape(valid, integers, union(strings, names), required, maxLengths, enums, array);
        }

        public Shape required(String... names) {
            return new Shape(valid, integers, strings, union(required, names), maxLengths, enums, array);
        }

        /** A string field (added to {@link #strings}) of at most {@code max} characters. */
        public Shape maxLength(String name, int max) {
            Map<String, Integer> lengths = new LinkedHashMap<>(maxLengths);
            lengths.put(name, max);
            return new Shape(valid, integers, union(strings, name), required, lengths, enums, array);
        }

        /** String fields (added to {@link #strings}) whose values are an enum's. */
        public Shape enums(String... names) {
            return new Shape(valid, integers, union(strings, names), required, maxLengths, union(enums, names),
                    array);
        }

        /** The body is a JSON array holding the object. */
        public Shape asArray() {
            return new Shape(valid, integers, strings, required, maxLengths, enums, true);
        }

        /** The mutations this shape has a field for, in {@link Mutation}'s order. */
        public List<Mutation> mutations() {
            List<Mutation> m = new ArrayList<>(List.of(Mutation.UNKNOWN_KEY));
            if (!valid.isEmpty()) {
                m.add(Mutation.MISSPELT_KEY);
            }
            if (!integers.isEmpty()) {
                m.add(Mutation.FLOAT_FOR_INTEGER);
                m.add(Mutation.STRING_FOR_INTEGER);
            }
            if (!strings.isEmpty()) {
                m.add(Mutation.NUMBER_FOR_STRING);
            }
            if (!valid.isEmpty()) {
                m.add(Mutation.DUPLICATE_KEY);
            }
            if (!strings.isEmpty()) {
                m.add(Mutation.NUL_IN_STRING);
            }
            if (!required.isEmpty()) {
                m.add(Mutation.MISSING_REQUIRED);
            }
            if (!maxLengths.isEmpty()) {
                m.add(Mutation.OVER_LONG);
            }
            if (!enums.isEmpty()) {
                m.add(Mutation.WRONG_ENUM);
            }
            return m;
        }

        /** The valid body as JSON text. */
        public String validJson() {
            return write(array ? List.of(valid) : valid);
        }

        private static Set<String> union(Set<String> a, String... b) {
            Set<String> u = new LinkedHashSet<>(a);
            u.addAll(List.of(b));
            return u;
        }
    }

    /**
     * One bad body: what was done, the field an answer must name, and the JSON text to send; {@code original} is the
     * key a misspelt one stands for (an answer may name that one instead: a required key is then missing too), else
     * the field itself.
     */
    public record Case(Mutation mutation, String field, String body, String original) {

        public Case(Mutation mutation, String field, String body) {
            this(mutation, field, body, field);
        }

        /**
         * Whether {@code answered}, a field an answer names (maybe with a path before it), is this case's field; the
         * field named twice over ({@code "x.x"}) is not.
         */
        public boolean isNamedBy(String answered) {
            return answered != null && (names(answered, field) || names(answered, original));
        }

        private static boolean names(String answered, String name) {
            // a name given twice ("x.x") is a mapper's slip, not the field
            return answered.equals(name) || answered.endsWith("." + name) && !answered.endsWith(name + "." + name);
        }

        @Override
        public String toString() {
            return mutation + " of '" + field + "': " + printable(body);
        }
    }

    /**
     * {@code count} bad bodies for {@code shape}, the same for the same seed: the mutations the shape has a field for,
     * taken in turns (so each appears once {@code count} reaches their number), each of one field drawn at random.
     */
    public static List<Case> bodies(Shape shape, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Mutation> mutations = shape.mutations();
        int first = random.nextInt(mutations.size());
        List<Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(mutate(shape, mutations.get((first + i) % mutations.size()), random));
        }
        return cases;
    }

    /**
     * {@code count} variants of {@code valid}, the same for the same seed, each with a percent-encoded control
     * character (NUL, LF, CR, CR LF, unit separator, DEL, TAB) at a random place, for a path or query parameter sent
     * without further encoding.
     */
    public static List<String> withControlCharacter(String valid, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = random.nextInt(valid.length() + 1);
            values.add(valid.substring(0, at) + CONTROLS.get(random.nextInt(CONTROLS.size())) + valid.substring(at));
        }
        return values;
    }

    /** The seed of this run: {@value #SEED_PROPERTY} when set (to replay a failure), else a fresh one. */
    public static long seed() {
        Long given = Long.getLong(SEED_PROPERTY);
        return given != null ? given : new SplittableRandom().nextLong();
    }

    /** {@code text} with NUL and the other control characters shown as {@code \\uXXXX}, for failure messages. */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Case mutate(Shape shape, Mutation mutation, SplittableRandom random) {
        return switch (mutation) {
            case UNKNOWN_KEY -> {
                String name = unknownName(shape, random);
                Map<String, Object> body = new LinkedHashMap<>(shape.valid());
                body.put(name, random.nextBoolean() ? random.nextInt(1001) : name(random));
                yield done(shape, mutation, name, body);
            }
            case MISSPELT_KEY -> misspelt(shape, random);
            case FLOAT_FOR_INTEGER -> replaced(shape, mutation, pick(shape.integers(), random),
                    random.nextInt(101) + 0.5);
            case STRING_FOR_INTEGER -> replaced(shape, mutation, pick(shape.integers(), random),
                    String.valueOf(1 + random.nextInt(100)));
            case NUMBER_FOR_STRING -> replaced(shape, mutation, pick(shape.strings(), random), random.nextInt(10_000));
            case DUPLICATE_KEY -> {
                String name = pick(shape.valid().keySet(), random);
                String object = write(shape.valid());
                String twice = object.substring(0, object.length() - 1) + "," + write(name) + ":"
                        + write(shape.valid().get(name)) + "}";
                yield new Case(mutation, name, shape.array() ? "[" + twice + "]" : twice);
            }
            case NUL_IN_STRING -> {
                String name = pick(shape.strings(), random);
                yield replaced(shape, mutation, name, withNul(String.valueOf(shape.valid().get(name)), random));
            }
            case MISSING_REQUIRED -> {
                String name = pick(shape.required(), random);
                Map<String, Object> body = new LinkedHashMap<>(shape.valid());
                body.remove(name);
                yield done(shape, mutation, name, body);
            }
            case OVER_LONG -> {
                String name = pick(shape.maxLengths().keySet(), random);
                String value = String.valueOf(shape.valid().get(name));
                int longer = shape.maxLengths().get(name) + 1 + random.nextInt(200);
                yield replaced(shape, mutation, name, value + "a".repeat(Math.max(1, longer - value.length())));
            }
            case WRONG_ENUM -> {
                String name = pick(shape.enums(), random);
                String valid = String.valueOf(shape.valid().get(name));
                // a word no enum has, or the valid word with a NUL inside: each must name the field
                yield replaced(shape, mutation, name, random.nextInt(3) == 0 ? withNul(valid, random)
                        : "NOT_" + name(random).toUpperCase(Locale.ROOT));
            }
        };
    }

    private static Case misspelt(Shape shape, SplittableRandom random) {
        String key = pick(shape.valid().keySet(), random);
        String misspelt = key;
        while (misspelt.equals(key) || shape.valid().containsKey(misspelt)) {
            int i = random.nextInt(key.length());
            misspelt = switch (random.nextInt(3)) {
                case 0 -> key.length() > 1 ? key.substring(0, i) + key.substring(i + 1) : key + key;
                case 1 -> key.substring(0, i + 1) + key.charAt(i) + key.substring(i + 1);
                default -> {
                    char c = key.charAt(i);
                    char swapped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                    yield swapped == c ? key + "s" : key.substring(0, i) + swapped + key.substring(i + 1);
                }
            };
        }
        String spelt = misspelt;
        Map<String, Object> body = new LinkedHashMap<>();
        shape.valid().forEach((k, v) -> body.put(k.equals(key) ? spelt : k, v));
        return new Case(Mutation.MISSPELT_KEY, spelt, write(shape.array() ? List.of(body) : body), key);
    }

    private static String unknownName(Shape shape, SplittableRandom random) {
        String name = name(random);
        while (shape.valid().containsKey(name)) {
            name = name(random);
        }
        return name;
    }

    /** An "x" and 2 to 10 lower-case letters: never a real field's name. */
    private static String name(SplittableRandom random) {
        StringBuilder sb = new StringBuilder("x");
        for (int i = 0, n = 2 + random.nextInt(9); i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private static String withNul(String value, SplittableRandom random) {
        int at = random.nextInt(value.length() + 1);
        return value.substring(0, at) + '\u0000' + value.substring(at);
    }

    private static String pick(Set<String> names, SplittableRandom random) {
        List<String> list = List.copyOf(names);
        return list.get(random.nextInt(list.size()));
    }

    private static Case replaced(Shape shape, Mutation mutation, String name, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(shape.valid());
        body.put(name, value);
        return done(shape, mutation, name, body);
    }

    private static Case done(Shape shape, Mutation mutation, String field, Map<String, Object> body) {
        return new Case(mutation, field, write(shape.array() ? List.of(body) : body));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
