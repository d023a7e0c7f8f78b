package io.computenet.portal.web;

import io.computenet.contracts.api.PendingReason;
import io.computenet.portal.upstream.ProblemCodes;
import io.computenet.problem.Problem;
import io.quarkus.qute.i18n.Message;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixed sentences the services write and the pages show, collected from the services' own sources (not fed by
 * example), each with its wording in both languages, so that a new one without a Chinese text fails the build:
 * <ul>
 *     <li>every problem type a service raises ({@code Problem.of(status, "slug", ...)}, {@code ProblemException},
 *     {@code TYPE_BASE + "slug"}, the request guard's refusals, the mappers' status types) is one the portal words
 *     ({@link ProblemCodes}, {@code problem_<code>} in English and Chinese);</li>
 *     <li>every literal piece of a lease's end reason in the scheduler (the arguments of {@code endLease},
 *     {@code fail(lease, ...)}, a node's {@code Failure}, {@code PodStart}'s give-up, a {@code REASON} constant) is part
 *     of a {@link PendingReason.Template}, whose {@code reason_<code>} the pages word
 *     ({@code PendingReasonMessagesTest});</li>
 *     <li>every literal piece of a bad field's reason the services write ({@code new FieldProblem(field, ...)},
 *     billing's {@code invalid(field, ...)}, a drain's {@code InvalidDrain}) is part of a
 *     {@link io.computenet.portal.upstream.FieldReasons.Template}, whose {@code field_<code>} the pages word
 *     ({@code FieldReasonCatalogueTest}).</li>
 * </ul>
 * The sources are read from the repository (the module's parent folder), as the build sees them.
 */
class ServiceSentenceCatalogueTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<String> SERVICES = List.of("scheduler", "billing", "portal-api", "problem-json");
    private static final Pattern SLUG = Pattern.compile("(?:Problem\\.of|ProblemException|Refusal|super)\\(\\s*\\d{3},"
            + "\\s*\"([a-z][a-z0-9-]+)\"|TYPE_BASE \\+ \"([a-z][a-z0-9-]+)\"|case \\d{3} -> \"([a-z][a-z0-9-]+)\"");
    private static final Pattern END_REASON = Pattern.compile("(?:endLease|\\bfail|Failure)(\\()"
            + "|Optional\\.of(\\()(?=\"workload)|String REASON( = )");
    private static final Pattern FIELD_REASON = Pattern.compile("(?:new FieldProblem|\\binvalid|InvalidDrain)(\\()");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static List<Path> sources(String module) throws IOException {
        Path main = ROOT.resolve(module).resolve("src/main/java");
        assertThat(main).as("the sources of " + module + " beside the portal").isDirectory();
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** Each problem type the services raise, with where. */
    private static Map<String, String> problemTypes() throws IOException {
        Map<String, String> slugs = new TreeMap<>();
        for (String module : SERVICES) {
            for (Path file : sources(module)) {
                Matcher m = SLUG.matcher(Files.readString(file));
                while (m.find()) {
                    String slug = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    slugs.putIfAbsent(slug, ROOT.relativize(file).toString());
                }
            }
        }
        return slugs;
    }

    @Test
    void everyProblemTypeTheServicesRaiseIsWordedInBothLanguages() throws Exception {
        // given
        Map<String, String> types = problemTypes();
        Properties zh = new Properties();
        try (Reader in = new InputStreamReader(Objects.requireNonNull(getClass().getResourceAsStream(
                "/messages/problem_zh.properties")), StandardCharsets.UTF_8)) {
            zh.load(in);
        }
        // the scan reads the services' own raising of problems
        assertThat(types).containsKeys("insufficient-capacity", "period-not-closed", "csrf-token-invalid",
                "uri-too-long", "not-found");
        SoftAssertions softly = new SoftAssertions();

        types.forEach((slug, where) -> {
            // when
            var code = ProblemCodes.of(Problem.TYPE_BASE + slug, "detail", List.of(), List.of());

            // then
            softly.assertThat(code).as(slug + " (" + where + ") has a code in ProblemCodes").isPresent();
            code.ifPresent(c -> {
                String key = "problem_" + c.code();
                softly.assertThat(hasEnglish(key)).as(key + " in ProblemMessages").isTrue();
                softly.assertThat(zh.getProperty(key)).as(key + " in problem_zh.properties").isNotBlank();
            });
        });
        softly.assertAll();
    }

    private static boolean hasEnglish(String key) {
        try {
            return ProblemMessages.class.getMethod(key).isAnnotationPresent(Message.class);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Each literal piece of an end reason the scheduler writes, with where. */
    private static Map<String, String> endReasonPieces() throws IOException {
        Map<String, String> pieces = new TreeMap<>();
        for (Path file : sources("scheduler")) {
            String source = Files.readString(file);
            Matcher call = END_REASON.matcher(source);
            while (call.find()) {
                int at = call.start(1) >= 0 ? call.start(1) : call.start(2) >= 0 ? call.start(2) : call.start(3);
                String arguments = arguments(source, at);
                Matcher literal = LITERAL.matcher(arguments);
                while (literal.find()) {
                    String piece = literal.group(1).replace("\\\"", "\"").strip();
                    if (piece.chars().filter(Character::isLetter).count() >= 3) {
                        pieces.putIfAbsent(piece, ROOT.relativize(file).toString());
                    }
                }
            }
        }
        return pieces;
    }

    /** The text from {@code at} to the end of the call (its parentheses balanced, outside string literals). */
    private static String arguments(String source, int at) {
        int depth = 0;
        boolean inString = false;
        for (int i = at; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth <= 0) {
                return source.substring(at, i + 1);
            } else if (c == ';' && depth <= 0) {
                return source.substring(at, i);
            }
        }
        return source.substring(at);
    }

    @Test
    void everyLiteralPieceOfALeasesEndReasonIsPartOfAWordedTemplate() throws Exception {
        // given
        Map<String, String> pieces = endReasonPieces();
        Set<String> templates = new TreeSet<>();
        for (PendingReason.Template t : PendingReason.Template.values()) {
            templates.add(t.english());
            // a sentence around others: a piece may run from it into the sentence within it
            if (t.nested()) {
                for (PendingReason.Template inner : PendingReason.Template.values()) {
                    templates.add(t.english().replace("{" + (t.arity() - 1) + "}", inner.english()));
                }
            }
        }
        // the scan reads the scheduler's own end reasons
        assertThat(pieces).containsKeys("lease time is up", "workload completed", "prepaid funds exhausted",
                "the node is no longer in the inventory");
        List<String> unworded = new ArrayList<>();

        // when
        pieces.forEach((piece, where) -> {
            if (templates.stream().noneMatch(t -> t.contains(piece))) {
                unworded.add("\"" + piece + "\" (" + where + ")");
            }
        });

        // then
        assertThat(unworded).as("end-reason pieces no PendingReason.Template holds: add a template and its"
                + " reason_<code> texts").isEmpty();
    }

    @Test
    void everyLiteralPieceOfAFieldsReasonIsPartOfAWordedTemplate() throws Exception {
        // given: the pieces of the services' field reasons (a piece of one word is the field's name, left out)
        Map<String, String> pieces = new TreeMap<>();
        for (String module : SERVICES) {
            for (Path file : sources(module)) {
                String source = Files.readString(file);
                Matcher call = FIELD_REASON.matcher(source);
                while (call.find()) {
                    Matcher literal = LITERAL.matcher(arguments(source, call.start(1)));
                    while (literal.find()) {
                        String piece = literal.group(1).replace("\\\"", "\"").strip();
                        if (piece.contains(" ") && piece.chars().filter(Character::isLetter).count() >= 3) {
                            pieces.putIfAbsent(piece, ROOT.relativize(file).toString());
                        }
                    }
                }
            }
        }
        assertThat(pieces).containsKeys("is required (one or more)", "a gang is not interruptible");
        Set<String> templates = new TreeSet<>();
        for (io.computenet.portal.upstream.FieldReasons.Template t
                : io.computenet.portal.upstream.FieldReasons.Template.values()) {
            templates.add(t.english());
        }
        List<String> unworded = new ArrayList<>();

        // when
        pieces.forEach((piece, where) -> {
            if (templates.stream().noneMatch(t -> t.contains(piece))) {
                unworded.add("\"" + piece + "\" (" + where + ")");
            }
        });

        // then
        assertThat(unworded).as("field-reason pieces no FieldReasons.Template holds: add a template and its"
                + " field_<code> texts").isEmpty();
    }
}
