package io.computenet.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own benchmark, TPC-B as {@code pgbench} runs it (Debian: package {@code postgresql-client}), against the
 * harness's PostgreSQL at the same time as the lease load: its transactions per second are a yardstick of what this
 * machine's PostgreSQL commits under these settings, so {@code leases/s / TPC-B tps} compares across machines. The
 * embedded server brings no pgbench; it is looked up on the {@code PATH}.
 */
final class PgBench implements AutoCloseable {

    /** The database pgbench's tables live in, beside the scheduler's. */
    static final String DATABASE = "pgbench";
    /** {@code progress: 5.0 s, 1234.5 tps, lat ...} (pgbench {@code -P}, on stderr). */
    private static final Pattern PROGRESS = Pattern.compile("^progress: ([0-9.]+) s, ([0-9.]+) tps");

    private final Path executable;
    private final int port;
    private final String user;
    private final String password;
    private Process run;
    private final List<double[]> progress = java.util.Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder output = new StringBuilder();
    private long startedNanos;

    private PgBench(Path executable, int port, String user, String password) {
        this.executable = executable;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** pgbench from the {@code PATH}, for the server on {@code port}; empty when there is none. */
    static Optional<PgBench> find(int port, String user, String password) {
        return onPath(System.getenv("PATH")).map(p -> new PgBench(p, port, user, password));
    }

    static Optional<Path> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "pgbench");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    Path executable() {
        return executable;
    }

    /** Creates and fills pgbench's tables ({@code pgbench -i -s scale}, server-side generation). */
    void initialise(int scale) throws IOException, InterruptedException {
        Process p = process(List.of("-i", "-q", "-I", "dtGvp", "-s", Integer.toString(scale), DATABASE))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("pgbench -i failed: " + out);
        }
    }

    /**
     * Starts TPC-B with {@code clients} connections for {@code length} (longer than the window it is read over), a
     * progress line every second.
     */
    void start(int clients, Duration length) throws IOException {
        List<String> args = List.of("-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                "-T", Long.toString(Math.max(1, length.toSeconds())), "-P", "1", "-n", DATABASE);
        run = process(args).redirectErrorStream(true).start();
        startedNanos = System.nanoTime();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(run.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    progressLine(line).ifPresent(progress::add);
                    synchronized (output) {
                        if (output.length() < 20_000) {
                            output.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "pgbench-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The pgbench client process (its server backends are PostgreSQL's children). */
    long pid() {
        return run == null ? -1 : run.pid();
    }

    /** {@code [seconds since start, tps of that second]} from one progress line, if it is one. */
    static Optional<double[]> progressLine(String line) {
        Matcher m = PROGRESS.matcher(line.strip());
        return m.find() ? Optional.of(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))})
                : Optional.empty();
    }

    /**
     * The mean tps of the progress lines between {@code from} and {@code to} (harness clock, {@code System.nanoTime})
     * : the seconds that overlap the lease load's measured phase; NaN when none.
     */
    double tpsBetween(long fromNanos, long toNanos) {
        return meanTps(List.copyOf(progress), (fromNanos - startedNanos) / 1e9, (toNanos - startedNanos) / 1e9);
    }

    /** The mean of the progress lines whose second ended after {@code from} + 1 s and by {@code to}. */
    static double meanTps(List<double[]> lines, double from, double to) {
        return lines.stream().filter(l -> l[0] >= from + 1 && l[0] <= to).mapToDouble(l -> l[1]).average()
                .orElse(Double.NaN);
    }

    /** What pgbench printed (the first 20,000 characters). */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    private ProcessBuilder process(List<String> args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", user));
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().put("PGPASSWORD", password);
        return b;
    }

    /**
     * pgbench on the {@code PATH} with its tables created at {@code scale}, for the server on {@code port}; null (and
     * a line saying so) when there is none, and the TPC-B column is skipped.
     */
    static PgBench prepare(int port, String user, String password, int scale) throws IOException,
            InterruptedException {
        PgBench pgbench = find(port, user, password).orElse(null);
        if (pgbench == null) {
            System.out.println("  pgbench NOT FOUND on the PATH (Debian: apt-get install postgresql-client):"
                    + " the TPC-B column is skipped");
            return null;
        }
        System.out.println("starting pgbench's tables (" + pgbench.executable() + " -i -s " + scale + ") ...");
        pgbench.initialise(scale);
        return pgbench;
    }

    /** Waits (up to 10 s) until pgbench's clients are connected, so their CPU is counted from the start. */
    static void awaitClients(PgStats pg, int clients) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pg.backends(DATABASE).size() < clients && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** pgbench's processes for the CPU figures: its client (when running) and the backends serving it. */
    static java.util.Set<Long> processes(PgBench pgbench, java.util.Set<Long> backends) {
        java.util.Set<Long> pids = new java.util.HashSet<>(backends);
        if (pgbench != null && pgbench.pid() > 0) {
            pids.add(pgbench.pid());
        }
        return pids;
    }

    /** The report's TPC-B line: its rate over the measured window beside the leases', or why there is none. */
    static String reportLine(boolean ran, int clients, int scale, double leasesPerS, double tpcbTps) {
        if (!ran) {
            return "pgbench TPC-B: not run" + (clients > 0 ? " (pgbench not on the PATH)" : " (--pgbench-clients 0)");
        }
        return String.format(Locale.ROOT, "pgbench TPC-B (%d clients, scale %d, same PostgreSQL, same window): %s tps;"
                + " leases/s / TPC-B tps = %s", clients, scale, format(tpcbTps), ratio(leasesPerS, tpcbTps));
    }

    /** {@code leases/s / TPC-B tps}, 4 decimals; {@code -} without a TPC-B figure. */
    static String ratio(double leasesPerS, double tpcbTps) {
        return Double.isNaN(tpcbTps) || tpcbTps <= 0 ? "-" : String.format(Locale.ROOT, "%.4f", leasesPerS / tpcbTps);
    }

    static String format(double tps) {
        return Double.isNaN(tps) ? "-" : String.format(Locale.ROOT, "%.0f", tps);
    }

    @Override
    public void close() throws InterruptedException {
        if (run != null && run.isAlive()) {
            run.destroy();
            if (!run.waitFor(10, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
    }
}
