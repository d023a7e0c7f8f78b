package io.computenet.portal.web;

import io.computenet.contracts.api.PendingReason;
import io.quarkus.qute.i18n.Message;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every text of the portal is in both languages, with the same placeholders; every pending-reason code the scheduler
 * answers ({@link PendingReason.Template}) has a text in each, in English its template's very words.
 */
class PendingReasonMessagesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The reason's message in PortalMessages, else in ReasonMessages; fails naming the key when in neither. */
    private static Method reasonMessage(String key) {
        for (Class<?> bundle : new Class<?>[] {PortalMessages.class, ReasonMessages.class}) {
            try {
                return bundle.getMethod(key);
            } catch (NoSuchMethodException e) {
                // the next bundle
            }
        }
        throw new AssertionError(key + " is in neither PortalMessages nor ReasonMessages");
    }

    @Test
    void eachReasonCodeHasItsTemplatesWordsInEnglishAndATranslationInChinese() throws Exception {
        // given
        // (the reasons are in PortalMessages and, those added once it was nearly full, in ReasonMessages)
        Properties zh = new Properties();
        for (String file : new String[] {"/messages/msg_zh.properties", "/messages/reason_zh.properties"}) {
            try (Reader in = new InputStreamReader(Objects.requireNonNull(getClass().getResourceAsStream(file)),
                    StandardCharsets.UTF_8)) {
                zh.load(in);
            }
        }

        for (PendingReason.Template template : PendingReason.Template.values()) {
            String key = "reason_" + template.code();
            // when
            Method method = reasonMessage(key);
            String english = method.getAnnotation(Message.class).value().replace("\\{", "{");
            String chinese = zh.getProperty(key);

            // then
            assertThat(english).as(key).isEqualTo(template.english());
            assertThat(chinese).as(key + " in msg_zh.properties or reason_zh.properties").isNotBlank();
            assertThat(placeholders(chinese.replace("\\{", "{"))).as(key)
                    .isEqualTo(placeholders(template.english()));
        }
    }

    @Test
    void everyTextOfThePortalHasAChineseTranslationWithTheSamePlaceholders() throws Exception {
        // given
        Properties zh = new Properties();
        try (Reader in = new InputStreamReader(Objects.requireNonNull(getClass().getResourceAsStream(
                "/messages/msg_zh.properties")), StandardCharsets.UTF_8)) {
            zh.load(in);
        }
        SoftAssertions texts = new SoftAssertions();

        // when / then: every message of the bundle, not only the reasons
        for (Method m : PortalMessages.class.getDeclaredMethods()) {
            Message english = m.getAnnotation(Message.class);
            String chinese = zh.getProperty(m.getName());
            texts.assertThat(chinese).as(m.getName() + " in msg_zh.properties").isNotBlank();
            if (english != null && chinese != null) {
                texts.assertThat(placeholders(chinese.replace("\\{", "{"))).as(m.getName())
                        .isEqualTo(placeholders(english.value().replace("\\{", "{")));
            }
        }
        texts.assertAll();
    }

    @Test
    void thePageScriptGetsEveryReasonText() throws IOException {
        // given
        String i18n;
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("/templates/portal/i18n.html"))) {
            i18n = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // then: from the bundle that holds it ({msg:...} for PortalMessages, {reason:...} for ReasonMessages)
        for (PendingReason.Template template : PendingReason.Template.values()) {
            String key = "reason_" + template.code();
            String namespace = reasonMessage(key).getDeclaringClass() == ReasonMessages.class ? "reason" : "msg";
            assertThat(i18n).contains("data-reason-" + template.code().replace('_', '-') + "=\"{" + namespace + ":"
                    + key + "}\"");
        }
    }
}
