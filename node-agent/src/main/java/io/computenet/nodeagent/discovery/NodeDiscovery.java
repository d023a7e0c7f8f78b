package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceInfo;

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

    /** The fields the agent asks nvidia-smi for (read back by header name, so the order does not matter). */
    public static final String NVIDIA_QUERY = "index,uuid,name,pci.bus_id,memory.total,memory.used,utilization.gpu,"
            + "temperature.gpu,power.draw,driver_version";

    /** Saved tool outputs to read instead of running the tools; an empty source is skipped. */
    public record Sources(Optional<Path> nvidiaSmiCsv, Optional<Path> migLgip, Optional<Path> npuSmi,
                          Optional<Path> cnmon) {
        public boolean any() {
            return nvidiaSmiCsv.isPresent() || npuSmi.isPresent() || cnmon.isPresent();
        }
    }

    private final SliceCatalog catalog = new SliceCatalog();

    /** Parses saved outputs. */
    public List<DeviceInfo> fromFiles(Sources sources) {
        List<DeviceInfo> devices = new ArrayList<>();
        sources.nvidiaSmiCsv().ifPresent(csv -> {
            Map<Integer, List<io.computenet.contracts.inventory.SliceProfile>> mig = sources.migLgip()
                    .map(p -> new MigProfileParser().parse(read(p))).orElse(Map.of());
            devices.addAll(new NvidiaSmiCsvParser(catalog).parse(read(csv), mig));
        });
        sources.npuSmi().ifPresent(p -> devices.addAll(new NpuSmiInfoParser(catalog).parse(read(p))));
        sources.cnmon().ifPresent(p -> devices.addAll(parseCnmon(read(p))));
        return devices;
    }

    /**
     * Runs the vendor tools found on this node, and sets each device's toolkit version (CUDA from the
     * {@code nvidia-smi} header, CANN and NeuWare from their installed version files; {@link ToolkitVersions}).
     */
    public List<DeviceInfo> live() {
        List<DeviceInfo> devices = new ArrayList<>();
        run("nvidia-smi", "--query-gpu=" + NVIDIA_QUERY, "--format=csv").ifPresent(csv -> {
            Map<Integer, List<io.computenet.contracts.inventory.SliceProfile>> mig = run("nvidia-smi", "mig", "-lgip")
                    .filter(out -> out.contains("MIG"))
                    .map(out -> new MigProfileParser().parse(out)).orElse(Map.of());
            devices.addAll(new NvidiaSmiCsvParser(catalog).parse(csv, mig));
        });
        run("npu-smi", "info").ifPresent(out -> devices.addAll(new NpuSmiInfoParser(catalog).parse(out)));
        run("cnmon").ifPresent(out -> devices.addAll(parseCnmon(out)));
        return new ToolkitVersions().apply(devices);
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

    /** Output of a tool, or empty when the tool is not installed. */
    static Optional<String> run(String... command) {
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
            if (process.exitValue() != 0) {
                throw new DiscoveryToolException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + out.strip());
            }
            return Optional.of(out);
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
