package io.computenet.benchmarks;

import io.computenet.devstack.Directories;
import io.computenet.devstack.ServiceProcess;
import io.computenet.focus.FocusConformance;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast, and in how much memory, does billing stream a FOCUS export of millions of lines? The billing issue's
 * target: "a 10-million-line FOCUS export streamed with flat memory: peak RSS under 256 MB for the billing process,
 * and rows/s".
 *
 * <p>It starts PostgreSQL 17 (embedded binaries), a Kafka broker, Keycloak (billing takes service tokens only) and
 * billing's packaged fast-jar as the devstack does
 * (same JVM flags and heap), so Flyway creates the schema; writes {@code rows} closed charges and their charge lines
 * for one month straight into billing's database with {@code COPY} (leases spread over tenants, operators, regions,
 * device models, whole devices and slices, amounts rated as billing rates them); then asks billing's real export
 * endpoint, {@code GET /internal/v1/exports?period=2026-11&format=focus}, reads the body as it arrives and counts its
 * lines, while sampling the billing process's resident memory ({@code VmRSS} in {@code /proc/PID/status}) every 50
 * ms. It reports rows/s, the peak RSS while exporting, the process's lifetime peak ({@code VmHWM}) and its RSS before
 * the export. With {@code --check} the export also goes to a file, checked against FOCUS 1.2 after the timing.
 */
public final class FocusExportHarness implements HarnessMain.Harness {

    static final String PERIOD = "2026-11";
    static final long TARGET_RSS_MIB = 256;
    private static final Instant MONTH_START = Instant.parse("2026-11-01T00:00:00Z");
    private static final int MONTH_SECONDS = 30 * 86_400;
    /** Region, vendor, model, price per device-hour (the demo price books), slice kind, profile, share. */
    private static final List<String[]> OFFERS = List.of(
            new String[] {"cn-east-yrd", "NVIDIA", "H100 80GB HBM3", "22.00", null, null, "1"},
            new String[] {"cn-west-nm", "NVIDIA", "A100-SXM4-80GB", "10.80", "MIG", "3g.40gb", "0.4286"},
            new String[] {"cn-west-gz", "HUAWEI_ASCEND", "Ascend910B3", "6.10", "VNPU", "vir10_3c_32g", "0.5000"},
            new String[] {"cn-east-yrd", "CAMBRICON", "MLU370-X8", "3.20", null, null, "1"},
            new String[] {"cn-west-nm", "NVIDIA", "GeForce RTX 4090", "1.50", "SOFT", null, "0.2500"});

    private final FocusExportOptions options;
    private final StartedComponents started = new StartedComponents();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private FocusExportHarness(FocusExportOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        HarnessMain.run("FOCUS export harness", args, FocusExportOptions::parse, FocusExportOptions.USAGE,
                FocusExportHarness::new);
    }

    @Override
    public void closeAll() {
        started.closeAll();
    }

    @Override
    public int run() throws Exception {
        boolean temporary = options.workDir().isEmpty();
        Path workDir = options.workDir().orElse(Files.createTempDirectory("focus-export-harness")).toAbsolutePath();
        Path home = options.home().toAbsolutePath().normalize();
        try {
            LeaseLoadHarness.printMachine();
            return drive(home, workDir);
        } finally {
            closeAll();
            if (temporary && !options.keepWorkDir()) {
                Directories.deleteTree(workDir);
            } else {
                System.out.println("work directory kept: " + workDir);
            }
        }
    }

