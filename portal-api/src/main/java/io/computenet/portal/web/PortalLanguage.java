package io.computenet.portal.web;

import java.util.List;
import java.util.Locale;

/**
 * The language of the pages: the {@value #COOKIE} cookie the language switch sets, else the first supported language
 * of the browser's {@code Accept-Language}, else English. Supported: English ({@code en}) and Simplified Chinese
 * ({@code zh}).
 */
public final class PortalLanguage {

    /** The cookie the language switch writes ({@code en} or {@code zh}). */
    public static final String COOKIE = "cn_lang";
    public static final List<String> SUPPORTED = List.of("en", "zh");

    private PortalLanguage() {
    }

    /** The language tag ({@code en} or {@code zh}) for a request's cookie value and Accept-Language header. */
    public static String choose(String cookie, String acceptLanguage) {
        if (cookie != null && SUPPORTED.contains(cookie)) {
            return cookie;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
                for (Locale.LanguageRange range : ranges) {
                    String language = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                    if (range.getWeight() > 0 && SUPPORTED.contains(language)) {
                        return language;
                    }
                }
            } catch (IllegalArgumentException malformed) {
                return "en";
            }
        }
        return "en";
    }
}
