package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.MigInstance;
import io.computenet.contracts.inventory.SliceProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Discovers this node's devices with the vendors' own tools, or from their saved output. A tool that is not
 * installed means the node has no devices of that vendor; a tool that fails or prints something the parsers cannot
 * read is an error naming the tool.
 */
public final class NodeDiscovery {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(NodeDiscovery.class);

    /** The fields the agent asks nvidia-smi for (read back by header name, so the order does not matter). */
    public static final String NVIDIA_QUERY = "index,uuid,name,pci.bus_id,memory.total,memory.used,utilization.gpu,"
            + "temperature.gpu,power.draw,driver_version,mig.mode.current";

    /** The query for drivers older than MIG (R450), which refuse {@code mig.mode.current} as an unknown field. */
    static final String NVIDIA_QUERY_WITHOUT_MIG = NVIDIA_QUERY.replace(",mig.mode.current", "");

    /** Saved tool outputs to read instead of running the tools; an empty source is skipped. */
    public record Sources(Optional<Path> nvidiaSmiCsv, Optional<Path> migLgip, Optional<Path> migLgi,
                          Optional<Path> npuSmi, Optional<Path> cnmon) {

        /** Without saved {@code nvidia-smi mig -lgi} output. */
        public Sources(Optional<Path> nvidiaSmiCsv, Optional<Path> migLgip, Optional<Path> npuSmi,
                       Optional<Path> cnmon) {
            this(nvidiaSmiCsv, migLgip, Optional.empty(), npuSmi, cnmon);
        }

        public boolean any() {
            return nvidiaSmiCsv.isPresent() || npuSmi.isPresent() || cnmon.isPresent();
        }
    }

    /** What an {@code nvidia-smi mig} listing that ran said about MIG on this node. */
    enum MigAnswer {
        /** It printed its table (or its own "No ... found" line): parse it. */
        LISTED,
        /** It failed because no GPU here has MIG enabled or supports it: no MIG, not an error. */
        NO_MIG,
        /**
         * It failed otherwise (no permission: the MIG monitor capability; "Unknown Error" on platforms whose MIG
         * support is partial): the listing is not known, which does not fail discovery either.
         */
        UNKNOWN
    }

    /** The exit status and output of a tool that ran. */
    record ToolRun(int exitCode, String output) {
    }

    private final SliceCatalog catalog = new SliceCatalog();

    /** Parses saved outputs. */
    public List<DeviceInfo> fromFiles(Sources sources) {
        List<DeviceInfo> devices = new ArrayList<>();
        sources.nvidiaSmiCsv().ifPresent(csv -> {
            Map<Integer, List<SliceProfile>> mig = sources.migLgip()
                    .map(p -> new MigProfileParser().parse(read(p))).orElse(Map.of());
            Map<Integer, List<MigInstance>> instances = sources.migLgi()
                    .map(p -> new MigInstanceParser().parse(read(p))).orElse(null);
            devices.addAll(new NvidiaSmiCsvParser(catalog).parse(read(csv), mig, instances));
        });
        sources.npuSmi().ifPresent(p -> devices.addAll(new NpuSmiInfoParser(catalog).parse(read(p))));
        sources.cnmon().ifPresent(p -> devices.addAll(parseCnmon(read(p))));
        return devices;
    }

    /** Where Ascend hosts keep their NPUs' network settings, unless configured otherwise. */
    public static final String HCCN_CONF = "/etc/hccn.conf";

    /** {@link #live(Path)} with the Ascend devices' addresses from {@value #HCCN_CONF}. */
    public List<DeviceInfo> live() {
        return live(Path.of(HCCN_CONF));
    }

