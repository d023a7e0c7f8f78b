package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.MigInstance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code nvidia-smi mig -lgi} (the GPU instances that exist on MIG-enabled GPUs) into {@link MigInstance}s per
 * GPU index. The table is a bordered box: title {@code GPU instances:}, a two-line header
 * ({@code GPU  Name  Profile  Instance  Placement} over {@code ID  ID  Start:Size}), then one row per instance,
 * {@code 0  MIG 3g.20gb  9  1  4:4}, each closed by a border. The "MIG " prefix of the name is dropped;
 * "No ... found" messages (no GPU instances, no MIG-enabled devices) give an empty result.
 */
public final class MigInstanceParser {

    static final String TOOL = "nvidia-smi mig -lgi";

    /**
     * @return GPU instances per GPU index, GPUs ascending, instances in printed order
     * @throws DiscoveryParseException when the output is empty, has an unknown line or a damaged value
     */
    public Map<Integer, List<MigInstance>> parse(String text) {
        List<SourceLine> lines = SourceLine.split(TOOL, text);
        if (lines.stream().allMatch(SourceLine::isBlank)) {
            throw SourceLine.noHeader(TOOL, lines, "GPU instance rows");
        }
        Map<Integer, Map<Integer, MigInstance>> byGpu = new TreeMap<>();
        for (SourceLine line : lines) {
            if (line.isBlank() || BoxTable.isBorder(line)) {
                continue;
            }
            String content = stripBars(line.trimmed());
            String lower = content.toLowerCase(Locale.ROOT);
            if (content.isEmpty() || lower.equals("gpu instances:")) {
                continue;
            }
            if (lower.startsWith("no ") && lower.contains("found")) {
                continue; // "No GPU instances found", "No MIG-enabled devices found"
            }
            List<String> tokens = TextScan.splitOnWhitespace(content);
            if (isHeader(tokens)) {
                continue;
            }
            Row row = readRow(line, tokens);
            Map<Integer, MigInstance> instances = byGpu.computeIfAbsent(row.gpu(), g -> new LinkedHashMap<>());
            if (instances.put(row.instance().gpuInstanceId(), row.instance()) != null) {
                throw line.error("GPU instance " + row.instance().gpuInstanceId() + " is listed twice for GPU "
                        + row.gpu());
            }
        }
        Map<Integer, List<MigInstance>> result = new LinkedHashMap<>();
        byGpu.forEach((gpu, instances) -> result.put(gpu, List.copyOf(instances.values())));
        return Collections.unmodifiableMap(result);
    }

    /** {@code GPU Name Profile Instance Placement} or its second line {@code ID ID Start:Size}. */
    private static boolean isHeader(List<String> tokens) {
        String first = tokens.get(0);
        if (first.equalsIgnoreCase("GPU") && tokens.size() > 1 && tokens.get(1).equalsIgnoreCase("Name")) {
            return true;
        }
        return first.equalsIgnoreCase("ID") && tokens.get(tokens.size() - 1).equalsIgnoreCase("Start:Size");
    }

    private static Row readRow(SourceLine line, List<String> tokens) {
        List<String> values = new ArrayList<>(tokens);
        if (values.size() > 2 && values.get(1).equalsIgnoreCase("MIG")) {
            values.remove(1);
        }
        if (values.size() != 5) {
            throw line.error("expected a GPU instance row: GPU, name, profile ID, instance ID, placement "
                    + "start:size; found " + values.size() + " values");
        }
        int gpu = Values.requireIndex(line, "GPU", values.get(0));
        String name = values.get(1);
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
            throw line.error("profile name \"" + name + "\" is not a MIG profile such as 3g.40gb");
        }
        int profileId = Values.requireIndex(line, "profile ID", values.get(2));
        int instanceId = Values.requireIndex(line, "instance ID", values.get(3));
        String placement = values.get(4);
        int colon = placement.indexOf(':');
        String start = colon < 0 ? "" : placement.substring(0, colon);
        String size = colon < 0 ? "" : placement.substring(colon + 1);
        if (!TextScan.isDigits(start) || !TextScan.isDigits(size) || start.length() > 9 || size.length() > 9
                || Integer.parseInt(size) < 1) {
            throw line.error("placement \"" + placement + "\" is not start:size");
        }
        return new Row(gpu, new MigInstance(instanceId, name, profileId, Integer.parseInt(start),
                Integer.parseInt(size)));
    }

    private static String stripBars(String line) {
        String t = line;
        if (t.startsWith("|")) {
            t = t.substring(1);
        }
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip();
    }

    private record Row(int gpu, MigInstance instance) {
    }
}
