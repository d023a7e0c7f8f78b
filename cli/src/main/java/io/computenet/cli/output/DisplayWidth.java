package io.computenet.cli.output;

/**
 * How many terminal columns a text takes: East Asian wide and full-width characters (Chinese headers and values)
 * take two, combining marks none, everything else one. Needed to align tables that mix Chinese and Latin text.
 */
public final class DisplayWidth {

    private DisplayWidth() {
    }

    public static int of(String s) {
        int width = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            width += of(cp);
            i += Character.charCount(cp);
        }
        return width;
    }

    static int of(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || cp == 0x200B) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0x303E)
                || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    /** {@code s} padded with spaces to {@code width} columns, on the right or (for numbers) on the left. */
    public static String pad(String s, int width, boolean right) {
        int missing = width - of(s);
        if (missing <= 0) {
            return s;
        }
        String spaces = " ".repeat(missing);
        return right ? spaces + s : s + spaces;
    }
}
