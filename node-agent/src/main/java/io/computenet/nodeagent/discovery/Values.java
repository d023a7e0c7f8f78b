package io.computenet.nodeagent.discovery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads single values printed by vendor tools: numbers with optional units, "not available" markers,
 * PCI bus ids and "used / total" pairs. Every failure names the source line.
 */
final class Values {

    private static final Set<String> NOT_AVAILABLE = Set.of(
            "", "n/a", "na", "-", "[n/a]", "not supported", "[not supported]",
            "[unknown error]", "[insufficient permissions]");

    private static final Pattern NUMBER_WITH_UNIT =
            Pattern.compile("([-+]?[0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z%]*)");
    private static final Pattern BUS_ID = Pattern.compile(
            "(?:([0-9A-Fa-f]{1,8}):)?([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2})\\.([0-7])");
    private static final Pattern PAIR = Pattern.compile(
            "(N/A|NA|-|[0-9]+(?:\\.[0-9]+)?)([A-Za-z%]*)/(N/A|NA|-|[0-9]+(?:\\.[0-9]+)?)([A-Za-z%]*)");

    private Values() {
    }

    /** True for the markers tools print instead of a value: N/A, NA, -, [N/A], [Not Supported] and the like. */
    static boolean isNotAvailable(String value) {
        return value == null || NOT_AVAILABLE.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** A non-negative integer such as a device index; required. */
    static int requireIndex(SourceLine line, String field, String value) {
        String v = value == null ? "" : value.strip();
        if (!TextScan.isDigits(v) || v.length() > 9) {
            throw line.error(field + " \"" + v + "\" is not a whole number");
        }
        return Integer.parseInt(v);
    }

    /** A decimal with an optional unit from {@code allowedUnits} (case-insensitive); null when not available. */
    static Double optionalDecimal(SourceLine line, String field, String value, String... allowedUnits) {
        if (isNotAvailable(value)) {
            return null;
        }
        Matcher m = NUMBER_WITH_UNIT.matcher(value.strip());
        if (!m.matches()) {
            throw line.error(field + " \"" + value.strip() + "\" is not a number");
        }
        requireUnit(line, field, value, m.group(2), allowedUnits);
        return Double.valueOf(m.group(1));
    }

    /** An integer count (e.g. ECC errors); null when not available. */
    static Long optionalCount(SourceLine line, String field, String value) {
        if (isNotAvailable(value)) {
            return null;
        }
        String v = value.strip();
        if (!TextScan.isDigits(v) || v.length() > 18) {
            throw line.error(field + " \"" + v + "\" is not a count");
        }
        return Long.valueOf(v);
    }

    /**
     * A memory size in MiB. A value without a unit is taken in {@code defaultUnit}; MB and GB are read as
     * MiB and GiB, as the vendor tools mean them.
     */
    static long requireMemoryMiB(SourceLine line, String field, String value, String defaultUnit) {
        if (isNotAvailable(value)) {
            throw line.error(field + " is not reported (\"" + (value == null ? "" : value.strip()) + "\")");
        }
        Matcher m = NUMBER_WITH_UNIT.matcher(value.strip());
        if (!m.matches() || m.group(1).startsWith("-")) {
            throw line.error(field + " \"" + value.strip() + "\" is not a memory size");
        }
        String unit = m.group(2).isEmpty() ? defaultUnit : m.group(2);
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal mib = switch (unit.toLowerCase(Locale.ROOT)) {
            case "mib", "mb" -> amount;
            case "gib", "gb" -> amount.multiply(BigDecimal.valueOf(1024));
            case "kib", "kb" -> amount.divide(BigDecimal.valueOf(1024), 6, RoundingMode.HALF_UP);
            default -> throw line.error(field + " \"" + value.strip() + "\" has an unknown memory unit \"" + unit + "\"");
        };
        return mib.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Like {@link #requireMemoryMiB} but null when the tool prints a not-available marker. */
    static Long optionalMemoryMiB(SourceLine line, String field, String value, String defaultUnit) {
        return isNotAvailable(value) ? null : requireMemoryMiB(line, field, value, defaultUnit);
    }

    /** GiB as printed by {@code nvidia-smi mig -lgip} (e.g. "9.50") to whole MiB. */
    static long gibToMiB(SourceLine line, String field, String value) {
        return requireMemoryMiB(line, field, value, "GiB");
    }

    /**
     * A PCI address normalised to upper-case {@code DDDD:BB:DD.F}; nvidia-smi's eight-digit domain
     * ({@code 00000000:1B:00.0}) is shortened to four digits. Null when the tool prints NA.
     */
    static String optionalBusId(SourceLine line, String field, String value) {
        if (isNotAvailable(value)) {
            return null;
        }
        Matcher m = BUS_ID.matcher(value.strip());
        if (!m.matches()) {
            throw line.error(field + " \"" + value.strip() + "\" is not a PCI bus id");
        }
        String domain = m.group(1) == null ? "0" : m.group(1);
        long domainNumber = Long.parseLong(domain, 16);
        if (domainNumber > 0xFFFF) {
            throw line.error(field + " \"" + value.strip() + "\" has a PCI domain wider than 16 bits");
        }
        return String.format(Locale.ROOT, "%04X:%s:%s.%s", domainNumber,
                m.group(2).toUpperCase(Locale.ROOT), m.group(3).toUpperCase(Locale.ROOT), m.group(4));
    }

    /** Builds a bus id from separately printed hexadecimal parts (domain, bus, device, function). */
    static String busIdFromParts(SourceLine line, String domain, String bus, String device, String function) {
        try {
            int d = Integer.parseInt(stripHexPrefix(domain), 16);
            int b = Integer.parseInt(stripHexPrefix(bus), 16);
            int dev = Integer.parseInt(stripHexPrefix(device), 16);
            int f = Integer.parseInt(stripHexPrefix(function), 16);
            if (d > 0xFFFF || b > 0xFF || dev > 0x1F || f > 7 || d < 0 || b < 0 || dev < 0 || f < 0) {
                throw line.error("PCI address parts out of range");
            }
            return String.format(Locale.ROOT, "%04X:%02X:%02X.%X", d, b, dev, f);
        } catch (NumberFormatException e) {
            throw line.error("PCI address parts are not hexadecimal numbers");
        }
    }

    private static String stripHexPrefix(String value) {
        String v = value.strip();
        return v.regionMatches(true, 0, "0x", 0, 2) ? v.substring(2) : v;
    }

    /**
     * A "used/total" pair as produced by {@link BoxTable#tokens}: {@code "3338/65536"}, {@code "0MiB/23374MiB"},
     * {@code "106W/250W"}. Returns the two raw sides with their units.
     */
    static Pair requirePair(SourceLine line, String field, String value) {
        Matcher m = PAIR.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            throw line.error(field + " \"" + (value == null ? "" : value.strip()) + "\" is not a used/total pair");
        }
        return new Pair(m.group(1) + m.group(2), m.group(3) + m.group(4));
    }

    private static void requireUnit(SourceLine line, String field, String value, String unit, String... allowed) {
        if (unit.isEmpty()) {
            return;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(unit)) {
                return;
            }
        }
        throw line.error(field + " \"" + value.strip() + "\" has an unexpected unit \"" + unit + "\"");
    }

    /** The two sides of a used/total pair, each a number with its unit, or a not-available marker. */
    record Pair(String used, String total) {
    }
}