    private int drive(Path home, Path workDir) throws Exception {
        System.out.println("starting PostgreSQL (embedded), Kafka, Keycloak and billing ...");
        BillingStack stack = BillingStack.start(started, home, workDir, options.brokerLibs());
        ServiceProcess billing = stack.launchBilling(started, options.billingHeap()).awaitReady(BillingStack.READY);

        long t0 = System.nanoTime();
        fill(stack);
        System.out.printf("filled billing's database: %,d charges and charge lines in %s (COPY, then ANALYZE) in"
                + " %.1f s%n", options.rows(), PERIOD, (System.nanoTime() - t0) / 1e9);

        long pid = billing.pid();
        long idleRss = status(pid, "VmRSS");
        RssSampler sampler = new RssSampler(pid);
        Thread sampling = new Thread(sampler, "rss-sampler");
        sampling.setDaemon(true);
        sampling.start();
        Path file = workDir.resolve("computenet-" + PERIOD + "-focus.csv");
        long start = System.nanoTime();
        long firstByteNanos;
        long lines = 0;
        long bytes = 0;
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(billing.url()
                        + "/internal/v1/exports?period=" + PERIOD + "&format=focus"))
                        .header("Authorization", stack.token().authorization()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("billing answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = response.body();
             OutputStream copy = options.check() ? Files.newOutputStream(file) : OutputStream.nullOutputStream()) {
            byte[] buffer = new byte[1 << 16];
            int n = in.read(buffer);
            firstByteNanos = System.nanoTime() - start;
            while (n >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                bytes += n;
                copy.write(buffer, 0, n);
                n = in.read(buffer);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.stop();
        sampling.join();
        long rows = lines - 1;
        long hwm = status(pid, "VmHWM");
        System.out.printf("%nexported %,d FOCUS rows (%,d bytes) in %.1f s: %,.0f rows/s, %.1f MB/s; first byte after"
                + " %d ms%n", rows, bytes, seconds, rows / seconds, bytes / seconds / 1e6, firstByteNanos / 1_000_000);
        System.out.printf("billing RSS: %,d MiB before the export, peak %,d MiB while exporting (%,d samples);"
                + " lifetime peak (VmHWM) %,d MiB; -Xmx%s%n", idleRss / 1024, sampler.peakKib() / 1024,
                sampler.samples(), hwm / 1024, options.billingHeap());
        boolean rowsRight = rows == options.rows();
        boolean met = hwm / 1024 < TARGET_RSS_MIB;
        System.out.printf("TARGET (billing's peak RSS under %d MiB): %s; rows exported %s%n", TARGET_RSS_MIB,
                met ? "MET" : "MISSED", rowsRight ? "all" : "WRONG: expected " + options.rows());
        int code = met && rowsRight ? 0 : 1;
        if (options.check()) {
            long c0 = System.nanoTime();
            FocusConformance.Report report = FocusConformance.computeNetExport().check(file);
            System.out.printf("FOCUS 1.2 conformance of the export (%.1f s): %s%n", (System.nanoTime() - c0) / 1e9,
                    report.conforms() ? "conforms, " + report.rows() + " rows, " + report.billedCostByInvoice().size()
                            + " invoices" : report.toString());
            code = report.conforms() ? code : 1;
        }
        System.out.printf("RESULT rows=%d seconds=%.1f rows_per_s=%.0f peak_rss_mib=%d vmhwm_mib=%d heap=%s%n", rows,
                seconds, rows / seconds, sampler.peakKib() / 1024, hwm / 1024, options.billingHeap());
        return code;
    }

    /**
     * Writes the charges and charge lines with COPY, the two tables at once on two connections (the machine's two
     * cores), then ANALYZE. The rows are consistent by construction (every line's lease is a charge), so the COPYs run
     * with {@code session_replication_role = replica}: PostgreSQL skips the charge lines' foreign-key trigger, one
     * lookup per line, which is what a bulk load's usual "add the constraints afterwards" saves too.
     */
    private void fill(BillingStack stack) throws Exception {
        ExecutorService copies = Executors.newFixedThreadPool(2);
        try {
            Future<?> charges = copies.submit(() -> copy(stack, "COPY charges (lease_id, tenant_id, operator_id,"
                    + " region, vendor, device_model, device_count, started_at, ended_at, end_state,"
                    + " price_per_device_hour, currency, status, seconds, amount, share, slice_kind, slice_profile)"
                    + " FROM STDIN", this::chargeRow));
            Future<?> lines = copies.submit(() -> copy(stack, "COPY charge_lines (lease_id, period, period_start,"
                    + " period_end, seconds, amount, price_per_device_hour, currency) FROM STDIN",
                    FocusExportHarness::lineRow));
            charges.get();
            lines.get();
        } finally {
            copies.shutdownNow();
        }
        try (Connection db = stack.database(); Statement s = db.createStatement()) {
            s.execute("ANALYZE charges");
            s.execute("ANALYZE charge_lines");
        }
    }

    /** Appends the i-th lease's row of one table, tab-separated, in COPY's text format. */
    @FunctionalInterface
    private interface CopyRow {
        void append(StringBuilder row, int i, Lease l);
    }

    private Void copy(BillingStack stack, String sql, CopyRow format) throws Exception {
        try (Connection db = stack.database()) {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                s.execute("SET LOCAL session_replication_role = replica");
            }
            PGConnection pg = db.unwrap(PGConnection.class);
            StringBuilder row = new StringBuilder(256);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg, sql, 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16)) {
                for (int i = 0; i < options.rows(); i++) {
                    row.setLength(0);
                    format.append(row, i, lease(i));
                    out.append(row);
                }
            }
            db.commit();
        }
        return null;
    }

    private void chargeRow(StringBuilder row, int i, Lease l) {
        String[] o = OFFERS.get(l.offer);
        row.append(l.id).append('\t').append(tenant(i)).append('\t').append("op-").append(i % 20).append('\t')
                .append(o[0]).append('\t').append(o[1]).append('\t').append(o[2]).append('\t').append(l.devices)
                .append('\t').append(l.start).append('\t').append(l.end).append("\tRELEASED\t").append(o[3])
                .append("\tCNY\tCLOSED\t").append(l.seconds).append('\t').append(l.amount.toPlainString())
                .append('\t').append(o[6]).append('\t').append(o[4] == null ? "\\N" : o[4]).append('\t')
                .append(o[5] == null ? "\\N" : o[5]).append('\n');
    }

    private static void lineRow(StringBuilder row, int i, Lease l) {
        row.append(l.id).append('\t').append(PERIOD).append('\t').append(l.start).append('\t').append(l.end)
                .append('\t').append(l.seconds).append('\t').append(l.amount.toPlainString()).append('\t')
                .append(OFFERS.get(l.offer)[3]).append("\tCNY\n");
    }

    private record Lease(String id, int offer, int devices, Instant start, Instant end, long seconds,
                         BigDecimal amount) {
    }

    /** Prices per device-hour of {@link #OFFERS}, and their shares, parsed once. */
    private static final BigDecimal[] PRICES = OFFERS.stream().map(o -> new BigDecimal(o[3]))
            .toArray(BigDecimal[]::new);
    private static final BigDecimal[] SHARES = OFFERS.stream().map(o -> new BigDecimal(o[6]))
            .toArray(BigDecimal[]::new);
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    /** The i-th lease, deterministic: its offer, devices, interval within the month and amount as billing rates. */
    private static Lease lease(int i) {
        int offer = i % OFFERS.size();
        String[] o = OFFERS.get(offer);
        int devices = o[4] == null ? (i % 3 == 0 ? 8 : i % 3 == 1 ? 2 : 1) : 1;
        long seconds = 60 + (i * 7_919L) % 86_000;
        long offset = (i * 104_729L) % (MONTH_SECONDS - 86_100);
        Instant start = MONTH_START.plusSeconds(offset);
        BigDecimal amount = PRICES[offer].multiply(BigDecimal.valueOf(seconds * devices)).multiply(SHARES[offer])
                .divide(SECONDS_PER_HOUR, 2, RoundingMode.HALF_UP);
        String digits = Integer.toString(i);
        return new Lease("ls-" + "0".repeat(Math.max(0, 10 - digits.length())) + digits, offer, devices, start,
                start.plusSeconds(seconds), seconds, amount);
    }

    private String tenant(int i) {
        return "tenant-" + (i % options.tenants());
    }

    /** A field of {@code /proc/PID/status} in KiB ({@code VmRSS}, {@code VmHWM}). */
    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + field + " for process " + pid);
    }

    /** Samples a process's VmRSS every 50 ms and keeps the peak. */
    private static final class RssSampler implements Runnable {

        private final long pid;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();

        RssSampler(long pid) {
            this.pid = pid;
        }

        @Override
        public void run() {
            while (running.get()) {
                try {
                    peak.accumulateAndGet(status(pid, "VmRSS"), Math::max);
                    samples.incrementAndGet();
                    Thread.sleep(50);
                } catch (IOException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void stop() {
            running.set(false);
        }

        long peakKib() {
            return peak.get();
        }

        long samples() {
            return samples.get();
        }
    }
}
