package io.computenet.nodeagent.discovery;

import java.util.Objects;

/**
 * Thrown when a vendor tool's output cannot be read as a device inventory: an unknown layout, a missing
 * header, or a damaged value. The message names the tool, the 1-based line number and the offending line
 * text, so an operator can find the line in the captured output.
 */
public final class DiscoveryParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String tool;
    private final int lineNumber;
    private final String lineText;

    /**
     * @param tool       the tool whose output was being read, e.g. {@code "npu-smi"}
     * @param lineNumber 1-based number of the offending line
     * @param lineText   the offending line as printed (may be empty, never null)
     * @param reason     what is wrong with the line
     */
    public DiscoveryParseException(String tool, int lineNumber, String lineText, String reason) {
        super(format(tool, lineNumber, lineText, reason));
        this.tool = Objects.requireNonNull(tool, "tool");
        this.lineNumber = lineNumber;
        this.lineText = lineText == null ? "" : lineText;
    }

    private static String format(String tool, int lineNumber, String lineText, String reason) {
        String text = lineText == null ? "" : lineText.strip();
        return tool + " output, line " + lineNumber + ": " + reason + ": \"" + text + "\"";
    }

    /** The tool whose output was being read, e.g. {@code "nvidia-smi"}. */
    public String tool() {
        return tool;
    }

    /** 1-based number of the offending line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line as printed. */
    public String lineText() {
        return lineText;
    }
}
