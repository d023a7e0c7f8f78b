package io.computenet.benchmarks;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The harness's arithmetic: percentiles, Prometheus deltas, CPU shares, the request mix and the result line. */
class LeaseLoadStatisticsTest {

    @Test
    void summarisesLatenciesInMilliseconds() {
        // given: 1..1000 ms, recorded in µs
        Histogram h = LatencySummary.newHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordValue(ms * 1000L);
        }

        // when
        LatencySummary s = LatencySummary.of(h);

        // then (HdrHistogram keeps 3 significant digits)
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50Ms()).isCloseTo(500, within(1.0));
        assertThat(s.p90Ms()).isCloseTo(900, within(1.0));
        assertThat(s.p99Ms()).isCloseTo(990, within(1.0));
        assertThat(s.maxMs()).isCloseTo(1000, within(1.0));
        assertThat(s.meanMs()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void summarisesNothingAsNotANumber() {
        // when
        LatencySummary s = LatencySummary.of(LatencySummary.newHistogram());

        // then
        assertThat(s.count()).isZero();
        assertThat(s.p99Ms()).isNaN();
        assertThat(s.format()).contains("p99 -");
    }

    @Test
    void parsesPrometheusLinesWithBracesAndEscapesInLabels() {
        // when
        var sample = PrometheusScrape.parseLine("http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\","
                + "status=\"200\",uri=\"/internal/v1/leases/{leaseId}/release\",x=\"a\\\"b\"} 42.0").orElseThrow();

        // then
        assertThat(sample.name()).isEqualTo("http_server_requests_seconds_count");
        assertThat(sample.labels()).containsEntry("uri", "/internal/v1/leases/{leaseId}/release")
                .containsEntry("x", "a\"b").containsEntry("method", "POST");
        assertThat(sample.value()).isEqualTo(42.0);
        assertThat(PrometheusScrape.parseLine("process_uptime_seconds 12.5").orElseThrow().value()).isEqualTo(12.5);
        assertThat(PrometheusScrape.parseLine("broken{a=\"x 1").isEmpty()).isTrue();
    }

    @Test
    void takesATimersCallsMeanAndPercentilesBetweenTwoScrapes() {
        // given: 100 calls before; then 100 more, 90 of them under 1 ms and 10 between 10 and 20 ms
        PrometheusScrape before = PrometheusScrape.parse("""
                # TYPE t_seconds histogram
                t_seconds_bucket{path="request",le="0.001"} 100
                t_seconds_bucket{path="request",le="0.01"} 100
                t_seconds_bucket{path="request",le="0.02"} 100
                t_seconds_bucket{path="request",le="+Inf"} 100
                t_seconds_count{path="request"} 100
                t_seconds_sum{path="request"} 0.05
                t_seconds_count{path="queue"} 7
                t_seconds_sum{path="queue"} 7
                """);
        PrometheusScrape after = PrometheusScrape.parse("""
                t_seconds_bucket{path="request",le="0.001"} 190
                t_seconds_bucket{path="request",le="0.01"} 190
                t_seconds_bucket{path="request",le="0.02"} 200
                t_seconds_bucket{path="request",le="+Inf"} 200
                t_seconds_count{path="request"} 200
                t_seconds_sum{path="request"} 0.245
                t_seconds_count{path="queue"} 9
                t_seconds_sum{path="queue"} 9
                """);

        // when
        var w = PrometheusScrape.TimerWindow.between(before, after, "t_seconds", l -> "request".equals(l.get("path")));

        // then
        assertThat(w.count()).isEqualTo(100);
        assertThat(w.meanMs()).isCloseTo(1.95, within(1e-9));
        assertThat(w.p50Ms()).isCloseTo(0.5556, within(1e-3)); // rank 50 of 90 in (0, 1 ms]
        assertThat(w.p99Ms()).isCloseTo(19.0, within(1e-9)); // rank 99: 9 of 10 into (10, 20 ms]
    }

    @Test
    void givesNoPercentilesForATimerWithoutBuckets() {
        // given
        PrometheusScrape before = PrometheusScrape.parse("h_seconds_count{uri=\"/a\"} 1\nh_seconds_sum{uri=\"/a\"} 0.1");
        PrometheusScrape after = PrometheusScrape.parse("h_seconds_count{uri=\"/a\"} 3\nh_seconds_sum{uri=\"/a\"} 0.5");

        // when
        var w = PrometheusScrape.TimerWindow.between(before, after, "h_seconds", l -> true);

        // then
        assertThat(w.count()).isEqualTo(2);
        assertThat(w.meanMs()).isCloseTo(200, within(1e-9));
        assertThat(w.p99Ms()).isNaN();
    }

    @Test
    void placesAQuantileInTheInfiniteBucketAtTheLastFiniteBound() {
        // given
        TreeMap<Double, Double> cumulative = new TreeMap<>(Map.of(0.001, 1.0, 0.002, 2.0,
                Double.POSITIVE_INFINITY, 10.0));

        // when / then
        assertThat(PrometheusScrape.TimerWindow.quantileMs(cumulative, 0.99)).isEqualTo(2.0);
    }

    @Test
    void sharesCpuPerPartAndCountsTheRestOfTheMachineAsOther() {
        // given: over 2 s, the scheduler used 1.5 s, PostgreSQL 0.5 s, the machine 3 s
        var from = new CpuSampler.Sample(0, Map.of("scheduler", Duration.ZERO, "postgres", Duration.ZERO),
                Duration.ofSeconds(10));
        var to = new CpuSampler.Sample(2_000_000_000L, new java.util.LinkedHashMap<>(Map.of(
                "scheduler", Duration.ofMillis(1500), "postgres", Duration.ofMillis(500))), Duration.ofSeconds(13));

        // when
        Map<String, Double> shares = CpuSampler.shares(from, to);

        // then: in shares of one core
        assertThat(shares.get("scheduler")).isCloseTo(75, within(1e-9));
        assertThat(shares.get("postgres")).isCloseTo(25, within(1e-9));
        assertThat(shares.get("other")).isCloseTo(50, within(1e-9));
        assertThat(shares.get("machine")).isCloseTo(150, within(1e-9));
    }

    @Test
    void readsTheMachinesBusyTimeFromProcStat() {
        // user nice system idle iowait irq softirq steal, in 1/100 s
        assertThat(CpuSampler.parseProcStat("cpu  100 20 30 5000 70 1 2 3 0 0"))
                .isEqualTo(Duration.ofMillis(1560));
    }

    @Test
    void cyclesThroughTheMixAndFindsTheLeaseIdInTheAnswer() {
        // when
        String first = LeaseMix.body(0, "tenant-load-0");
        String ninth = LeaseMix.body(8, "tenant-load-0");

        // then
        assertThat(first).isEqualTo("{\"tenantId\":\"tenant-load-0\",\"memoryGiB\":40,\"deviceCount\":1,"
                + "\"durationMinutes\":60,\"maxWaitMinutes\":0,\"workloadClass\":\"INFERENCE\"}");
        assertThat(ninth).isEqualTo(first);
        assertThat(LeaseMix.body(4, "t")).contains("\"deviceCount\":8").contains("\"workloadClass\":\"TRAINING\"");
        assertThat(LeaseMix.leaseId("{\"leaseId\" : \"ls-0123abcd\",\"state\":\"SCHEDULED\"}"))
                .isEqualTo("ls-0123abcd");
        assertThat(LeaseMix.leaseId("{\"type\":\"x\"}")).isNull();
    }

    @Test
    void countsTheSchedulersUnexpectedFailuresByCause(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // given
        java.nio.file.Path log = dir.resolve("scheduler.log");
        java.nio.file.Files.writeString(log, String.join("\n",
                "15:02:43.586 ERROR [io.co.pr.ProblemMappers] unexpected failure: GenericJDBCException: Unable to"
                        + " acquire JDBC Connection",
                "\tat org.hibernate.Something(Something.java:1)",
                "15:02:44.000 ERROR [io.co.pr.ProblemMappers] unexpected failure: GenericJDBCException: Unable to"
                        + " acquire JDBC Connection",
                "15:02:45.000 ERROR [io.co.pr.ProblemMappers] unexpected failure: PessimisticLockException: deadlock",
                "15:02:46.000 INFO  [io.co.sc.le.LeaseReconciler] placed 1 queued lease(s)"));

        // when / then
        assertThat(LeaseLoadHarness.unexpectedFailures(log)).containsExactly(
                Map.entry("GenericJDBCException: Unable to acquire JDBC Connection", 2),
                Map.entry("PessimisticLockException: deadlock", 1));
    }

    @Test
    void endsWithAMachineReadableResultLine() {
        assertThat(LeaseLoadHarness.resultLine(812.345, 41.26, 9.0, 3, 1000, 32)).isEqualTo(
                "RESULT leases_per_s=812.3 create_p99_ms=41.3 release_p99_ms=9.0 errors=3 nodes=1000 concurrency=32");
    }
}
