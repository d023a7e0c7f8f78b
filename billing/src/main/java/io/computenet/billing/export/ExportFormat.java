package io.computenet.billing.export;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The export formats finance can ask for. */
public enum ExportFormat {

    /** ComputeNet's own columns (see billing/README.md). */
    CSV("csv", ".csv"),
    /** FOCUS 1.2 (FinOps Open Cost and Usage Specification). */
    FOCUS("focus", "-focus.csv"),
    /**
     * Inference endpoints' requests and prompt/completion tokens per tenant, endpoint and API key (see
     * billing/README.md); their replicas' device time is in the charge exports like any lease's.
     */
    ENDPOINT_USAGE("endpoint-usage", "-endpoint-usage.csv");

    public static final String MEDIA_TYPE = "text/csv; charset=UTF-8";

    private final String id;
    private final String fileSuffix;

    ExportFormat(String id, String fileSuffix) {
        this.id = id;
        this.fileSuffix = fileSuffix;
    }

    public String id() {
        return id;
    }

    public String fileSuffix() {
        return fileSuffix;
    }

    public static Optional<ExportFormat> parse(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String supported() {
        return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
    }

    /** Whether this format lists charge lines (the other lists endpoint usage). */
    public boolean charges() {
        return this != ENDPOINT_USAGE;
    }

    /** A writer of this charge format onto {@code out}. */
    public ExportWriter open(Writer out, RegionNames regions) {
        return switch (this) {
            case CSV -> new CsvExport(out);
            case FOCUS -> new FocusExport(new FocusWriter(out), new FocusRows(regions));
            case ENDPOINT_USAGE -> throw new IllegalStateException("endpoint usage has no charge lines");
        };
    }

    /** FOCUS rows from export lines, written as they come. */
    private record FocusExport(FocusWriter writer, FocusRows rows) implements ExportWriter {

        @Override
        public void header() throws IOException {
            writer.header();
        }

        @Override
        public void write(ExportLine line) throws IOException {
            writer.write(rows.usage(line));
        }
    }
}
