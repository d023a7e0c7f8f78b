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
 * Reads the plain {@code cnmon} table (Cambricon MLU) into devices, one per card.
 *
 * <p>Every card is two lines under a two-line header, e.g. (v5) {@code Card VF Name Firmware | Bus-Id |
 * Util Ecc-Error} / {@code Fan Temp Pwr:Usage/Cap | Memory-Usage | SR-IOV Compute-Mode}, or (4.x, after a date
 * line) {@code ... | Inited Driver | ...} / {@code ... | Memory-Usage | vMemory-Usage}. Values are bound to the
 * header names, so either layout reads the same; a column the layout lacks (4.x has no Bus-Id) reads as null.
 * The driver version comes from a per-card Driver column, else from the banner ({@code Driver v5.10.13}).
 * Health is OK unless the Ecc-Error count is above 0 (WARNING). The process table is not read.</p>
 */
public final class CnmonParser {

    static final String TOOL = "cnmon";

    private static final Pattern BANNER_DRIVER = Pattern.compile("Driver\\s+(v?[0-9][\\w.\\-]*)",
            Pattern.CASE_INSENSITIVE);

    private final SliceCatalog catalog;

    /** A parser that attaches sMLU/MIM profiles from the default {@link SliceCatalog}. */
    public CnmonParser() {
        this(new SliceCatalog());
    }

    /** A parser that attaches slice profiles from the given catalog. */
    public CnmonParser(SliceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * @return one device per card, in printed order; empty when the header is followed by no card
     * @throws DiscoveryParseException when there is no card header or a card line is damaged
     */
    public List<DeviceInfo> parse(String text) {
        List<SourceLine> lines = SourceLine.split(TOOL, text);
        String bannerDriver = null;
        BoxTable first = null;
        BoxTable second = null;
        SourceLine firstHeaderLine = null;
        List<DeviceInfo> devices = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        List<SourceLine> block = new ArrayList<>();
        boolean inProcesses = false;

        for (SourceLine line : lines) {
            if (line.isBlank() || inProcesses) {
                continue;
            }
            if (first == null) {
                if (!BoxTable.isRow(line)) {
                    continue;
                }
                BoxTable candidate = BoxTable.header(line);
                if (candidate.firstName().equalsIgnoreCase("Card") && candidate.has("Name")) {
                    first = candidate;
                    firstHeaderLine = line;
                } else if (line.text().toUpperCase(Locale.ROOT).contains("CNMON")) {
                    Matcher m = BANNER_DRIVER.matcher(line.text());
                    if (m.find()) {
                        bannerDriver = m.group(1);
                    }
                }
                continue;
            }
            if (second == null) {
                if (!BoxTable.isRow(line)) {
                    throw line.error("expected the header's second line (Fan Temp ... | Memory-Usage | ...)");
                }
                second = BoxTable.header(line);
                requireColumns(firstHeaderLine, first, line, second);
                continue;
            }
            if (BoxTable.isBorder(line)) {
                readBlock(block, first, second, bannerDriver, devices, seen);
                block.clear();
                continue;
            }
            if (!BoxTable.isRow(line)) {
                throw line.error("unexpected line in the card table");
            }
            if (BoxTable.cells(line).stream().anyMatch(c -> c.startsWith("Processes"))) {
                readBlock(block, first, second, bannerDriver, devices, seen);
                block.clear();
                inProcesses = true;
                continue;
            }
            block.add(line);
        }
        if (first == null) {
            throw SourceLine.noHeader(TOOL, lines, "the cnmon header \"Card VF Name Firmware | ...\"");
        }
        if (second == null) {
            throw firstHeaderLine.error("the header's second line (Fan Temp ... | Memory-Usage | ...) is missing");
        }
        readBlock(block, first, second, bannerDriver, devices, seen);
        return List.copyOf(devices);
    }

    private static void requireColumns(SourceLine firstLine, BoxTable first, SourceLine secondLine, BoxTable second) {
        for (String name : List.of("Card", "Name")) {
            if (!first.has(name)) {
                throw firstLine.error("header lacks the column " + name);
            }
        }
        if (!second.has("Memory-Usage")) {
            throw secondLine.error("header lacks the column Memory-Usage");
        }
    }

    private void readBlock(List<SourceLine> block, BoxTable first, BoxTable second, String bannerDriver,
                           List<DeviceInfo> devices, Set<Integer> seen) {
        if (block.size() % 2 != 0) {
            throw block.get(block.size() - 1).error(
                    "a card is printed as two lines (Card/Name and Fan/Temp/Memory) but this one has no partner");
        }
        for (int i = 0; i < block.size(); i += 2) {
            DeviceInfo device = readCard(block.get(i), first, block.get(i + 1), second, bannerDriver);
            if (!seen.add(device.index())) {
                throw block.get(i).error("card " + device.index() + " is listed twice");
            }
            devices.add(device);
        }
    }

    private DeviceInfo readCard(SourceLine cardLine, BoxTable first, SourceLine statusLine, BoxTable second,
                                String bannerDriver) {
        Map<String, String> card = first.bind(cardLine);
        Map<String, String> status = second.bind(statusLine);

        int index = Values.requireIndex(cardLine, "Card", card.get("card"));
        String model = card.get("name");
        if (Values.isNotAvailable(model)) {
            throw cardLine.error("Name is not reported");
        }
        String firmware = textOrNull(card.get("firmware"));
        String busId = Values.optionalBusId(cardLine, "Bus-Id", card.get("bus-id"));
        Double util = Values.optionalDecimal(cardLine, "Util", card.get("util"), "%");
        Long eccErrors = Values.optionalCount(cardLine, "Ecc-Error", card.get("ecc-error"));
        String driver = card.containsKey("driver") ? textOrNull(card.get("driver")) : bannerDriver;

        Double temp = Values.optionalDecimal(statusLine, "Temp", status.get("temp"), "C");
        Double power = power(statusLine, status.get("pwr:usage/cap"));
        Values.Pair memory = Values.requirePair(statusLine, "Memory-Usage", status.get("memory-usage"));
        long total = Values.requireMemoryMiB(statusLine, "Memory-Usage total", memory.total(), "MiB");
        if (total <= 0) {
            throw statusLine.error("Memory-Usage total must be positive");
        }
        Long used = Values.optionalMemoryMiB(statusLine, "Memory-Usage used", memory.used(), "MiB");

        DeviceHealth health = eccErrors != null && eccErrors > 0 ? DeviceHealth.WARNING : DeviceHealth.OK;
        return new DeviceInfo(Vendor.CAMBRICON, model, null, null, index, null, busId, total, used, util, temp,
                power, health, driver, firmware, "NeuWare", null, catalog.profilesFor(Vendor.CAMBRICON, model));
    }

    private static Double power(SourceLine line, String value) {
        if (value == null || Values.isNotAvailable(value)) {
            return null;
        }
        if (value.contains("/")) {
            return Values.optionalDecimal(line, "Pwr:Usage", Values.requirePair(line, "Pwr:Usage/Cap", value).used(),
                    "W");
        }
        return Values.optionalDecimal(line, "Pwr:Usage", value, "W");
    }

    private static String textOrNull(String value) {
        return Values.isNotAvailable(value) ? null : value;
    }
}
