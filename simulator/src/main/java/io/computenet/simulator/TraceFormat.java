package io.computenet.simulator;

/**
 * The two input formats of the simulator, told apart by content so that {@code --nodes} and {@code --tasks} each take
 * either (and the two files may differ): a file whose first non-blank character is <code>{</code> or {@code [} is
 * JSON, anything else the trace CSV.
 */
public enum TraceFormat {
    /** The Alibaba GPU trace CSV ({@link TraceCsv}). */
    CSV,
    /** ComputeNet's JSON: inventory records ({@link InventoryJson}) or lease requests ({@link LeaseRequestJson}). */
    JSON;

    public static TraceFormat of(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) {
                continue;
            }
            return c == '{' || c == '[' ? JSON : CSV;
        }
        return CSV; // empty: the CSV reader says what a file must hold
    }
}
