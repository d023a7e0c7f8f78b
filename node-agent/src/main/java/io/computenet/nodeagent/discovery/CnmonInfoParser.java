package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code cnmon info} (Cambricon MLU) into devices: one {@code Card N} block per card, holding
 * {@code Key : Value} lines, where a key with an empty value opens a section whose more deeply indented lines
 * belong to it (e.g. {@code Physical Memory Usage :} then {@code Total : 23374 MiB}). Keys are found by label and
 * nesting, never by position.
 *
 * <p>Read: Product Name (required), UUID, Serial Number, Firmware, Driver, Bus ID (or the PCI section's
 * Domain ID / Bus num / Device / Function), Physical Memory Usage Total (required) and Used, Utilization MLU
 * Average, Temperature Chip (else Board), Power Usage. Health is WARNING when any count under an ECC section is
 * above 0 or the Health State section's Device value is not "Good", else OK. Lines before the first card (banner,
 * date) are skipped; inside a card every non-blank line must be {@code Key : Value}.</p>
 */
public final class CnmonInfoParser {

    static final String TOOL = "cnmon info";

    private static final Pattern CARD = Pattern.compile("Card\\s+([0-9]+)\\s*:?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATOR = Pattern.compile("[=\\-]{3,}.*");

    private final SliceCatalog catalog;

    /** A parser that attaches sMLU/MIM profiles from the default {@link SliceCatalog}. */
    public CnmonInfoParser() {
        this(new SliceCatalog());
    }

    /** A parser that attaches slice profiles from the given catalog. */
    public CnmonInfoParser(SliceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * @return one device per card block, in printed order
     * @throws DiscoveryParseException when there is no card block, a line in a block is not {@code Key : Value},
     *                                 a required key is missing or a value is damaged
     */
    public List<DeviceInfo> parse(String text) {
        List<SourceLine> lines = SourceLine.split(TOOL, text);
        List<CardBlock> cards = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        CardBlock current = null;
        Deque<Section> sections = new ArrayDeque<>();

        for (SourceLine line : lines) {
            String t = line.trimmed();
            if (t.isEmpty() || isSeparator(t)) {
                continue;
            }
            Matcher card = t.regionMatches(true, 0, "card", 0, 4) ? CARD.matcher(t) : null;
            if (card != null && card.matches()) {
                current = new CardBlock(line, Values.requireIndex(line, "Card", card.group(1)));
                if (!seen.add(current.index)) {
                    throw line.error("card " + current.index + " is listed twice");
                }
                cards.add(current);
                sections.clear();
                continue;
            }
            if (current == null) {
                continue;
            }
            int colon = t.indexOf(':');
            if (colon <= 0) {
                throw line.error("expected a \"Key : Value\" line inside card " + current.index);
            }
            String key = t.substring(0, colon).strip();
            String value = t.substring(colon + 1).strip();
            int indent = line.indent();
            while (!sections.isEmpty() && sections.peek().indent() >= indent) {
                sections.pop();
            }
            StringBuilder path = new StringBuilder();
            sections.descendingIterator().forEachRemaining(s -> path.append(s.name()).append('/'));
            path.append(key.toLowerCase(Locale.ROOT));
            if (value.isEmpty()) {
                sections.push(new Section(indent, key.toLowerCase(Locale.ROOT)));
            } else {
                current.entries.putIfAbsent(path.toString(), new Entry(line, value));
            }
        }
        if (cards.isEmpty()) {
            throw SourceLine.noHeader(TOOL, lines, "\"Card N\" blocks of \"Key : Value\" lines");
        }
        List<DeviceInfo> devices = new ArrayList<>();
        for (CardBlock block : cards) {
            devices.add(toDevice(block));
        }
        return List.copyOf(devices);
    }

    /** A line of three or more {@code =}/{@code -} (and anything after); the first character rules out most lines. */
    private static boolean isSeparator(String t) {
        char c = t.charAt(0);
        return (c == '=' || c == '-') && SEPARATOR.matcher(t).matches();
    }

    private DeviceInfo toDevice(CardBlock card) {
        Entry name = card.first("product name");
        if (name == null || Values.isNotAvailable(name.value())) {
            throw card.line.error("card " + card.index + " has no Product Name");
        }
        String model = name.value();
        Entry total = card.first("physical memory usage/total");
        if (total == null) {
            throw card.line.error("card " + card.index + " has no Physical Memory Usage Total");
        }
        long memory = Values.requireMemoryMiB(total.line(), "Physical Memory Usage Total", total.value(), "MiB");
        if (memory <= 0) {
            throw total.line().error("Physical Memory Usage Total must be positive");
        }
        Entry used = card.first("physical memory usage/used");
        Long usedMiB = used == null ? null
                : Values.optionalMemoryMiB(used.line(), "Physical Memory Usage Used", used.value(), "MiB");
        Double util = decimal(card.first("utilization/mlu average"), "MLU Average", "%");
        Double temp = decimal(card.first("temperature/chip", "temperature/board"), "Temperature", "C");
        Double power = decimal(card.first("power/usage"), "Power Usage", "W");

        return new DeviceInfo(Vendor.CAMBRICON, model, card.text("uuid"), card.text("serial number", "sn"),
                card.index, null, busId(card), memory, usedMiB, util, temp, power, health(card),
                card.text("driver", "driver version"), card.text("firmware", "firmware version"), "NeuWare", null,
                catalog.profilesFor(Vendor.CAMBRICON, model));
    }

    private static Double decimal(Entry entry, String field, String unit) {
        return entry == null ? null : Values.optionalDecimal(entry.line(), field, entry.value(), unit);
    }

    private static String busId(CardBlock card) {
        Entry full = card.first("bus id", "bus-id", "pci bus id");
        if (full != null) {
            return Values.optionalBusId(full.line(), "Bus ID", full.value());
        }
        for (String section : List.of("pci", "pcie", "pci info", "pcie info")) {
            Entry bus = card.first(section + "/bus num", section + "/bus number", section + "/bus id",
                    section + "/bus");
            Entry device = card.first(section + "/device", section + "/device id");
            Entry function = card.first(section + "/function", section + "/function id");
            if (bus != null && device != null && function != null) {
                Entry domain = card.first(section + "/domain id", section + "/domain");
                return Values.busIdFromParts(bus.line(), domain == null ? "0" : domain.value(), bus.value(),
                        device.value(), function.value());
            }
        }
        return null;
    }

    private static DeviceHealth health(CardBlock card) {
        for (Map.Entry<String, Entry> e : card.entries.entrySet()) {
            String[] parts = e.getKey().split("/");
            boolean underEcc = false;
            for (int i = 0; i < parts.length - 1; i++) {
                underEcc |= parts[i].contains("ecc");
            }
            String value = e.getValue().value();
            if (underEcc && TextScan.isDigits(value) && Long.parseLong(value) > 0) {
                return DeviceHealth.WARNING;
            }
        }
        Entry state = card.first("health state/device", "health/device");
        if (state != null && !Values.isNotAvailable(state.value())
                && !List.of("good", "ok", "healthy").contains(state.value().toLowerCase(Locale.ROOT))) {
            return DeviceHealth.WARNING;
        }
        return DeviceHealth.OK;
    }

    private record Section(int indent, String name) {
    }

    private record Entry(SourceLine line, String value) {
    }

    /** The {@code Key : Value} entries of one card, by lower-cased slash-separated path. */
    private static final class CardBlock {
        private final SourceLine line;
        private final int index;
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        CardBlock(SourceLine line, int index) {
            this.line = line;
            this.index = index;
        }

        Entry first(String... paths) {
            for (String path : paths) {
                Entry e = entries.get(path);
                if (e != null) {
                    return e;
                }
            }
            return null;
        }

        String text(String... paths) {
            Entry e = first(paths);
            return e == null || Values.isNotAvailable(e.value()) ? null : e.value();
        }
    }
}
