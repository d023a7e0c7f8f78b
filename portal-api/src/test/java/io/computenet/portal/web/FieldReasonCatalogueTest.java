package io.computenet.portal.web;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.computenet.portal.upstream.FieldReasons;
import io.computenet.problem.FieldProblem;
import io.computenet.problem.Problem;
import io.computenet.problem.input.RequestLimits;
import io.quarkus.qute.i18n.Message;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.ElementDescriptor;
import jakarta.validation.metadata.ExecutableDescriptor;
import jakarta.validation.metadata.MethodType;
import jakarta.validation.metadata.ParameterDescriptor;
import org.assertj.core.api.SoftAssertions;
import org.hibernate.validator.messageinterpolation.ExpressionLanguageFeatureLevel;
import org.hibernate.validator.messageinterpolation.HibernateMessageInterpolatorContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every reason a bad field can be given has a wording in both languages: each constraint the API declares (the
 * contracts' API records and the portal's own classes: {@code @NotNull @Min @Max @Size @Pattern}...,
 * {@code FieldRules}' messages) interpolated as Hibernate Validator words it in English, and the fixed reasons of problem-json's
 * {@code FieldProblem} and request guard taken from their real code, must each be read by a {@link FieldReasons}
 * template whose {@code field_<code>} has an English and a Chinese text with the same placeholders. A new constraint
 * or reason without a wording fails here.
 */
class FieldReasonCatalogueTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");
    private static ValidatorFactory factory;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    private static Properties chinese() throws Exception {
        Properties zh = new Properties();
        try (Reader in = new InputStreamReader(Objects.requireNonNull(FieldReasonCatalogueTest.class
                .getResourceAsStream("/messages/fields_zh.properties")), StandardCharsets.UTF_8)) {
            zh.load(in);
        }
        return zh;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text.replace("\\{", "{"));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Each constraint's English message (as Hibernate Validator words it) by where it is declared. */
    private static Map<String, String> declaredConstraintMessages() {
        Validator validator = factory.getValidator();
        Map<String, String> messages = new TreeMap<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.computenet.contracts.api", "io.computenet.portal")) {
            Class<?> type;
            try {
                type = c.reflect();
            } catch (Throwable notLoadable) {
                continue;
            }
            if (type.isAnnotation() || type.isSynthetic()) {
                continue;
            }
            BeanDescriptor bean = validator.getConstraintsForClass(type);
            bean.getConstrainedProperties().forEach(p -> collect(type.getName() + "." + p.getPropertyName(), p,
                    messages));
            List<ExecutableDescriptor> executables = new ArrayList<>(bean.getConstrainedConstructors());
            executables.addAll(bean.getConstrainedMethods(MethodType.GETTER, MethodType.NON_GETTER));
            for (ExecutableDescriptor e : executables) {
                for (ParameterDescriptor p : e.getParameterDescriptors()) {
                    collect(type.getName() + "." + e.getName() + "(" + p.getName() + ")", p, messages);
                }
            }
        }
        return messages;
    }

    private static void collect(String where, ElementDescriptor element, Map<String, String> messages) {
        for (ConstraintDescriptor<?> d : element.getConstraintDescriptors()) {
            collect(where, d, messages);
        }
        if (element instanceof jakarta.validation.metadata.ContainerDescriptor container) {
            for (ContainerElementTypeDescriptor inner : container.getConstrainedContainerElementTypes()) {
                collect(where + "<>", inner, messages);
            }
        }
    }

    private static void collect(String where, ConstraintDescriptor<?> d, Map<String, String> messages) {
        String message = factory.getMessageInterpolator().interpolate(d.getMessageTemplate(), new Context(d),
                Locale.ENGLISH);
        messages.put(where + " @" + d.getAnnotation().annotationType().getSimpleName(), message);
        d.getComposingConstraints().forEach(inner -> collect(where, inner, messages));
    }

    @Test
    void everyConstraintTheApiDeclaresHasAReasonCodeWordedInBothLanguages() throws Exception {
        // given
        Map<String, String> declared = declaredConstraintMessages();
        Properties zh = chinese();
        SoftAssertions softly = new SoftAssertions();

        // the scan found the API's constraints (contracts' lease request, the portal's own parameters)
        assertThat(declared).hasSizeGreaterThan(50);
        assertThat(declared.keySet()).anyMatch(k -> k.startsWith("io.computenet.contracts.api.LeaseRequest."))
                .anyMatch(k -> k.startsWith("io.computenet.portal."));

        declared.forEach((where, message) -> {
            // when
            FieldReasons.FieldReason reason = FieldReasons.of("f", message);

            // then
            softly.assertThat(reason.code()).as(where + ": \"" + message + "\" has a template")
                    .isNotEqualTo(FieldReasons.OTHER);
            softly.assertThat(zh.getProperty("field_" + reason.code())).as(where + " in Chinese").isNotBlank();
        });
        softly.assertAll();
    }

    @Test
    void everyTemplateHasAnEnglishAndAChineseTextWithItsPlaceholders() throws Exception {
        Properties zh = chinese();
        SoftAssertions softly = new SoftAssertions();
        for (FieldReasons.Template t : FieldReasons.Template.values()) {
            String key = "field_" + t.code();
            String english = FieldMessages.class.getMethod(key).getAnnotation(Message.class).value();
            String chinese = zh.getProperty(key);
            softly.assertThat(chinese).as(key + " in fields_zh.properties").isNotBlank();
            // a wording may leave an argument out (a pattern's regular expression), never add one
            softly.assertThat(placeholders(t.english())).as(key + " in English").containsAll(placeholders(english));
            if (chinese != null) {
                softly.assertThat(placeholders(chinese)).as(key + " in Chinese").isEqualTo(placeholders(english));
            }
        }
        softly.assertThat(FieldMessages.class.getDeclaredMethods()).hasSize(FieldReasons.Template.values().length);
        softly.assertAll();
    }

    @Test
    void readsTheFixedReasonsOfFieldProblemsAndTheRequestGuardFromTheirOwnCode() {
        // given: the reasons as problem-json's own code writes them
        List<Problem.FieldError> errors = new ArrayList<>();
        assertThatThrownBy(() -> FieldProblem.required("tenantId", " ")).isInstanceOfSatisfying(FieldProblem.class,
                p -> errors.addAll(p.toProblem().errors()));
        assertThatThrownBy(() -> FieldProblem.period("period", "2026-13")).isInstanceOfSatisfying(FieldProblem.class,
                p -> errors.addAll(p.toProblem().errors()));
        assertThatThrownBy(() -> FieldProblem.period("period", null)).isInstanceOfSatisfying(FieldProblem.class,
                p -> errors.addAll(p.toProblem().errors()));
        RequestLimits.check("/api/v1/offers?region=a%00", "/api/v1/offers", Map.of("region", List.of("a\u0000")))
                .ifPresent(r -> errors.add(new Problem.FieldError(r.field(), r.detail())));
        assertThat(errors).hasSize(4);

        // when
        List<FieldReasons.FieldReason> reasons = FieldReasons.of(errors);

        // then
        assertThat(reasons).extracting(FieldReasons.FieldReason::code)
                .containsExactly("required", "month_was", "month_required", "control_characters");
        assertThat(reasons.get(1).args()).containsExactly("2026-13");
        assertThat(reasons.get(3).args()).containsExactly("region");
    }

    @Test
    void aReasonNoTemplateReadsIsShownAsItIs() {
        assertThat(FieldReasons.of("x", "something new")).isEqualTo(
                new FieldReasons.FieldReason("x", FieldReasons.OTHER, List.of(), "something new"));
        assertThat(FieldReasons.of("memoryGiB", "must be greater than or equal to 0.25"))
                .isEqualTo(new FieldReasons.FieldReason("memoryGiB", "at_least", List.of("0.25"),
                        "must be greater than or equal to 0.25"));
    }

    /** The interpolation context of a constraint with no value at hand (the message's attributes only). */
    private record Context(ConstraintDescriptor<?> descriptor) implements HibernateMessageInterpolatorContext {
        @Override
        public ConstraintDescriptor<?> getConstraintDescriptor() {
            return descriptor;
        }

        @Override
        public Object getValidatedValue() {
            return null;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new IllegalArgumentException(type.getName());
        }

        @Override
        public Class<?> getRootBeanType() {
            return Object.class;
        }

        @Override
        public Map<String, Object> getMessageParameters() {
            return Map.of();
        }

        @Override
        public Map<String, Object> getExpressionVariables() {
            return Map.of();
        }

        @Override
        public Path getPropertyPath() {
            return null;
        }

        @Override
        public ExpressionLanguageFeatureLevel getExpressionLanguageFeatureLevel() {
            return ExpressionLanguageFeatureLevel.BEAN_PROPERTIES;
        }
    }
}
