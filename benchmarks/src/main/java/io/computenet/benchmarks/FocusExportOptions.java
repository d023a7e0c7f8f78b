package io.computenet.benchmarks;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link FocusExportHarness}.
 *
 * @param rows        charge lines written into billing's database, all in one month, one per lease
 * @param tenants     tenants the leases are spread over
 * @param home        the repository root: where {@code billing/target/quarkus-app} and the broker jars are
 * @param brokerLibs  the Kafka broker jars ({@code kafka-broker/target/libs}, relative to {@code home})
 * @param billingHeap billing's {@code -Xmx}, as the devstack starts it ({@code DevStack.BILLING_MEMORY})
 * @param check       keep the export in a file and run the FOCUS conformance checker over it afterwards
 * @param workDir     PostgreSQL and Kafka data, logs, the export; a fresh temporary directory if empty
 * @param keepWorkDir keep the work directory after the run
 */
record FocusExportOptions(int rows, int tenants, Path home, Path brokerLibs, String billingHeap, boolean check,
                          Optional<Path> workDir, boolean keepWorkDir) {

    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar io.computenet.benchmarks.FocusExportHarness [options]
              --rows N             charge lines in the exported month (default 10000000)
              --tenants N          tenants they belong to (default 100)
              --home DIR           repository root with the built billing service and broker jars (default .)
              --broker-libs DIR    Kafka broker jars, relative to --home (default kafka-broker/target/libs)
              --billing-heap S     billing's -Xmx (default 96m, as ./computenet up; -Xms is 32m)
              --check              also write the export to a file and check it against FOCUS 1.2 (after timing)
              --work-dir DIR       data and logs (default: a new temporary directory, deleted after)
              --keep-work-dir      keep the work directory
            """;

    FocusExportOptions {
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1");
        }
        if (tenants < 1 || tenants > rows) {
            throw new IllegalArgumentException("--tenants must be between 1 and --rows");
        }
        if (!billingHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--billing-heap must be a JVM size such as 256m, not " + billingHeap);
        }
    }

    static FocusExportOptions parse(String... args) {
        return parse(10_000_000, args);
    }

    /**
     * The same options with another default for {@code --rows}: {@link BillingConsumerHarness} takes them too, its
     * {@code --rows} being the lease events it produces.
     */
    static FocusExportOptions parse(int defaultRows, String... args) {
        CommandLine line = CommandLine.parse(args, Set.of("--rows", "--tenants", "--home", "--broker-libs",
                "--billing-heap", "--work-dir"), Set.of("--check", "--keep-work-dir"));
        return new FocusExportOptions(line.integer("--rows", defaultRows), line.integer("--tenants", 100),
                line.path("--home", Path.of(".")),
                line.path("--broker-libs", Path.of("kafka-broker", "target", "libs")),
                line.text("--billing-heap", io.computenet.devstack.DevStack.BILLING_MEMORY.maxHeap()),
                line.flag("--check"), line.path("--work-dir"), line.flag("--keep-work-dir"));
    }
}
