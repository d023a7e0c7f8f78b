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

    private static final TwoLineBoxTable.Messages MESSAGES = new TwoLineBoxTable.Messages(
            "the cnmon header \"Card VF Name Firmware | ...\"",
            "the header's second line (Fan Temp ... | Memory-Usage | ...) is missing",
            "unexpected line in the card table",
            "a card is printed as two lines (Card/Name and Fan/Temp/Memory) but this one has no partner");

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
        Table table = new Table();
        TwoLineBoxTable.read(TOOL, SourceLine.split(TOOL, text), table, MESSAGES);
        return List.copyOf(table.devices);
    }

    /** One parse: the driver version from the banner and the cards read so far. */
    private final class Table implements TwoLineBoxTable.Layout {

        private String bannerDriver;
        private final List<DeviceInfo> devices = new ArrayList<>();
        private final Set<Integer> seen = new HashSet<>();

        @Override
        public boolean isFirstHeader(BoxTable candidate) {
            return candidate.firstName().equalsIgnoreCase("Card") && candidate.has("Name");
        }

        @Override
        public void aboveHeader(SourceLine line) {
            if (line.text().toUpperCase(Locale.ROOT).contains("CNMON")) {
                Matcher m = BANNER_DRIVER.matcher(line.text());
                if (m.find()) {
                    bannerDriver = m.group(1);
                }
            }
        }

        @Override
        public BoxTable secondHeader(SourceLine firstLine, BoxTable first, SourceLine line) {
            if (!BoxTable.isRow(line)) {
                throw line.error("expected the header's second line (Fan Temp ... | Memory-Usage | ...)");
            }
            BoxTable second = BoxTable.header(line);
            requireColumns(firstLine, first, line, second);
            return second;
        }

        @Override
        public boolean isProcessHeader(SourceLine line) {
            return BoxTable.cells(line).stream().anyMatch(c -> c.startsWith("Processes"));
        }

        @Override
        public void device(SourceLine cardLine, BoxTable first, SourceLine statusLine, BoxTable second) {
            DeviceInfo device = readCard(cardLine, first, statusLine, second, bannerDriver);
            if (!seen.add(device.index())) {
                throw cardLine.error("card " + device.index() + " is listed twice");
            }
            devices.add(device);
        }
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
