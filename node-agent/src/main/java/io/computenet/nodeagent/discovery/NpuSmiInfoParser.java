package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code npu-smi info} (Huawei Ascend) into devices, one per chip.
 *
 * <p>Every chip is printed as two lines under a two-line header: {@code NPU Name | Health | Power(W) Temp(C)
 * Hugepages-Usage(page)} and {@code Chip [Device|Phy-ID] | Bus-Id | AICore(%) Memory-Usage(MB) [HBM-Usage(MB)]}.
 * Values are bound to those header names, so the second-header variants, 310P cards without HBM and wider or
 * narrower columns read the same. Total memory is the HBM total when the card has HBM, else the Memory-Usage
 * total (MB taken as MiB). {@code NA} and {@code -} read as null. The process table that follows the devices is
 * not read. The {@code Chip Phy-ID} layout is the one npu-smi prints for Atlas A3 (910C) hosts, whose dies it
 * names "Ascend910"; such dies are reported as model "Ascend910C".</p>
 */
public final class NpuSmiInfoParser {

    static final String TOOL = "npu-smi";

    private static final Pattern VERSION = Pattern.compile("Version:\\s*(\\S+)", Pattern.CASE_INSENSITIVE);

    private static final TwoLineBoxTable.Messages MESSAGES = new TwoLineBoxTable.Messages(
            "the npu-smi info header \"NPU Name | Health | ...\"",
            "the header's second line (Chip | Bus-Id | ...) is missing",
            "unexpected line in the device table",
            "a device is printed as two lines (NPU/Name and Chip/Bus-Id) but this one has no partner");

    private final SliceCatalog catalog;

    /** A parser that attaches vNPU templates from the default {@link SliceCatalog}. */
    public NpuSmiInfoParser() {
        this(new SliceCatalog());
    }

    /** A parser that attaches slice profiles from the given catalog. */
    public NpuSmiInfoParser(SliceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * @return one device per chip, in printed order; empty when the header is followed by no device
     * @throws DiscoveryParseException when there is no device header or a device line is damaged
     */
    public List<DeviceInfo> parse(String text) {
        Table table = new Table();
        TwoLineBoxTable.read(TOOL, SourceLine.split(TOOL, text), table, MESSAGES);
        return List.copyOf(table.devices);
    }

    /** One parse: the driver version from the banner and the devices read so far. */
    private final class Table implements TwoLineBoxTable.Layout {

        private String driverVersion;
        private boolean phyIdLayout;
        private final List<DeviceInfo> devices = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        @Override
        public boolean isFirstHeader(BoxTable candidate) {
            return candidate.firstName().equalsIgnoreCase("NPU") && candidate.has("Name") && candidate.has("Health");
        }

        @Override
        public void aboveHeader(SourceLine line) {
            if (line.text().toLowerCase(Locale.ROOT).contains("npu-smi")) {
                Matcher m = VERSION.matcher(line.text());
                if (m.find()) {
                    driverVersion = m.group(1);
                }
            }
        }

        @Override
        public BoxTable secondHeader(SourceLine firstLine, BoxTable first, SourceLine line) {
            BoxTable second = NpuSmiInfoParser.secondHeader(line);
            requireColumns(firstLine, first, line, second);
            phyIdLayout = second.has("Phy-ID");
            return second;
        }

        @Override
        public boolean isProcessHeader(SourceLine line) {
            return NpuSmiInfoParser.isProcessHeader(line);
        }

        @Override
        public void device(SourceLine cardLine, BoxTable first, SourceLine chipLine, BoxTable second) {
            DeviceInfo device = readDevice(cardLine, first, chipLine, second, phyIdLayout, driverVersion);
            if (!seen.add(device.index() + "/" + device.chipId())) {
                throw chipLine.error("NPU " + device.index() + " chip " + device.chipId() + " is listed twice");
            }
            devices.add(device);
        }
    }

    private static BoxTable secondHeader(SourceLine line) {
        if (!BoxTable.isRow(line)) {
            throw line.error("expected the header's second line (Chip | Bus-Id | ...)");
        }
        BoxTable second = BoxTable.header(line);
        if (!second.firstName().equalsIgnoreCase("Chip")) {
            throw line.error("expected the header's second line to start with Chip");
        }
        return second;
    }

    private static void requireColumns(SourceLine firstLine, BoxTable first, SourceLine secondLine, BoxTable second) {
        for (String name : List.of("NPU", "Name", "Health")) {
            if (!first.has(name)) {
                throw firstLine.error("header lacks the column " + name);
            }
        }
        if (!second.has("Bus-Id")) {
            throw secondLine.error("header lacks the column Bus-Id");
        }
        if (!second.has("Memory-Usage(MB)") && !second.has("HBM-Usage(MB)")) {
            throw secondLine.error("header has neither Memory-Usage(MB) nor HBM-Usage(MB)");
        }
    }

    private static boolean isProcessHeader(SourceLine line) {
        return BoxTable.cells(line).stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("process"));
    }

