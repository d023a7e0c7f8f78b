package io.computenet.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseLoadOptionsTest {

    @Test
    void defaultsToTheDocumentedRun() {
        // when
        LeaseLoadOptions options = LeaseLoadOptions.parse();

        // then
        assertThat(options.nodes()).isEqualTo(1000);
        assertThat(options.leases()).isEqualTo(20_000);
        assertThat(options.concurrency()).isEqualTo(32);
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.maxDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.tenants()).isEqualTo(1);
        assertThat(options.schedulerHeap()).isEqualTo("384m");
        assertThat(options.brokerLibs()).isEqualTo(Path.of("kafka-broker", "target", "libs"));
        assertThat(options.workDir()).isEmpty();
        assertThat(options.keepWorkDir()).isFalse();
        assertThat(options.durable()).isTrue();
        assertThat(options.openLoop()).isFalse();
        assertThat(options.pgbenchClients()).isEqualTo(8);
        assertThat(options.pgbenchScale()).isEqualTo(8);
    }

    @Test
    void readsTheOpenLoopTheFsyncOffFigureAndPgbench() {
        // when
        LeaseLoadOptions options = LeaseLoadOptions.parse("--arrival-rate", "300", "--durable", "false",
                "--pgbench-clients", "0", "--pgbench-scale", "20");

        // then
        assertThat(options.openLoop()).isTrue();
        assertThat(options.arrivalRate()).isEqualTo(300.0);
        assertThat(options.durable()).isFalse();
        assertThat(options.pgbenchClients()).isZero();
        assertThat(options.pgbenchScale()).isEqualTo(20);
    }

    @Test
    void refusesAnUnclearDurabilityOrANegativeRate() {
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--durable", "maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--durable");
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--arrival-rate", "-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--arrival-rate");
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--pgbench-clients", "-2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--pgbench-clients");
    }

    @Test
    void readsTheDocumentedCommandLine() {
        // when
        LeaseLoadOptions options = LeaseLoadOptions.parse("--nodes", "250", "--leases", "5_000", "--concurrency", "8",
                "--warmup", "10s", "--max-duration", "2m", "--tenants", "50", "--report-every", "PT1S",
                "--home", "/repo", "--scheduler-heap", "1g", "--work-dir", "/tmp/x", "--keep-work-dir");

        // then
        assertThat(options.nodes()).isEqualTo(250);
        assertThat(options.leases()).isEqualTo(5000);
        assertThat(options.concurrency()).isEqualTo(8);
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.maxDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.tenants()).isEqualTo(50);
        assertThat(options.reportEvery()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.home()).isEqualTo(Path.of("/repo"));
        assertThat(options.schedulerHeap()).isEqualTo("1g");
        assertThat(options.workDir()).contains(Path.of("/tmp/x"));
        assertThat(options.keepWorkDir()).isTrue();
    }

    @Test
    void spreadsRequestsOverTheTenantsRoundRobin() {
        // given
        LeaseLoadOptions options = LeaseLoadOptions.parse("--tenants", "3");

        // when / then
        assertThat(java.util.stream.LongStream.range(0, 4).mapToObj(options::tenant))
                .containsExactly("tenant-load-0", "tenant-load-1", "tenant-load-2", "tenant-load-0");
    }

    @Test
    void refusesNonsenseNamingTheOption() {
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--concurrency", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--leases", "many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--leases");
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--nodes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--max-duration", "0s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-duration");
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--scheduler-heap", "lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--scheduler-heap");
        assertThatThrownBy(() -> LeaseLoadOptions.parse("--speed", "11"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --speed");
    }
}
