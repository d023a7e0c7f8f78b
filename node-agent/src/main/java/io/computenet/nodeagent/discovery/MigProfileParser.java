package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code nvidia-smi mig -lgip} (the GPU instance profiles each MIG-capable GPU offers) into MIG
 * {@link SliceProfile}s per GPU index: profile name without the "MIG " prefix, memory GiB converted to MiB,
 * total instances as {@code maxInstances}, SM count as {@code computeUnits}, resource name
 * {@code nvidia.com/mig-<profile>}.
 *
 * <p>Accepts the full table (title, two header lines, borders, and the second CE/JPEG/OFA line newer drivers
 * print under each profile) and the bare profile rows. With a header the columns are bound by its names
 * ({@code GPU Name ID Instances Memory P2P SM DEC ENC}); bare rows are read in that documented order.
 * "No ... found" messages give an empty result.</p>
 */
public final class MigProfileParser {

    static final String TOOL = "nvidia-smi mig -lgip";

    private static final List<String> DEFAULT_COLUMNS =
            List.of("GPU", "NAME", "ID", "INSTANCES", "MEMORY", "P2P", "SM", "DEC", "ENC");
    private static final List<String> REQUIRED = List.of("GPU", "NAME", "INSTANCES", "MEMORY", "SM");

    /**
     * @return MIG profiles per GPU index, GPUs in ascending order, profiles in printed order
     * @throws DiscoveryParseException when the output is empty, has an unknown line, or a damaged value
     */
    public Map<Integer, List<SliceProfile>> parse(String text) {
        List<SourceLine> lines = SourceLine.split(TOOL, text);
        if (lines.stream().allMatch(SourceLine::isBlank)) {
            throw SourceLine.noHeader(TOOL, lines, "GPU instance profile rows");
        }
        List<String> columns = DEFAULT_COLUMNS;
        Map<Integer, Map<String, SliceProfile>> byGpu = new TreeMap<>();
        boolean previousWasProfile = false;
        for (SourceLine line : lines) {
            if (line.isBlank() || BoxTable.isBorder(line)) {
                continue;
            }
            String content = stripBars(line.trimmed());
            if (content.isEmpty() || content.equalsIgnoreCase("GPU instance profiles:")) {
                continue;
            }
            if (isNothingFoundMessage(content)) {
                previousWasProfile = false;
                continue;
            }
            List<String> tokens = TextScan.splitOnWhitespace(content);
            if (tokens.get(0).equalsIgnoreCase("GPU") && containsIgnoreCase(tokens, "Name")) {
                columns = headerColumns(line, tokens);
                previousWasProfile = false;
                continue;
            }
            if (containsIgnoreCase(tokens, "Free/Total")) {
                continue;
            }
            if (previousWasProfile && tokens.size() < columns.size() && allDigits(tokens)) {
                continue;
            }
            SliceProfileRow row = readRow(line, columns, tokens);
            Map<String, SliceProfile> profiles = byGpu.computeIfAbsent(row.gpu(), g -> new LinkedHashMap<>());
            if (profiles.put(row.profile().name(), row.profile()) != null) {
                throw line.error("profile " + row.profile().name() + " is listed twice for GPU " + row.gpu());
            }
            previousWasProfile = true;
        }
        Map<Integer, List<SliceProfile>> result = new LinkedHashMap<>();
        byGpu.forEach((gpu, profiles) -> result.put(gpu, List.copyOf(profiles.values())));
        return Collections.unmodifiableMap(result);
    }

    private static boolean isNothingFoundMessage(String content) {
        // the prefix test first: it rejects every profile row without lower-casing it
        return content.regionMatches(true, 0, "no ", 0, 3) && content.toLowerCase(Locale.ROOT).contains("found");
    }

    private static boolean containsIgnoreCase(List<String> tokens, String name) {
        for (String token : tokens) {
            if (token.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allDigits(List<String> tokens) {
        for (String token : tokens) {
            if (!TextScan.isDigits(token)) {
                return false;
            }
        }
        return true;
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

    private static List<String> headerColumns(SourceLine line, List<String> tokens) {
        List<String> columns = new ArrayList<>();
        for (String token : tokens) {
            String name = token.toUpperCase(Locale.ROOT);
            if (columns.contains(name)) {
                throw line.error("column " + token + " appears twice in the header");
            }
            columns.add(name);
        }
        for (String required : REQUIRED) {
            if (!columns.contains(required)) {
                throw line.error("header lacks the required column " + required);
            }
        }
        return List.copyOf(columns);
    }

    private static SliceProfileRow readRow(SourceLine line, List<String> columns, List<String> tokens) {
        List<String> values = new ArrayList<>(tokens);
        int nameAt = columns.indexOf("NAME");
        if (values.size() > nameAt + 1 && values.get(nameAt).equalsIgnoreCase("MIG")) {
            values.set(nameAt, values.get(nameAt + 1));
            values.remove(nameAt + 1);
        }
        if (values.size() != columns.size()) {
            throw line.error("expected a GPU instance profile row with " + columns.size() + " columns "
                    + columns + " but found " + values.size() + " values");
        }
        Map<String, String> byColumn = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byColumn.put(columns.get(i), values.get(i));
        }
        int gpu = Values.requireIndex(line, "GPU", byColumn.get("GPU"));
        String name = byColumn.get("NAME");
        if (byColumn.containsKey("ID")) {
            Values.requireIndex(line, "profile ID", byColumn.get("ID"));
        }
        String instances = byColumn.get("INSTANCES");
        int slash = instances.indexOf('/');
        String free = slash < 0 ? "" : instances.substring(0, slash);
        String all = slash < 0 ? "" : instances.substring(slash + 1);
        if (!TextScan.isDigits(free) || !TextScan.isDigits(all)) {
            throw line.error("instances \"" + instances + "\" is not free/total");
        }
        int total = Integer.parseInt(all);
        if (total < 1 || Integer.parseInt(free) > total) {
            throw line.error("instances \"" + byColumn.get("INSTANCES") + "\" is not a valid free/total count");
        }
        long memory = Values.gibToMiB(line, "memory GiB", byColumn.get("MEMORY"));
        if (memory <= 0) {
            throw line.error("memory must be positive");
        }
        int sm = Values.requireIndex(line, "SM count", byColumn.get("SM"));
        return new SliceProfileRow(gpu,
                new SliceProfile(SliceKind.MIG, name, memory, sm, total, SliceCatalog.migResourceName(name)));
    }

    private record SliceProfileRow(int gpu, SliceProfile profile) {
    }
}
