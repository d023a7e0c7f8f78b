package io.computenet.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Generates vendor-tool outputs for the parser benchmarks, in the layouts of the node agent's fixtures
 * ({@code node-agent/src/test/resources/fixtures}): same borders, column widths, alignment, padding and line
 * endings, only with more devices. Each format has a renderer that takes the per-device values, so the
 * fixtures themselves can be rendered back byte for byte (see {@code ParserInputsTest}), and a factory for a
 * deterministic 16-device host with a mix of idle and busy devices.
 *
 * <p>Nothing here is random at run time: the same inputs are generated on every run and every machine.</p>
 */
public final class ParserInputs {

    /** Devices on the benchmarked host. */
    public static final int DEVICES = 16;

    private ParserInputs() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // nvidia-smi --query-gpu=index,uuid,name,pci.bus_id,memory.total,memory.used,utilization.gpu,
    //            temperature.gpu,power.draw,driver_version,mig.mode.current --format=csv  (units: no "nounits")

    /** The header nvidia-smi prints for the node agent's query ({@code NodeDiscovery.NVIDIA_QUERY}) with units. */
    public static final String NVIDIA_CSV_HEADER = "index, uuid, name, pci.bus_id, memory.total [MiB], "
            + "memory.used [MiB], utilization.gpu [%], temperature.gpu, power.draw [W], driver_version, "
            + "mig.mode.current";

    /**
     * One {@code nvidia-smi --query-gpu} row; {@code powerDraw} as printed, e.g. {@code "61.50"}; {@code migMode}
     * {@code Enabled} or {@code Disabled}.
     */
    public record Gpu(int index, String uuid, String name, String busId, long memoryTotalMiB, long memoryUsedMiB,
                      int utilizationPercent, int temperatureC, String powerDraw, String driverVersion,
                      String migMode) {
    }

    /** The CSV as {@code --format=csv} prints it: header, then one row per GPU, values with units, ", " between. */
    public static String nvidiaSmiCsv(List<Gpu> gpus) {
        StringBuilder out = new StringBuilder(NVIDIA_CSV_HEADER).append('\n');
        for (Gpu g : gpus) {
            out.append(g.index()).append(", ")
                    .append(g.uuid()).append(", ")
                    .append(g.name()).append(", ")
                    .append(g.busId()).append(", ")
                    .append(g.memoryTotalMiB()).append(" MiB, ")
                    .append(g.memoryUsedMiB()).append(" MiB, ")
                    .append(g.utilizationPercent()).append(" %, ")
                    .append(g.temperatureC()).append(", ")
                    .append(g.powerDraw()).append(" W, ")
                    .append(g.driverVersion()).append(", ")
                    .append(g.migMode()).append('\n');
        }
        return out.toString();
    }