    /**
     * Runs the vendor tools found on this node, and sets each device's toolkit version (CUDA from the
     * {@code nvidia-smi} header, CANN and NeuWare from their installed version files; {@link ToolkitVersions}) and
     * each Ascend device's address from {@code hccnConf} ({@link DeviceAddresses}).
     */
    public List<DeviceInfo> live(Path hccnConf) {
        List<DeviceInfo> devices = new ArrayList<>();
        nvidiaCsv().ifPresent(csv -> {
            Map<Integer, List<SliceProfile>> profiles = migListing("-lgip").map(out -> out.isBlank()
                    ? Map.<Integer, List<SliceProfile>>of() : new MigProfileParser().parse(out)).orElse(Map.of());
            Map<Integer, List<MigInstance>> instances = migListing("-lgi").map(out -> out.isBlank()
                    ? Map.<Integer, List<MigInstance>>of() : new MigInstanceParser().parse(out)).orElse(null);
            devices.addAll(new NvidiaSmiCsvParser(catalog).parse(csv, profiles, instances));
        });
        run("npu-smi", "info").ifPresent(out -> devices.addAll(new NpuSmiInfoParser(catalog).parse(out)));
        run("cnmon").ifPresent(out -> devices.addAll(parseCnmon(out)));
        return DeviceAddresses.fromFile(new ToolkitVersions().apply(devices), hccnConf);
    }

    private List<DeviceInfo> parseCnmon(String text) {
        // `cnmon info` prints Card blocks of "Key : Value" lines; plain `cnmon` prints the table
        return text.lines().anyMatch(l -> l.trim().matches("Card\\s*\\d+.*") && !l.contains("|"))
                ? new CnmonInfoParser(catalog).parse(text)
                : new CnmonParser(catalog).parse(text);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** The nvidia-smi CSV, asked again without {@code mig.mode.current} of a driver that does not know it. */
    private static Optional<String> nvidiaCsv() {
        Optional<ToolRun> full = exec("nvidia-smi", "--query-gpu=" + NVIDIA_QUERY, "--format=csv");
        if (full.isEmpty()) {
            return Optional.empty();
        }
        if (full.get().exitCode() != 0 && full.get().output().contains("is not a valid field")) {
            return run("nvidia-smi", "--query-gpu=" + NVIDIA_QUERY_WITHOUT_MIG, "--format=csv");
        }
        return Optional.of(succeeded(full.get(), "nvidia-smi", "--query-gpu=" + NVIDIA_QUERY, "--format=csv"));
    }

    /**
     * The text of {@code nvidia-smi mig <flag>} to parse: blank when this node has no MIG there, empty when the
     * listing is not known. A GPU without MIG support or MIG enabled, or a listing that fails, does not fail
     * discovery: the CSV's {@code mig.mode.current} still says which GPUs have MIG.
     */
    private static Optional<String> migListing(String flag) {
        Optional<ToolRun> run = exec("nvidia-smi", "mig", flag);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        return switch (migAnswer(run.get())) {
            case LISTED -> Optional.of(run.get().output());
            case NO_MIG -> Optional.of("");
            case UNKNOWN -> {
                LOG.warnf("nvidia-smi mig %s exited with %d (%s): its MIG state is left out", flag,
                        run.get().exitCode(), run.get().output().strip());
                yield Optional.empty();
            }
        };
    }

    /** What an {@code nvidia-smi mig} listing's exit status and output mean. Pure. */
    static MigAnswer migAnswer(ToolRun run) {
        if (run.exitCode() == 0) {
            return MigAnswer.LISTED;
        }
        String out = run.output().toLowerCase(java.util.Locale.ROOT);
        if (out.contains("no mig-enabled devices found") || out.contains("no mig-supported devices")
                || out.contains("not supported")) {
            return MigAnswer.NO_MIG;
        }
        return MigAnswer.UNKNOWN;
    }

    /** Output of a tool, or empty when the tool is not installed; a tool that fails is an error. */
    static Optional<String> run(String... command) {
        return exec(command).map(r -> succeeded(r, command));
    }

    private static String succeeded(ToolRun run, String... command) {
        if (run.exitCode() != 0) {
            throw new DiscoveryToolException(String.join(" ", command) + " exited with " + run.exitCode() + ": "
                    + run.output().strip());
        }
        return run.output();
    }

    /** Exit status and output of a tool, or empty when the tool is not installed. */
    static Optional<ToolRun> exec(String... command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty(); // not installed: no devices of this vendor
        }
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DiscoveryToolException(command[0] + " did not finish within 30 s");
            }
            return Optional.of(new ToolRun(process.exitValue(), out));
        } catch (IOException e) {
            throw new DiscoveryToolException("cannot read the output of " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryToolException("interrupted while running " + command[0]);
        }
    }

    /** A vendor tool that is installed but failed. */
    public static class DiscoveryToolException extends RuntimeException {
        public DiscoveryToolException(String message) {
            super(message);
        }
    }
}
