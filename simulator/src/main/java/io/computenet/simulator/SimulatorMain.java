package io.computenet.simulator;

import io.computenet.placement.policy.GpuTask;
import io.computenet.placement.policy.NodeState;
import io.computenet.placement.policy.Policies;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code computenet simulate}: replays a trace (the trace CSV, or ComputeNet's inventory records and lease requests:
 * {@link TraceFiles}) through the placement core and reports allocation, fragmentation and speed; its last line is
 * a machine-readable {@code RESULT} line. {@code computenet simulate chart} draws a PNG from a curve CSV. Usage:
 * {@link #USAGE}.
 */
public final class SimulatorMain {

    static final String USAGE = """
            usage: computenet simulate --nodes FILE --tasks FILE [--policy NAME[,NAME...]] [--seed N | --seeds A..B|A,B,..]
                                       [--load X] [--coverage X] [--curve-csv FILE] [--chart FILE.png]
                                       [--summary FILE.md] [--curve-every PCT] [--scale-nodes N]
                                       [--placer indexed|scan] [--node-cpu-milli N] [--node-memory-mib N]
                   computenet simulate chart --curve-csv FILE --out FILE.png [--title TEXT] [--from PCT] [--to PCT]
              policies: %s (default %s)
              --scale-nodes N repeats the node list up to N nodes (the load target scales with it): latency at scale
              --placer scan decides by scanning every node (the reference; same decisions as the default index)
              --nodes / --tasks: trace CSV, or (first character { or [) inventory records / lease requests as JSON
              --node-cpu-milli / --node-memory-mib: host CPU and memory of inventory records that carry none
                                (default 1000000000 each: never binding)
              defaults: --seed 42 --load 1.3 --coverage 0.95 (typical-task coverage of the fragmentation measure)
            """;

    /**
     * The default policy of the simulator: the CPU-aware FGD with the typical-task mix learned online, so that a
     * replay without {@code --policy} runs what production can run (no foreknowledge of the workload's mix).
     */
    static final String DEFAULT_POLICY = io.computenet.placement.policy.Policies.ONLINE_RECOMMENDED;

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command; returns the exit code (0 ok, 2 bad usage or input). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length > 0 && args[0].equals("chart")) {
                return chart(Options.parse(List.of(args).subList(1, args.length)), out);
            }
            return simulate(Options.parse(List.of(args)), out);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.printf(USAGE, Policies.names(), DEFAULT_POLICY);
            return 2;
        } catch (TraceFormatException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static int simulate(Options o, PrintStream out) {
        Path nodesFile = o.path("nodes");
        Path tasksFile = o.path("tasks");
        double load = o.decimal("load", 1.3);
        double coverage = o.decimal("coverage", 0.95);
        int every = (int) o.decimal("curve-every", 10);
        List<String> policies = List.of(o.get("policy", DEFAULT_POLICY).split(","));
        for (String p : policies) {
            Policies.create(p, new Policies.Context(0, io.computenet.placement.policy.TypicalTasks.of(List.of(), 1),
                    List.of())); // fail fast on an unknown name
        }
        List<Long> seeds = seeds(o);
        String placer = o.get("placer", "indexed");
        if (!placer.equals("indexed") && !placer.equals("scan")) {
            throw new IllegalArgumentException("--placer must be indexed or scan, was " + placer);
        }
        boolean scan = placer.equals("scan");
        InventoryJson.HostResources host = new InventoryJson.HostResources(
                o.whole("node-cpu-milli", InventoryJson.HostResources.UNBOUNDED.cpuMilli()),
                o.whole("node-memory-mib", InventoryJson.HostResources.UNBOUNDED.memoryMiB()));
        Fleet fleet = TraceFiles.readNodes(nodesFile, host);
        LeaseRequestJson.Requests requests = TraceFiles.readTasks(tasksFile, fleet);
        fleet.notes().forEach(n -> out.println("note: " + n));
        if (!fleet.describesDevices() && (o.has("node-cpu-milli") || o.has("node-memory-mib"))) {
            out.println("note: --node-cpu-milli / --node-memory-mib ignored: the CSV node file gives each node's own");
        }
        requests.notes().forEach(n -> out.println("note: " + n));
        List<NodeState> nodes = fleet.nodes();
        if (o.has("scale-nodes")) {
            nodes = Experiment.scaled(nodes, (int) o.decimal("scale-nodes", nodes.size()));
        }
        List<GpuTask> tasks = requests.tasks();
        Experiment experiment = new Experiment(nodes, tasks, coverage);
        String taskName = tasksFile.getFileName().toString();
        out.printf(Locale.ROOT, "trace %s on %s: %d nodes, %.0f GPUs, %d tasks (%.2f%% of GPU capacity); "
                        + "typical tasks: %d shapes%n", taskName, nodesFile.getFileName(), nodes.size(),
                experiment.capacityMilli() / 1000.0, tasks.size(),
                100.0 * Workload.gpuDemand(tasks) / experiment.capacityMilli(), experiment.mix().size());
        Map<String, List<ReplayResult>> results = new LinkedHashMap<>();
        StringBuilder curveCsv = new StringBuilder("policy,seed,arrived_pct,alloc_pct,frag_pct\n");
        String last = null;
        for (String policy : policies) {
            for (long seed : seeds) {
                ReplayResult r = experiment.replay(policy.trim(), seed, load, scan);
                results.computeIfAbsent(r.policy(), k -> new ArrayList<>()).add(r);
                for (Curve.Point p : r.curve().points()) {
                    curveCsv.append(String.format(Locale.ROOT, "%s,%d,%d,%.2f,%.2f%n", r.policy(), seed,
                            p.arrivedPct(), p.allocPct(), p.fragmentPct()));
                }
                report(r, seed, load, every, seeds.size() == 1 && policies.size() == 1, out);
                last = r.resultLine(taskName, seed, load);
                out.println(last);
            }
        }
        if (o.has("curve-csv")) {
            write(o.path("curve-csv"), curveCsv.toString());
        }
        if (o.has("summary")) {
            write(o.path("summary"), Summary.markdown(taskName, load, seeds, results));
        }
        if (o.has("chart")) {
            Map<String, Map<Integer, Double>> series = new LinkedHashMap<>();
            results.forEach((p, rs) -> series.put(p, Chart.meanAllocation(rs.stream().map(ReplayResult::curve)
                    .toList())));
            Chart.write(o.path("chart"), "GPU allocation vs arrived load: " + taskName + " (mean of "
                    + seeds.size() + " seeds)", series, 50, (int) Math.round(load * 100));
        }
        if (results.size() * seeds.size() > 1) {
            out.print(Summary.markdown(taskName, load, seeds, results));
            out.println(last); // the last line stays machine-readable
        }
        return 0;
    }

    private static void report(ReplayResult r, long seed, double load, int every, boolean detailed, PrintStream out) {
        if (detailed) {
            out.println("arrived%  allocated%  fragmentation%");
            for (Curve.Point p : r.curve().points()) {
                if (every > 0 && p.arrivedPct() % every == 0) {
                    out.printf(Locale.ROOT, "%7d   %9.2f   %13.2f%n", p.arrivedPct(), p.allocPct(), p.fragmentPct());
                }
            }
        }
        Curve.Point atLoad = r.curve().at((int) Math.round(load * 100));
        out.printf(Locale.ROOT, "policy %s seed %d: %d tasks arrived (%.1f%% of GPU capacity), %d placed, "
                        + "%d failed (%.1f GPUs); allocated %.2f%% (column %d: %s), unallocated %.1f GPUs, "
                        + "%d GPUs idle; fragmentation %.2f%%; %.2f s, %.0f tasks/s, placer %.0f decisions/s, "
                        + "p50 %.1f us, p99 %.1f us; peak heap %d MiB%n",
                r.policy(), seed, r.tasks(), r.arrivedPct(), r.placed(), r.failed(), r.failedGpuMilli() / 1000.0,
                r.allocatedPct(), Math.round(load * 100), atLoad == null ? "-" : String.format(Locale.ROOT, "%.2f%%",
                        atLoad.allocPct()), r.unallocatedGpus(), r.idleGpus(), r.fragmentPct(), r.seconds(),
                r.decisionsPerSecond(), r.placerDecisionsPerSecond(), r.p50Nanos() / 1000.0, r.p99Nanos() / 1000.0, peakHeapMiB());
    }

    /** Peak heap use so far, summed over the heap pools. */
    static long peakHeapMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += Math.max(pool.getPeakUsage().getUsed(), pool.getUsage().getUsed());
            }
        }
        return bytes / (1024 * 1024);
    }

    private static int chart(Options o, PrintStream out) {
        Path csv = o.path("curve-csv");
        Map<String, Map<Integer, double[]>> acc = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new TraceFormatException(csv + ": cannot read: " + e.getMessage());
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length < 4) {
                throw new TraceFormatException(csv.getFileName() + ":" + (i + 1) + ": expected policy,seed,"
                        + "arrived_pct,alloc_pct[,frag_pct]");
            }
            try {
                double[] a = acc.computeIfAbsent(f[0], k -> new java.util.TreeMap<>())
                        .computeIfAbsent(Integer.parseInt(f[2]), k -> new double[2]);
                a[0] += Double.parseDouble(f[3]);
                a[1]++;
            } catch (NumberFormatException e) {
                throw new TraceFormatException(csv.getFileName() + ":" + (i + 1) + ": not a number: " + e.getMessage());
            }
        }
        Map<String, Map<Integer, Double>> series = new LinkedHashMap<>();
        acc.forEach((p, cols) -> {
            Map<Integer, Double> mean = new java.util.TreeMap<>();
            cols.forEach((k, a) -> mean.put(k, a[0] / a[1]));
            series.put(p, mean);
        });
        Path png = o.path("out");
        Chart.write(png, o.get("title", "GPU allocation vs arrived load"), series, (int) o.decimal("from", 50),
                (int) o.decimal("to", 130));
        out.println("wrote " + png);
        return 0;
    }

    private static List<Long> seeds(Options o) {
        String spec = o.has("seeds") ? o.get("seeds", "") : o.get("seed", "42");
        List<Long> seeds = new ArrayList<>();
        try {
            if (spec.contains("..")) {
                String[] ab = spec.split("\\.\\.");
                for (long s = Long.parseLong(ab[0].trim()); s <= Long.parseLong(ab[1].trim()); s++) {
                    seeds.add(s);
                }
            } else {
                for (String s : spec.split(",")) {
                    seeds.add(Long.parseLong(s.trim()));
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new UsageException("seeds must be N, A..B or A,B,C; was '" + spec + "'");
        }
        if (seeds.isEmpty()) {
            throw new UsageException("no seeds in '" + spec + "'");
        }
        return seeds;
    }

    private static void write(Path file, String text) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --name value} pairs. */
    record Options(Map<String, String> values) {

        static Options parse(List<String> args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("-h") || a.equals("--help")) {
                    throw new UsageException("help");
                }
                if (!a.startsWith("--") || i + 1 >= args.size()) {
                    throw new UsageException("expected --name value, got '" + a + "'");
                }
                values.put(a.substring(2), args.get(++i));
            }
            return new Options(values);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String get(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        Path path(String name) {
            if (!has(name)) {
                throw new UsageException("--" + name + " is required");
            }
            return Path.of(values.get(name));
        }

        long whole(String name, long fallback) {
            if (!has(name)) {
                return fallback;
            }
            try {
                return Long.parseLong(values.get(name));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a whole number, was '" + values.get(name) + "'");
            }
        }

        double decimal(String name, double fallback) {
            if (!has(name)) {
                return fallback;
            }
            try {
                return Double.parseDouble(values.get(name));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a number, was '" + values.get(name) + "'");
            }
        }
    }
}