    /**
     * {@code count} H100 80GB HBM3 GPUs (81559 MiB, as the real H100 capture reports), two of three busy, in MIG mode
     * (so the agent's pass attaches their MIG profiles, as on a MIG host).
     */
    public static List<Gpu> h100Gpus(int count) {
        int[] buses = {0x18, 0x2A, 0x3A, 0x5D, 0x9A, 0xAB, 0xBA, 0xDB, 0x19, 0x2B, 0x3B, 0x5E, 0x9B, 0xAC, 0xBB, 0xDC};
        Random random = new Random(20_240_601L);
        List<Gpu> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean busy = i % 3 != 0;
            String uuid = "GPU-" + new UUID(random.nextLong(), random.nextLong());
            String busId = String.format(Locale.ROOT, "00000000:%02X:00.0", buses[i % buses.length] + i / buses.length);
            long used = busy ? 71_203 + 37L * i : 4;
            int util = busy ? 87 + i % 13 : 0;
            int temp = busy ? 58 + i % 9 : 30 + i % 4;
            String power = String.format(Locale.ROOT, "%.2f", busy ? 612.37 + 3.11 * i : 69.85 + 0.47 * i);
            gpus.add(new Gpu(i, uuid, "NVIDIA H100 80GB HBM3", busId, 81_559, used, util, temp, power, "550.54.15",
                    "Enabled"));
        }
        return gpus;
    }

    // ---------------------------------------------------------------------------------------------------------
    // nvidia-smi mig -lgip: the full table (title, two header lines, two lines per profile, border after each)

    /** One GPU instance profile as {@code nvidia-smi mig -lgip} prints it; {@code memoryGiB} as printed. */
    public record MigProfile(String name, int id, int free, int total, String memoryGiB, String p2p,
                             int sm, int dec, int enc, int ce, int jpeg, int ofa) {
    }

    /** The GPU instance profiles of an H100 80GB HBM3 (as in the node agent's full-table fixture). */
    public static final List<MigProfile> H100_80GB_PROFILES = List.of(
            new MigProfile("1g.10gb", 19, 7, 7, "9.75", "No", 16, 1, 0, 1, 1, 0),
            new MigProfile("1g.10gb+me", 20, 1, 1, "9.75", "No", 16, 1, 0, 1, 1, 1),
            new MigProfile("1g.20gb", 15, 4, 4, "19.62", "No", 26, 1, 0, 1, 1, 0),
            new MigProfile("2g.20gb", 14, 3, 3, "19.62", "No", 32, 2, 0, 2, 2, 0),
            new MigProfile("3g.40gb", 9, 2, 2, "39.50", "No", 60, 3, 0, 3, 3, 0),
            new MigProfile("4g.40gb", 5, 1, 1, "39.50", "No", 64, 4, 0, 4, 4, 0),
            new MigProfile("7g.80gb", 0, 1, 1, "79.25", "No", 132, 7, 0, 8, 7, 1));

    private static final String MIG_BORDER =
            "+-------------------------------------------------------------------------------+";

    /** The full {@code -lgip} table listing {@code profiles} for every GPU in {@code gpus}, in that order. */
    public static String migLgip(List<Integer> gpus, List<MigProfile> profiles) {
        StringBuilder out = new StringBuilder();
        line(out, MIG_BORDER);
        line(out, "| GPU instance profiles:                                                        |");
        line(out, "| GPU   Name               ID    Instances   Memory     P2P    SM    DEC   ENC  |");
        line(out, "|                                Free/Total   GiB              CE    JPEG  OFA  |");
        line(out, "|===============================================================================|");
        for (int gpu : gpus) {
            for (MigProfile p : profiles) {
                line(out, "|" + lpad(gpu, 4) + "  MIG " + pad(p.name(), 16) + lpad(p.id(), 2) + "     "
                        + pad(p.free() + "/" + p.total(), 11) + pad(p.memoryGiB(), 11) + pad(p.p2p(), 7)
                        + pad(p.sm(), 7) + pad(p.dec(), 6) + pad(p.enc(), 4) + "|");
                line(out, "|" + " ".repeat(62) + lpad(p.ce(), 2) + "     " + pad(p.jpeg(), 6) + pad(p.ofa(), 4) + "|");
                line(out, MIG_BORDER);
            }
        }
        return out.toString();
    }

    /** GPU indexes 0 .. count-1. */
    public static List<Integer> gpuIndexes(int count) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            indexes.add(i);
        }
        return indexes;
    }

    // ---------------------------------------------------------------------------------------------------------
    // npu-smi info, 910B layout (npu-smi 23.0.7): two lines per chip, then the process table

    /** One chip: the two lines of {@code npu-smi info}; numbers as printed ({@code power} e.g. "102.8"). */
    public record Npu(int npu, String name, String health, String power, String temp, long hugepagesUsed,
                      long hugepagesTotal, int chip, String busId, String aiCore, long memoryUsedMb,
                      long memoryTotalMb, long hbmUsedMb, long hbmTotalMb) {
    }

    /** One row of the process table. */
    public record NpuProcess(int npu, int chip, long pid, String name, long memoryMb) {
    }

    private static final String NPU_BORDER = "+" + "-".repeat(96) + "+";
    private static final String NPU_CELLS =
            "+---------------------------+---------------+----------------------------------------------------+";
    private static final String NPU_DOUBLE =
            "+===========================+===============+====================================================+";

    /**
     * The output of {@code npu-smi info}: banner, device table, process table (for every NPU its process rows,
     * or "No running processes found in NPU n").
     */
    public static String npuSmiInfo(String version, List<Npu> npus, List<NpuProcess> processes) {
        StringBuilder out = new StringBuilder();
        line(out, NPU_BORDER);
        line(out, pad("| npu-smi " + pad(version, 25) + "Version: " + version, 97) + "|");
        line(out, NPU_CELLS);
        line(out, "| NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|");
        line(out, "| Chip                      | Bus-Id        | AICore(%)   Memory-Usage(MB)  HBM-Usage(MB)        |");
        line(out, NPU_DOUBLE);
        for (Npu n : npus) {
            line(out, "| " + pad(n.npu(), 6) + pad(n.name(), 20) + "| " + pad(n.health(), 14) + "| "
                    + pad(n.power(), 12) + pad(n.temp(), 18) + pad(usage(n.hugepagesUsed(), n.hugepagesTotal()), 21)
                    + "|");
            line(out, "| " + pad(n.chip(), 26) + "| " + pad(n.busId(), 14) + "| " + pad(n.aiCore(), 12)
                    + pad(usage(n.memoryUsedMb(), n.memoryTotalMb()), 18)
                    + pad(usage(n.hbmUsedMb(), n.hbmTotalMb()), 21) + "|");
            line(out, NPU_DOUBLE);
        }
        line(out, NPU_CELLS);
        line(out, "| NPU     Chip              | Process id    | Process name             | Process memory(MB)      |");
        line(out, NPU_DOUBLE);
        for (Npu n : npus) {
            List<NpuProcess> own = processes.stream().filter(p -> p.npu() == n.npu() && p.chip() == n.chip()).toList();
            if (own.isEmpty()) {
                line(out, "| " + pad("No running processes found in NPU " + n.npu(), 95) + "|");
            }
            for (NpuProcess p : own) {
                line(out, "| " + pad(p.npu(), 8) + pad(p.chip(), 18) + "| " + pad(p.pid(), 14) + "| "
                        + pad(p.name(), 25) + "| " + pad(p.memoryMb(), 24) + "|");
            }
            line(out, NPU_DOUBLE);
        }
        return out.toString();
    }

    /** "used/ total" as npu-smi prints it: used padded to 5, so a 5-digit value runs into the slash. */
    private static String usage(long used, long total) {
        return pad(used, 5) + "/ " + total;
    }

    /** {@code count} Ascend 910B3 chips (64 GiB HBM), three of four busy running one python3 each. */
    public static List<Npu> ascend910b3(int count) {
        int[] buses = {0xC1, 0xC2, 0x81, 0x82, 0x01, 0x02, 0x41, 0x42};
        List<Npu> npus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean busy = i % 4 != 3;
            String busId = String.format(Locale.ROOT, "0000:%02X:00.0", buses[i % buses.length] + 0x10 * (i / buses.length));
            String power = String.format(Locale.ROOT, "%.1f", busy ? 298.1 + 1.3 * i : 97.6 + 0.7 * i);
            String temp = Integer.toString(busy ? 60 + i % 5 : 54 + i % 3);
            String aiCore = Integer.toString(busy ? 88 + i % 7 : 0);
            long hbmUsed = busy ? 56_150 + i : 3_337 + i % 2;
            npus.add(new Npu(i, "910B3", "OK", power, temp, 0, 0, 0, busId, aiCore, 0, 0, hbmUsed, 65_536));
        }
        return npus;
    }

    /** One python3 process on every busy chip of {@link #ascend910b3(int)}. */
    public static List<NpuProcess> ascend910b3Processes(List<Npu> npus) {
        List<NpuProcess> processes = new ArrayList<>();
        for (Npu n : npus) {
            if (!n.aiCore().equals("0")) {
                processes.add(new NpuProcess(n.npu(), n.chip(), 2_871_034 + n.npu(), "python3", n.hbmUsedMb() - 3_412));
            }
        }
        return processes;
    }

    // ---------------------------------------------------------------------------------------------------------
    // cnmon (plain table, v5 layout: Card VF Name Firmware | Bus-Id | Util Ecc-Error)

    /** One card: the two lines of {@code cnmon}; values as printed ({@code util} "0%", {@code temp} "32C"). */
    public record MluCard(int card, String vf, String name, String firmware, String busId, String util,
                          String eccErrors, String fan, String temp, int powerUsageW, int powerCapW,
                          long memoryUsedMiB, long memoryTotalMiB, String sriov, String computeMode) {
    }

    private static final String CNMON_BORDER = "+" + "-".repeat(78) + "+";
    private static final String CNMON_CELLS = "+-------------------------------+----------------------+-----------------------+";

    /** The output of plain {@code cnmon}: banner, card table, blank line, an empty process table. */
    public static String cnmon(String driverVersion, List<MluCard> cards) {
        StringBuilder out = new StringBuilder();
        line(out, CNMON_BORDER);
        line(out, spread("| CNMON " + driverVersion, "Driver " + driverVersion + " |", 80));
        line(out, CNMON_CELLS);
        line(out, "| Card  VF  Name       Firmware |               Bus-Id | Util        Ecc-Error |");
        line(out, "| Fan   Temp      Pwr:Usage/Cap |         Memory-Usage | SR-IOV   Compute-Mode |");
        line(out, "|===============================+======================+=======================|");
        for (MluCard c : cards) {
            line(out, "| " + pad(c.card(), 6) + pad(c.vf(), 4) + spread(c.name(), c.firmware(), 19) + " |"
                    + lpad(c.busId(), 21) + " | " + spread(c.util(), c.eccErrors(), 21) + " |");
            line(out, "| " + lpad(c.fan(), 3) + "   "
                    + spread(c.temp(), c.powerUsageW() + " W/ " + c.powerCapW() + " W", 23) + " |"
                    + lpad(c.memoryUsedMiB() + " MiB/ " + c.memoryTotalMiB() + " MiB", 21) + " | "
                    + spread(c.sriov(), c.computeMode(), 21) + " |");
            line(out, CNMON_CELLS);
        }
        line(out, "");
        line(out, CNMON_BORDER);
        line(out, "| Processes:                                                                   |");
        line(out, "|  Card  MI  PID     Command Line                             MLU Memory Usage |");
        line(out, "|==============================================================================|");
        line(out, "|  No running processes found                                                  |");
        line(out, CNMON_BORDER);
        return out.toString();
    }

    private static final int[] MLU_BUSES = {0x39, 0x3D, 0x40, 0x41, 0x55, 0x59, 0x5C, 0x5D,
                                            0xB5, 0xB9, 0xBC, 0xBD, 0xD1, 0xD5, 0xD8, 0xD9};

    /** {@code count} MLU370-X8 cards (firmware v1.1.6, 23374 MiB), every other one busy. */
    public static List<MluCard> mlu370x8(int count) {
        List<MluCard> cards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean busy = i % 2 == 1;
            String busId = String.format(Locale.ROOT, "0000:%02X:00.0", MLU_BUSES[i % MLU_BUSES.length]);
            cards.add(new MluCard(i, "/", "MLU370-X8", "v1.1.6", busId, (busy ? 80 + i : 0) + "%", "N/A", "0%",
                    (busy ? 55 + i % 7 : 32 + i % 8) + "C", busy ? 200 + i : 106, 250,
                    busy ? 20_224 + 16L * i : 0, 23_374, "N/A", "Default"));
        }
        return cards;
    }

    // ---------------------------------------------------------------------------------------------------------
    // cnmon info: one "Card N" block of indented "Key : Value" lines per card

    /** One card of {@code cnmon info}. */
    public record MluInfo(int card, String productName, String productType, String serial, String uuid,
                          String firmware, String driver, String busId, long memoryTotalMiB, long memoryUsedMiB,
                          int mluAveragePercent, int boardTempC, int powerUsageW, int powerCapW) {
    }

    /** The output of {@code cnmon info} for these cards. */
    public static String cnmonInfo(List<MluInfo> cards) {
        StringBuilder out = new StringBuilder();
        for (MluInfo c : cards) {
            line(out, "Card " + c.card());
            entry(out, "Product Name", c.productName());
            entry(out, "Product Type", c.productType());
            entry(out, "Serial Number", c.serial());
            entry(out, "UUID", c.uuid());
            entry(out, "Firmware", c.firmware());
            entry(out, "Driver", c.driver());
            entry(out, "Bus ID", c.busId());
            section(out, "Physical Memory Usage");
            nested(out, "Total", c.memoryTotalMiB() + " MiB");
            nested(out, "Used", c.memoryUsedMiB() + " MiB");
            nested(out, "Free", (c.memoryTotalMiB() - c.memoryUsedMiB()) + " MiB");
            section(out, "Utilization");
            nested(out, "MLU Average", c.mluAveragePercent() + " %");
            section(out, "Temperature");
            nested(out, "Board", c.boardTempC() + " C");
            section(out, "Power");
            nested(out, "Usage", c.powerUsageW() + " W");
            nested(out, "Cap", c.powerCapW() + " W");
        }
        return out.toString();
    }

    /** The {@code cnmon info} view of {@link #mlu370x8(int)}'s cards. */
    public static List<MluInfo> mlu370x8Info(int count) {
        Random random = new Random(20_240_602L);
        List<MluInfo> infos = new ArrayList<>();
        for (MluCard c : mlu370x8(count)) {
            String uuid = new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase(Locale.ROOT);
            int util = Integer.parseInt(c.util().substring(0, c.util().length() - 1));
            int temp = Integer.parseInt(c.temp().substring(0, c.temp().length() - 1));
            infos.add(new MluInfo(c.card(), c.name(), "MLU370", String.format(Locale.ROOT, "SN/6A4A21F%05d", 17 + c.card()),
                    uuid, c.firmware(), "v5.10.13", c.busId(), c.memoryTotalMiB(), c.memoryUsedMiB(), util, temp,
                    c.powerUsageW(), c.powerCapW()));
        }
        return infos;
    }

    private static void entry(StringBuilder out, String key, String value) {
        line(out, "    " + pad(key, 31) + ": " + value);
    }

    private static void section(StringBuilder out, String key) {
        line(out, "    " + pad(key, 31) + ":");
    }

    private static void nested(StringBuilder out, String key, String value) {
        line(out, "        " + pad(key, 27) + ": " + value);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }

    /** Left-aligned in {@code width} columns (never cut). */
    private static String pad(Object value, int width) {
        String s = String.valueOf(value);
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Right-aligned in {@code width} columns (never cut). */
    private static String lpad(Object value, int width) {
        String s = String.valueOf(value);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** {@code left} at the start and {@code right} at the end of {@code width} columns; one space at least. */
    private static String spread(String left, String right, int width) {
        int gap = Math.max(1, width - left.length() - right.length());
        return left + " ".repeat(gap) + right;
    }
}
