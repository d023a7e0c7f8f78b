package io.computenet.nodeagent.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host's logical CPU count and total memory, as the operating system reports them: the {@code processor : N}
 * entries of {@code /proc/cpuinfo} (one per logical CPU on x86 and ARM alike; the host's, not a container's CPU
 * quota) and the {@code MemTotal: N kB} line of {@code /proc/meminfo}. The parsers are pure functions over the
 * files' text; damaged text is a {@link DiscoveryParseException} naming the file and line, never a guess.
 *
 * @param cpuCount  logical CPUs
 * @param memoryMiB total memory in MiB (the kernel's {@code MemTotal}, rounded down)
 */
public record HostResources(int cpuCount, long memoryMiB) {

    static final String CPUINFO = "/proc/cpuinfo";
    static final String MEMINFO = "/proc/meminfo";

    public HostResources {
        if (cpuCount <= 0 || memoryMiB <= 0) {
            throw new IllegalArgumentException("a host has at least one CPU and some memory, was " + cpuCount
                    + " CPU(s) and " + memoryMiB + " MiB");
        }
    }

    /** Parses the text of {@code /proc/cpuinfo} and {@code /proc/meminfo}. */
    public static HostResources parse(String cpuinfo, String meminfo) {
        return new HostResources(cpuCount(cpuinfo), memoryMiB(meminfo));
    }

    /** Reads this host's {@code /proc/cpuinfo} and {@code /proc/meminfo}. */
    public static HostResources read() {
        return read(Path.of(CPUINFO), Path.of(MEMINFO));
    }

    /**
     * This host's CPUs and memory, or empty where there is no {@code /proc/cpuinfo} (not Linux): the inventory then
     * carries none. Text that is there but damaged still fails.
     */
    public static java.util.Optional<HostResources> readIfPresent() {
        Path cpuinfo = Path.of(CPUINFO);
        Path meminfo = Path.of(MEMINFO);
        return Files.isReadable(cpuinfo) && Files.isReadable(meminfo) ? java.util.Optional.of(read(cpuinfo, meminfo))
                : java.util.Optional.empty();
    }

    /** Reads the two files at these paths (saved copies, for {@code discover}). */
    public static HostResources read(Path cpuinfo, Path meminfo) {
        return parse(text(cpuinfo), text(meminfo));
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The number of {@code processor} entries: lines whose key is exactly {@code processor} (lower case: older ARM
     * kernels also print a {@code Processor : AArch64 ...} model line, which is not a CPU) with a whole-number value.
     *
     * @throws DiscoveryParseException when a {@code processor} value is not a number, or there is no such line
     */
    static int cpuCount(String text) {
        List<SourceLine> lines = SourceLine.split(CPUINFO, text);
        int count = 0;
        for (SourceLine line : lines) {
            String t = line.text();
            int colon = t.indexOf(':');
            if (colon < 0 || !t.substring(0, colon).strip().equals("processor")) {
                continue;
            }
            String value = t.substring(colon + 1).strip();
            if (value.isEmpty() || !value.chars().allMatch(Character::isDigit) || value.length() > 9) {
                throw line.error("processor number is not a whole number");
            }
            count++;
        }
        if (count == 0) {
            throw SourceLine.noHeader(CPUINFO, lines, "\"processor : <n>\" lines, one per logical CPU");
        }
        return count;
    }

    /**
     * {@code MemTotal} in MiB.
     *
     * @throws DiscoveryParseException when the line is missing, its value is not a number or its unit not {@code kB}
     */
    static long memoryMiB(String text) {
        List<SourceLine> lines = SourceLine.split(MEMINFO, text);
        for (SourceLine line : lines) {
            String t = line.text();
            int colon = t.indexOf(':');
            if (colon < 0 || !t.substring(0, colon).strip().equals("MemTotal")) {
                continue;
            }
            String[] parts = t.substring(colon + 1).strip().split("\\s+");
            if (parts.length != 2 || !parts[1].equals("kB")) {
                throw line.error("MemTotal must be \"<number> kB\"");
            }
            if (parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isDigit) || parts[0].length() > 15) {
                throw line.error("MemTotal is not a whole number of kB");
            }
            long mib = Long.parseLong(parts[0]) / 1024;
            if (mib <= 0) {
                throw line.error("MemTotal is less than 1 MiB");
            }
            return mib;
        }
        throw SourceLine.noHeader(MEMINFO, lines, "a \"MemTotal: <n> kB\" line");
    }
}
