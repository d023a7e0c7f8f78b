package io.computenet.contracts.api;

import java.util.regex.Pattern;

/**
 * The OCI image reference grammar (as the distribution project's {@code reference} package defines it):
 * {@code [domain[:port]/]path-component[/path-component...][:tag][@algorithm:hex]}, path components lower-case
 * alphanumerics joined by {@code .}, {@code _}, {@code __} or dashes, tags up to 128 word characters, digests of at
 * least 32 hex digits, and names of at most 255 characters. Pure: no framework.
 */
public final class ImageReference {

    /** The longest repository name (domain and path) the grammar allows. */
    public static final int MAX_NAME_LENGTH = 255;

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
            + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?");

    private ImageReference() {
    }

    /** Whether {@code reference} is a valid OCI image reference. */
    public static boolean isValid(String reference) {
        if (reference == null) {
            return false;
        }
        var m = REFERENCE.matcher(reference);
        return m.matches() && m.group(1).length() <= MAX_NAME_LENGTH;
    }
}
