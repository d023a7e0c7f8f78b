package io.computenet.contracts.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's English sentence with placeholders ({@code {0}}, {@code {1}}...) read back into its arguments: the one
 * way the reason catalogues ({@link PendingReason}, the portal's field reasons) turn a sentence into a code and
 * arguments, so each catalogue holds only its templates.
 */
public final class SentenceTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");

    private SentenceTemplates() {
    }

    /**
     * The pattern that matches the whole of a sentence made from {@code english}, each placeholder a reluctant group
     * (in the order the placeholders are written) and every other character literal.
     */
    public static Pattern patternOf(String english) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(english);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(english.substring(at, m.start()))).append("(.*?)");
            at = m.end();
        }
        regex.append(Pattern.quote(english.substring(at)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** How many placeholders {@code english} has. */
    public static int arity(String english) {
        return (int) PLACEHOLDER.matcher(english).results().count();
    }
}
