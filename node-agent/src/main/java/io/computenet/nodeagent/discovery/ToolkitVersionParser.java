package io.computenet.nodeagent.discovery;

import java.util.List;
import java.util.Locale;

/**
 * Reads the accelerator toolkit's version from the text its vendor leaves on the node. Pure functions over text;
 * damaged text is a {@link DiscoveryParseException} naming the source and line, never a guessed version.
 *
 * <ul>
 *   <li><b>CUDA</b>: the {@code CUDA Version: 12.4} field of the plain {@code nvidia-smi} header
 *       ({@code | NVIDIA-SMI 550.127.05   Driver Version: 550.127.05   CUDA Version: 12.4 |}) or of
 *       {@code nvidia-smi --version} ({@code CUDA Version        : 12.4}): the newest CUDA the installed driver runs.
 *       {@code N/A} reads as null.</li>
 *   <li><b>CANN</b>: the {@code version=} line of the toolkit's {@code ascend_toolkit_install.info}
 *       ({@code package_name=Ascend-cann-toolkit}, {@code version=8.0.RC3}, {@code innerversion=...}, {@code arch=},
 *       {@code os=}, {@code path=}), or, where only that is present, the
 *       {@code toolkit_running_version=[inner:version]} line of {@code latest/version.cfg} (else the last entry
 *       of {@code toolkit_installed_version=}).</li>
 *   <li><b>NeuWare</b>: the {@code Neuware Version 3.9.0} line of {@code /usr/local/neuware/version.txt}.</li>
 * </ul>
 */
public final class ToolkitVersionParser {

    static final String NVIDIA_SMI = "nvidia-smi";
    static final String CANN_INSTALL_INFO = "ascend_toolkit_install.info";
    static final String CANN_VERSION_CFG = "ascend-toolkit version.cfg";
    static final String NEUWARE_VERSION = "neuware version.txt";

    private ToolkitVersionParser() {
    }

    /**
     * The CUDA version the driver reports in the plain {@code nvidia-smi} output or {@code nvidia-smi --version}.
     *
     * @return the version, or null when the driver reports {@code N/A}
     * @throws DiscoveryParseException when no line carries a CUDA Version field, or its value is not a version
     */
    public static String cuda(String text) {
        List<SourceLine> lines = SourceLine.split(NVIDIA_SMI, text);
        for (SourceLine line : lines) {
            String t = line.text();
            int at = t.toUpperCase(Locale.ROOT).indexOf("CUDA VERSION");
            if (at < 0) {
                continue;
            }
            int colon = t.indexOf(':', at);
            if (colon < 0) {
                throw line.error("CUDA Version has no value");
            }
            String rest = t.substring(colon + 1);
            int bar = rest.indexOf('|');
            String value = (bar < 0 ? rest : rest.substring(0, bar)).strip();
            int space = value.indexOf(' ');
            if (space >= 0) {
                value = value.substring(0, space);
            }
            if (Values.isNotAvailable(value)) {
                return null;
            }
            requireVersion(line, "CUDA Version", value);
            return value;
        }
        throw SourceLine.noHeader(NVIDIA_SMI, lines, "a header with \"CUDA Version: <version>\"");
    }

    /**
     * The CANN toolkit version from {@code ascend_toolkit_install.info}: {@code key=value} lines, {@code #} comments.
     *
     * @throws DiscoveryParseException when a line is not {@code key=value}, or {@code version=} is missing or empty
     */
    public static String cannInstallInfo(String text) {
        List<SourceLine> lines = SourceLine.split(CANN_INSTALL_INFO, text);
        for (SourceLine line : lines) {
            String t = line.trimmed();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw line.error("expected key=value");
            }
            if (t.substring(0, eq).strip().equals("version")) {
                String value = t.substring(eq + 1).strip();
                requireVersion(line, "version", value);
                return value;
            }
        }
        throw SourceLine.noHeader(CANN_INSTALL_INFO, lines, "a version=<CANN version> line");
    }

    /**
     * The CANN toolkit version from the toolkit's {@code version.cfg}: the version part of
     * {@code toolkit_running_version=[inner:version]}, else of the last {@code [inner:version]} entry of
     * {@code toolkit_installed_version=}.
     *
     * @throws DiscoveryParseException when neither line is there or an entry is not {@code [inner:version]}
     */
    public static String cannVersionCfg(String text) {
        List<SourceLine> lines = SourceLine.split(CANN_VERSION_CFG, text);
        String installed = null;
        for (SourceLine line : lines) {
            String t = line.trimmed();
            if (t.startsWith("toolkit_running_version=")) {
                return lastEntry(line, t.substring("toolkit_running_version=".length()));
            }
            if (t.startsWith("toolkit_installed_version=")) {
                installed = lastEntry(line, t.substring("toolkit_installed_version=".length()));
            }
        }
        if (installed == null) {
            throw SourceLine.noHeader(CANN_VERSION_CFG, lines, "a toolkit_running_version=[inner:version] line");
        }
        return installed;
    }

    /**
     * The NeuWare (CNToolkit) version from {@code version.txt}: the line {@code Neuware Version 3.9.0}.
     *
     * @throws DiscoveryParseException when there is no such line or its value is not a version
     */
    public static String neuware(String text) {
        List<SourceLine> lines = SourceLine.split(NEUWARE_VERSION, text);
        for (SourceLine line : lines) {
            List<String> tokens = TextScan.splitOnWhitespace(line.trimmed());
            if (tokens.size() >= 2 && tokens.get(0).equalsIgnoreCase("Neuware")
                    && tokens.get(1).regionMatches(true, 0, "Version", 0, 7)) {
                if (tokens.size() != 3) {
                    throw line.error("expected \"Neuware Version <version>\"");
                }
                String value = tokens.get(2);
                value = value.startsWith("v") || value.startsWith("V") ? value.substring(1) : value;
                requireVersion(line, "Neuware Version", value);
                return value;
            }
        }
        throw SourceLine.noHeader(NEUWARE_VERSION, lines, "a \"Neuware Version <version>\" line");
    }

    /** The version of the last {@code [inner:version]} entry of a version.cfg value. */
    private static String lastEntry(SourceLine line, String value) {
        String v = value.strip();
        if (v.length() < 2 || v.charAt(0) != '[' || v.charAt(v.length() - 1) != ']') {
            throw line.error("expected [inner:version] entries");
        }
        int open = v.lastIndexOf('[');
        String entry = v.substring(open + 1, v.length() - 1);
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw line.error("entry \"[" + entry + "]\" is not [inner:version]");
        }
        String version = entry.substring(colon + 1).strip();
        requireVersion(line, "toolkit version", version);
        return version;
    }

    /**
     * A version starts with a digit and holds letters, digits, dots, dashes, underscores and plus signs
     * ({@code 12.4}, {@code 8.0.RC3}, {@code 9.2.0-beta.2}).
     */
    private static void requireVersion(SourceLine line, String field, String value) {
        boolean ok = !value.isEmpty() && Character.isDigit(value.charAt(0)) && value.length() <= 64;
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '+';
        }
        if (!ok) {
            throw line.error(field + " \"" + value + "\" is not a version");
        }
    }
}
