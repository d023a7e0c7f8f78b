package io.computenet.benchmarks;

import io.computenet.devstack.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PgBenchTest {

    @Test
    void readsTheTpsOfAProgressLine() {
        // when
        var line = PgBench.progressLine("progress: 5.0 s, 3785.4 tps, lat 2.111 ms stddev 0.502, 0 failed");

        // then
        assertThat(line).hasValueSatisfying(l -> assertThat(l).containsExactly(5.0, 3785.4));
        assertThat(PgBench.progressLine("transaction type: <builtin: TPC-B (sort of)>")).isEmpty();
    }

    @Test
    void averagesTheSecondsInsideTheWindowOnly() {
        // given: seconds 1..6 of pgbench's run; the window is 2.0 to 5.0 s after it started
        List<double[]> lines = List.of(new double[] {1, 100}, new double[] {2, 200}, new double[] {3, 300},
                new double[] {4, 400}, new double[] {5, 500}, new double[] {6, 600});

        // when
        double tps = PgBench.meanTps(lines, 2.0, 5.0);

        // then: the seconds that ended at 3, 4 and 5 s lie wholly inside it
        assertThat(tps).isEqualTo(400.0);
        assertThat(PgBench.meanTps(lines, 10, 20)).isNaN();
    }

    @Test
    void findsPgbenchOnThePathOrSaysItIsMissing(@TempDir Path dir) throws Exception {
        // given
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path pgbench = Files.createFile(bin.resolve("pgbench"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        // when / then
        assertThat(PgBench.onPath(dir + java.io.File.pathSeparator + bin)).contains(pgbench);
        assertThat(PgBench.onPath(dir.toString())).isEmpty();
        assertThat(PgBench.onPath(null)).isEmpty();
    }

    @Test
    void theDurableRunTurnsFsyncAndSynchronousCommitOnAndTheOtherLeavesTheTestDefaults() {
        // when
        Map<String, String> durable = LeaseLoadHarness.postgresSettings(true);
        Map<String, String> fast = LeaseLoadHarness.postgresSettings(false);

        // then
        assertThat(durable).containsAllEntriesOf(PostgresServer.DURABLE)
                .containsEntry("shared_preload_libraries", "pg_stat_statements");
        assertThat(fast).doesNotContainKeys("fsync", "synchronous_commit")
                .containsEntry("shared_preload_libraries", "pg_stat_statements");
    }

    @Test
    void comparesLeasesWithTpcbAndCountsTheRunsCpuWithoutPgbenchOrOthers() {
        // given: CPU ms per lease by part
        Map<String, Double> perLease = new java.util.LinkedHashMap<>();
        perLease.put("scheduler", 2.0);
        perLease.put("postgres", 1.5);
        perLease.put("kafka", 0.5);
        perLease.put("harness", 0.25);
        perLease.put("pgbench", 3.0);
        perLease.put("other", 0.7);
        perLease.put("machine", 7.95);

        // when / then
        assertThat(LeaseLoadHarness.runCpuPerLease(perLease)).isEqualTo(4.25);
        assertThat(PgBench.ratio(346.7, 5375)).isEqualTo("0.0645");
        assertThat(PgBench.ratio(346.7, Double.NaN)).isEqualTo("-");
        assertThat(LeaseLoadHarness.rateHeld(292, 300)).isTrue();
        assertThat(LeaseLoadHarness.rateHeld(280, 300)).isFalse();
    }
}
