package io.computenet.devstack.testing;

import io.computenet.devstack.testing.BadInput.Case;
import io.computenet.devstack.testing.BadInput.Shape;
import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The case-running loop the bad-input suites share: sends each malformed input ({@link BadInput}) through a call the
 * suite supplies, asks each answer whether it is a refusal naming the field ({@link Refusals}), and collects every
 * case that is not, labelled with the seed and the input, into one failure at {@link #assertAll()} (a run reports all
 * its cases, not only the first). Operations are named {@code "METHOD /path/{parameter}"}; path parameters take
 * the suite's valid values unless a case replaces one.
 */
public final class BadInputRun {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final int OVER_LONG = 300;

    private final long seed;
    private final Map<String, String> pathValues;
    private final List<String> failures = new ArrayList<>();
    private final List<Map.Entry<String, Supplier<? extends Collection<?>>>> mustStayEmpty = new ArrayList<>();

    private BadInputRun(long seed, Map<String, String> pathValues) {
        this.seed = seed;
        this.pathValues = pathValues;
    }

    /** A run drawing its cases from {@code seed}, with these valid values of the path parameters. */
    public static BadInputRun of(long seed, Map<String, String> pathValues) {
        return new BadInputRun(seed, pathValues);
    }

    /**
     * Also asks, after each answer, that {@code what} is empty (e.g. the calls a stand-in upstream recorded: a refused
     * input must reach nothing behind the service).
     */
    public BadInputRun alsoEmpty(String what, Supplier<? extends Collection<?>> values) {
        mustStayEmpty.add(Map.entry(what, values));
        return this;
    }

    /** The method of {@code operation}. */
    public static String method(String operation) {
        return operation.substring(0, operation.indexOf(' '));
    }

    /** The path parameters {@code operation} names, in order. */
    public static List<String> pathParameters(String operation) {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAMETER.matcher(operation);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The path of {@code operation} with every parameter at its valid value. */
    public String path(String operation) {
        return path(operation, "", "");
    }

    /** The path of {@code operation} with parameter {@code name} at {@code value} (raw), the others valid. */
    public String path(String operation, String name, String value) {
        String path = operation.substring(operation.indexOf(' ') + 1).replace("{" + name + "}", value);
        Matcher m = PATH_PARAMETER.matcher(path);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(pathValues.get(m.group(1))));
        }
        return m.appendTail(sb).toString();
    }

    /** {@code count} malformed bodies of {@code shape}, each sent by {@code callWithBody}, each refused naming its field. */
    public void bodies(String operation, Shape shape, int count, Function<String, Response> callWithBody) {
        for (Case c : BadInput.bodies(shape, seed, count)) {
            refused("seed " + seed + ": " + operation + " with " + c, callWithBody.apply(c.body()), c::isNamedBy);
        }
    }

    /**
     * Every path parameter of {@code operation} with {@code controls} values holding a control character (refused
     * naming {@code path}) and one far longer than any id (refused naming the parameter), each sent by
     * {@code callAtPath} with the (raw) path.
     */
    public void pathParameters(String operation, int controls, Function<String, Response> callAtPath) {
        for (String name : pathParameters(operation)) {
            for (String bad : BadInput.withControlCharacter(pathValues.get(name), seed, controls)) {
                refused(label(operation, name, bad), callAtPath.apply(path(operation, name, bad)), "path");
            }
            String overLong = pathValues.get(name) + "a".repeat(OVER_LONG);
            refused(label(operation, name, overLong), callAtPath.apply(path(operation, name, overLong)), name);
        }
    }

    /** Each of {@code bad} as parameter {@code name}, sent by {@code callWith}, refused naming {@code name}. */
    public void values(String operation, String name, List<String> bad, Function<String, Response> callWith) {
        for (String value : bad) {
            refused(label(operation, name, value), callWith.apply(value), name);
        }
    }

    /** Notes a failure unless {@code answer} is a refusal naming a field that contains {@code field}. */
    public void refused(String label, Response answer, String field) {
        refused(label, answer, (Predicate<String>) named -> named.contains(field));
    }

    /** Notes a failure unless {@code answer} is a refusal naming a field {@code namesTheField} accepts. */
    public void refused(String label, Response answer, Predicate<String> namesTheField) {
        Refusals.whatIsWrong(answer, namesTheField).ifPresent(wrong -> failures.add(label + ": " + wrong));
        for (Map.Entry<String, Supplier<? extends Collection<?>>> empty : mustStayEmpty) {
            Collection<?> values = empty.getValue().get();
            if (!values.isEmpty()) {
                failures.add(label + ": " + empty.getKey() + " " + values);
            }
        }
    }

    /** Fails with every case noted so far, if any. */
    public void assertAll() {
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " bad-input case(s) not refused as they should be:\n"
                    + String.join("\n", failures));
        }
    }

    private String label(String operation, String name, String value) {
        return "seed " + seed + ": " + operation + " with " + name + "=" + value;
    }
}
