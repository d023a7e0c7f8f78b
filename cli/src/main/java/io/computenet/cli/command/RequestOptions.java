package io.computenet.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computenet.contracts.inventory.Vendor;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * What a researcher asks for, shared by {@code quote} and {@code lease create}: the fields of the API's lease
 * request ({@code POST /api/v1/leases}, {@code POST /api/v1/quotes}) as options. Only the options given are sent;
 * the API validates them and names a bad field in its answer.
 */
class RequestOptions {

    static final int DEFAULT_DEVICES = 1;
    static final int DEFAULT_MINUTES = 60;

    @Option(names = "--memory", paramLabel = "GiB")
    BigDecimal memoryGiB;

    @Option(names = "--devices", paramLabel = "N")
    Integer devices;

    @Option(names = "--minutes", paramLabel = "N")
    Integer minutes;

    @Option(names = "--region", paramLabel = "REGION")
    String region;

    @Option(names = "--vendor", paramLabel = "VENDOR")
    Vendor vendor;

    @Option(names = "--workload", paramLabel = "CLASS", completionCandidates = WorkloadClasses.class)
    String workload;

    @Option(names = "--max-price", paramLabel = "CNY")
    BigDecimal maxPricePerHour;

    @Option(names = "--compute-pct", paramLabel = "PCT")
    Integer computePct;

    @Option(names = "--model", paramLabel = "MODEL")
    String model;

    @Option(names = "--slice-profile", paramLabel = "PROFILE")
    String sliceProfile;

    @Option(names = "--sharing", paramLabel = "SHARING", completionCandidates = Sharings.class)
    String sharing;

    @Option(names = "--framework", paramLabel = "NAME")
    String framework;

    /** The workload classes the API knows (for shell completion; the API checks the value). */
    static class WorkloadClasses extends java.util.ArrayList<String> {
        WorkloadClasses() {
            super(java.util.List.of("INFERENCE", "TRAINING", "BATCH"));
        }
    }

    /** The sharing modes the API knows (for shell completion; the API checks the value). */
    static class Sharings extends java.util.ArrayList<String> {
        Sharings() {
            super(java.util.List.of("WHOLE", "ISOLATED", "SHARED"));
        }
    }

    /** Whether any request option was given (they are not allowed beside {@code --quote}). */
    boolean anyGiven() {
        return memoryGiB != null || devices != null || minutes != null || region != null || vendor != null
                || workload != null || maxPricePerHour != null || computePct != null || model != null
                || sliceProfile != null || sharing != null || framework != null;
    }

    /** The request body: the options given, with the defaults for device count and duration. */
    ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("memoryGiB", memoryGiB);
        body.put("deviceCount", devices == null ? DEFAULT_DEVICES : devices);
        body.put("durationMinutes", minutes == null ? DEFAULT_MINUTES : minutes);
        putIfSet(body, "region", region);
        putIfSet(body, "vendor", vendor == null ? null : vendor.name());
        putIfSet(body, "workloadClass", upper(workload));
        if (maxPricePerHour != null) {
            body.put("maxPricePerHour", maxPricePerHour);
        }
        if (computePct != null) {
            body.put("computePct", computePct);
        }
        putIfSet(body, "model", model);
        putIfSet(body, "sliceProfile", sliceProfile);
        putIfSet(body, "sharing", upper(sharing));
        putIfSet(body, "framework", framework);
        return body;
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
