package io.computenet.cli;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The user-facing texts in the user's language: {@code messages.properties} (English) and
 * {@code messages_zh.properties} (Chinese). The same bundle gives picocli the help texts. Only the locale asked for
 * and the English base are consulted, never the JVM's default locale in between.
 */
public final class Messages {

    public static final String BUNDLE = "io.computenet.cli.messages";

    private final ResourceBundle bundle;
    private final Locale locale;

    public Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public Locale locale() {
        return locale;
    }

    /** The text for {@code key}, with {@code %s} placeholders filled in order. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        return args.length == 0 ? pattern : String.format(locale, pattern, args);
    }
}
