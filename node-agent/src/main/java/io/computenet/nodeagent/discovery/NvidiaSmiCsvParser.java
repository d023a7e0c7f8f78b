package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.MigInstance;
import io.computenet.contracts.inventory.MigMode;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nvidia-smi --query-gpu=<fields> --format=csv[,nounits]} into devices.
 *
 * <p>Columns are found by their header names (the unit suffix such as {@code [MiB]} is dropped), so any field
 * list and order works; {@code name} and {@code memory.total} are required, {@code index} is used when present
 * (else the row order). Values may carry units or not ({@code nounits}); {@code [N/A]} and
 * {@code [Not Supported]} read as null. Unknown columns are ignored, including {@code clocks_throttle_reasons.*}.
 * Health is OK unless an ECC, retired-page or row-remapping column says otherwise. {@code mig.mode.current} gives
 * the GPU's {@link MigMode}; a GPU with MIG disabled offers no MIG profiles.
 * Output without a CSV header ({@code noheader}, or an error message from the tool) is rejected.</p>
 */
public final class NvidiaSmiCsvParser {

    static final String TOOL = "nvidia-smi";

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("gpu_name", "name"),
            Map.entry("gpu_uuid", "uuid"),
            Map.entry("gpu_serial", "serial"),
            Map.entry("gpu_bus_id", "pci.bus_id"),
            Map.entry("power.draw.instant", "power.draw"));

    private static final Set<String> KNOWN = Set.of(
            "index", "name", "uuid", "serial", "pci.bus_id", "memory.total", "memory.used", "utilization.gpu",
            "temperature.gpu", "power.draw", "driver_version", "vbios_version", "mig.mode.current",
            "ecc.errors.uncorrected.volatile.total", "retired_pages.pending", "remapped_rows.pending",
            "remapped_rows.failure");

    private static final Pattern VALUE_UNIT = Pattern.compile("[-+]?[0-9.]+\\s*([A-Za-z%]*)");

    private final SliceCatalog catalog;

    /** A parser that attaches slice profiles from the default {@link SliceCatalog}. */
    public NvidiaSmiCsvParser() {
        this(new SliceCatalog());
    }

    /** A parser that attaches slice profiles from the given catalog. */
    public NvidiaSmiCsvParser(SliceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** Parses the CSV; MIG profiles come from the catalog. */
    public List<DeviceInfo> parse(String text) {
        return parse(text, Map.of());
    }

    /**
     * Parses the CSV; for every GPU index in {@code migProfilesByGpu} (from {@link MigProfileParser}) the MIG
     * profiles the GPU reported replace the catalog's.
     *
     * @throws DiscoveryParseException  when the output has no header or a row is damaged
     * @throws IllegalArgumentException when MIG profiles are given for a GPU the CSV does not list
     */
    public List<DeviceInfo> parse(String text, Map<Integer, List<SliceProfile>> migProfilesByGpu) {
        return parse(text, migProfilesByGpu, null);
    }

    /**
     * Parses the CSV with the GPUs' MIG state. A GPU's MIG mode comes from the {@code mig.mode.current} column
     * ({@code Enabled}, {@code Disabled}; {@code [N/A]} / {@code [Not Supported]} or no column: null). A GPU with MIG
     * disabled offers no MIG profiles; one with MIG enabled offers those {@code migProfilesByGpu} reports for it,
     * else the catalog's; one whose mode is not known offers the reported or catalog profiles as before. MIG-enabled
     * GPUs get their GPU instances from {@code migInstancesByGpu} (from {@link MigInstanceParser}; none listed: an
     * empty list), MIG-disabled ones an empty list; a null map means the instances are not known (null).
     *
     * @throws DiscoveryParseException  when the output has no header, a row is damaged or the MIG mode is unknown
     * @throws IllegalArgumentException when MIG profiles or instances are given for a GPU the CSV does not list
     */
    public List<DeviceInfo> parse(String text, Map<Integer, List<SliceProfile>> migProfilesByGpu,
                                  Map<Integer, List<MigInstance>> migInstancesByGpu) {
        Objects.requireNonNull(migProfilesByGpu, "migProfilesByGpu");
        List<SourceLine> lines = SourceLine.split(TOOL, text);
        SourceLine headerLine = lines.stream().filter(l -> !l.isBlank()).findFirst()
                .orElseThrow(() -> SourceLine.noHeader(TOOL, lines, "a --format=csv header line"));
        Header header = Header.read(headerLine);

        List<DeviceInfo> devices = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (SourceLine line : lines.subList(headerLine.number(), lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            DeviceInfo device = readRow(header, line, devices.size(), migProfilesByGpu, migInstancesByGpu);
            if (!seen.add(device.index())) {
                throw line.error("GPU index " + device.index() + " is listed twice");
            }
            devices.add(device);
        }
        for (Integer gpu : migProfilesByGpu.keySet()) {
            if (!seen.contains(gpu)) {
                throw new IllegalArgumentException("MIG profiles were given for GPU " + gpu
                        + ", which nvidia-smi did not list");
            }
        }
        for (Integer gpu : migInstancesByGpu == null ? Set.<Integer>of() : migInstancesByGpu.keySet()) {
            if (!seen.contains(gpu)) {
                throw new IllegalArgumentException("MIG instances were given for GPU " + gpu
                        + ", which nvidia-smi did not list");
            }
        }
        return List.copyOf(devices);
    }

    private DeviceInfo readRow(Header header, SourceLine line, int ordinal,
                               Map<Integer, List<SliceProfile>> migProfilesByGpu,
                               Map<Integer, List<MigInstance>> migInstancesByGpu) {
        String[] raw = line.text().split(",", -1);
        if (raw.length != header.size()) {
            throw line.error("expected " + header.size() + " comma-separated values as in the header but found "
                    + raw.length);
        }
        Row row = new Row(header, line, raw);
        int index = row.has("index") ? Values.requireIndex(line, "index", row.get("index")) : ordinal;
        String name = row.get("name");
        if (Values.isNotAvailable(name)) {
            throw line.error("name is not reported");
        }
        String model = normaliseModel(name);
        long memory = Values.requireMemoryMiB(line, "memory.total", row.value("memory.total", "MiB"), "MiB");
        if (memory <= 0) {
            throw line.error("memory.total must be positive");
        }
        Long used = Values.optionalMemoryMiB(line, "memory.used", row.value("memory.used", "MiB"), "MiB");
        Double util = Values.optionalDecimal(line, "utilization.gpu", row.value("utilization.gpu", "%"), "%");
        Double temp = Values.optionalDecimal(line, "temperature.gpu", row.value("temperature.gpu", "C"), "C");
        Double power = Values.optionalDecimal(line, "power.draw", row.value("power.draw", "W"), "W");
        String busId = Values.optionalBusId(line, "pci.bus_id", row.get("pci.bus_id"));
        DeviceHealth health = health(row, line);
        MigMode migMode = migMode(row, line);
        List<SliceProfile> reported = migMode == MigMode.DISABLED ? List.of() : migProfilesByGpu.get(index);
        List<SliceProfile> slices = catalog.profilesFor(Vendor.NVIDIA, model, reported);
        List<MigInstance> instances = null;
        if (migMode == MigMode.DISABLED) {
            instances = List.of();
        } else if (migMode == MigMode.ENABLED && migInstancesByGpu != null) {
            instances = migInstancesByGpu.getOrDefault(index, List.of());
        }
        return new DeviceInfo(Vendor.NVIDIA, model, row.text("uuid"), row.text("serial"), index, null, busId,
                memory, used, util, temp, power, health, row.text("driver_version"), row.text("vbios_version"),
                "CUDA", null, slices, migMode, instances);
    }

    /** {@code mig.mode.current}: Enabled, Disabled, or null when absent or not available (no MIG on this GPU). */
    private static MigMode migMode(Row row, SourceLine line) {
        String v = row.get("mig.mode.current");
        if (v == null || Values.isNotAvailable(v)) {
            return null;
        }
        if (v.equalsIgnoreCase("Enabled")) {
            return MigMode.ENABLED;
        }
        if (v.equalsIgnoreCase("Disabled")) {
            return MigMode.DISABLED;
        }
        throw line.error("mig.mode.current \"" + v + "\" is neither Enabled nor Disabled");
    }

    private static DeviceHealth health(Row row, SourceLine line) {
        Long uncorrected = Values.optionalCount(line, "ecc.errors.uncorrected.volatile.total",
                row.get("ecc.errors.uncorrected.volatile.total"));
        if ((uncorrected != null && uncorrected > 0) || row.isYes("remapped_rows.failure")) {
            return DeviceHealth.CRITICAL;
        }
        if (row.isYes("retired_pages.pending") || row.isYes("remapped_rows.pending")) {
            return DeviceHealth.WARNING;
        }
        return DeviceHealth.OK;
    }

    /** "NVIDIA H100 80GB HBM3" to "H100 80GB HBM3", "Tesla V100-SXM2-32GB" to "V100-SXM2-32GB". */
    static String normaliseModel(String name) {
        String model = name.strip();
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : List.of("NVIDIA ", "Tesla ")) {
                if (model.regionMatches(true, 0, prefix, 0, prefix.length()) && model.length() > prefix.length()) {
                    model = model.substring(prefix.length()).strip();
                    stripped = true;
                }
            }
        }
        return model;
    }

    /** Column positions by canonical name, with the unit each header declares. */
    private record Header(Map<String, Integer> positions, Map<String, String> units, int size) {

        static Header read(SourceLine line) {
            String[] names = line.text().split(",", -1);
            Map<String, Integer> positions = new HashMap<>();
            Map<String, String> units = new HashMap<>();
            Map<String, String> aliased = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                String column = names[i].strip();
                String unit = null;
                int bracket = column.indexOf('[');
                if (bracket >= 0 && column.endsWith("]")) {
                    unit = column.substring(bracket + 1, column.length() - 1).strip();
                    column = column.substring(0, bracket).strip();
                }
                String key = column.toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    throw line.error("column " + (i + 1) + " of the header has no name");
                }
                if (positions.put(key, i) != null) {
                    throw line.error("column \"" + column + "\" appears twice in the header");
                }
                if (unit != null) {
                    units.put(key, unit);
                }
                if (ALIASES.containsKey(key)) {
                    aliased.put(ALIASES.get(key), key);
                }
            }
            aliased.forEach((canonical, alias) -> {
                if (!positions.containsKey(canonical)) {
                    positions.put(canonical, positions.get(alias));
                    if (units.containsKey(alias)) {
                        units.put(canonical, units.get(alias));
                    }
                }
            });
            long known = positions.keySet().stream().filter(KNOWN::contains).count();
            if (known == 0) {
                throw line.error("no header: expected a --format=csv header naming columns such as "
                        + "index, name, memory.total");
            }
            for (String required : List.of("name", "memory.total")) {
                if (!positions.containsKey(required)) {
                    throw line.error("header lacks the required column \"" + required + "\"");
                }
            }
            return new Header(positions, units, names.length);
        }
    }

    /** One data row, read through the header. */
    private record Row(Header header, SourceLine line, String[] values) {

        boolean has(String column) {
            return header.positions().containsKey(column);
        }

        /** The raw value, or null when the column is absent. */
        String get(String column) {
            Integer i = header.positions().get(column);
            return i == null ? null : values[i].strip();
        }

        /** Text value, null when absent or not available. */
        String text(String column) {
            String v = get(column);
            return Values.isNotAvailable(v) ? null : v;
        }

        boolean isYes(String column) {
            String v = get(column);
            return v != null && v.equalsIgnoreCase("Yes");
        }

        /**
         * The value with the unit the header declares checked: with units, "81559 MiB" must say the header's
         * unit; with nounits, "81559" is taken in the header's unit. {@code expected} is the unit the parser
         * reads the value in.
         */
        String value(String column, String expected) {
            String v = get(column);
            if (v == null || Values.isNotAvailable(v)) {
                return v;
            }
            String declared = header.units().get(column);
            if (declared != null && !declared.equalsIgnoreCase(expected)) {
                throw line.error(column + " is declared in [" + declared + "] but " + expected + " was expected");
            }
            Matcher unit = VALUE_UNIT.matcher(v);
            if (declared != null && unit.matches() && !unit.group(1).isEmpty()
                    && !unit.group(1).equalsIgnoreCase(declared)) {
                throw line.error(column + " \"" + v + "\" has an unexpected unit; the header declares ["
                        + declared + "]");
            }
            return v;
        }
    }
}