    private DeviceInfo readDevice(SourceLine cardLine, BoxTable first, SourceLine chipLine, BoxTable second,
                                  boolean phyIdLayout, String driverVersion) {
        Map<String, String> card = first.bind(cardLine);
        Map<String, String> chip = second.bind(chipLine);

        int npu = Values.requireIndex(cardLine, "NPU", card.get("npu"));
        String name = card.get("name");
        if (Values.isNotAvailable(name)) {
            throw cardLine.error("Name is not reported");
        }
        String model = normaliseModel(name, phyIdLayout);
        DeviceHealth health = health(card.get("health"));
        Double power = Values.optionalDecimal(cardLine, "Power(W)", card.get("power(w)"), "W");
        Double temp = Values.optionalDecimal(cardLine, "Temp(C)", card.get("temp(c)"), "C");

        int chipId = Values.requireIndex(chipLine, "Chip", chip.get("chip"));
        String busId = Values.optionalBusId(chipLine, "Bus-Id", chip.get("bus-id"));
        Double util = Values.optionalDecimal(chipLine, "AICore(%)", chip.get("aicore(%)"), "%");
        Memory memory = memory(chipLine, chip);

        return new DeviceInfo(Vendor.HUAWEI_ASCEND, model, null, null, npu, chipId, busId, memory.total(),
                memory.used(), util, temp, power, health, driverVersion, null, "CANN", null,
                catalog.profilesFor(Vendor.HUAWEI_ASCEND, model));
    }

    private static Memory memory(SourceLine line, Map<String, String> chip) {
        Memory hbm = chip.containsKey("hbm-usage(mb)") ? usage(line, "HBM-Usage(MB)", chip.get("hbm-usage(mb)")) : null;
        if (hbm != null && hbm.total() > 0) {
            return hbm;
        }
        Memory ddr = chip.containsKey("memory-usage(mb)")
                ? usage(line, "Memory-Usage(MB)", chip.get("memory-usage(mb)")) : null;
        if (ddr != null && ddr.total() > 0) {
            return ddr;
        }
        throw line.error("no memory total is reported (HBM-Usage and Memory-Usage totals are 0)");
    }

    private static Memory usage(SourceLine line, String field, String value) {
        Values.Pair pair = Values.requirePair(line, field, value);
        long total = Values.requireMemoryMiB(line, field + " total", pair.total(), "MB");
        Long used = Values.optionalMemoryMiB(line, field + " used", pair.used(), "MB");
        if (used != null && used > total && total > 0) {
            throw line.error(field + " used " + used + " exceeds total " + total);
        }
        return new Memory(total, used);
    }

    /** "910B3" to "Ascend910B3"; an already prefixed name is kept; A3 dies ("Ascend910", Phy-ID layout) to "Ascend910C". */
    static String normaliseModel(String name, boolean phyIdLayout) {
        String n = name.strip();
        String model = n.regionMatches(true, 0, "Ascend", 0, 6) ? "Ascend" + n.substring(6) : "Ascend" + n;
        if (phyIdLayout && model.equals("Ascend910")) {
            return "Ascend910C";
        }
        return model;
    }

    /** npu-smi Health: OK, Warning, Alarm, Critical; anything else is UNKNOWN. */
    static DeviceHealth health(String value) {
        return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
            case "ok" -> DeviceHealth.OK;
            case "warning" -> DeviceHealth.WARNING;
            case "alarm", "critical" -> DeviceHealth.CRITICAL;
            default -> DeviceHealth.UNKNOWN;
        };
    }

    private record Memory(long total, Long used) {
    }
}
