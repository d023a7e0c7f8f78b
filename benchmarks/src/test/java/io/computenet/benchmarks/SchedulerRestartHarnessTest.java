package io.computenet.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SimulatedNode;
import io.computenet.placement.slices.Allocation;
import io.computenet.placement.slices.DeviceShape;
import io.computenet.placement.slices.DeviceState;
import io.computenet.placement.slices.DeviceMode;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The restart harness's pure parts: options, the fleet it writes, its CSV, log parsing and arithmetic. */
class SchedulerRestartHarnessTest {

    private static List<SimulatedNode> fleet(int nodes) {
        return new FleetSimulator().fleet(nodes, AgentPublishHarness.REGIONS.stream()
                .map(FleetSimulator.Placement::parse).toList(), AgentPublishHarness.OPERATOR, AgentPublishHarness.SEED);
    }

    @Test
    void optionsHaveTheIssuesDefaults() {
        SchedulerRestartOptions o = SchedulerRestartOptions.parse();
        assertThat(o.nodes()).isEqualTo(10_000);
        assertThat(o.restarts()).isEqualTo(3);
        assertThat(o.leased()).isEqualTo(0.4);
        assertThat(o.schedulerHeap()).isEqualTo("384m");
        assertThat(o.workDir()).isEmpty();
        SchedulerRestartOptions p = SchedulerRestartOptions.parse("--nodes", "1,000", "--restarts", "5", "--leased",
                "0", "--work-dir", "/tmp/x", "--keep-work-dir", "--seed", "7");
        assertThat(p.nodes()).isEqualTo(1000);
        assertThat(p.restarts()).isEqualTo(5);
        assertThat(p.leased()).isZero();
        assertThat(p.seed()).isEqualTo(7);
        assertThat(p.workDir()).contains(Path.of("/tmp/x"));
        assertThat(p.keepWorkDir()).isTrue();
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> SchedulerRestartOptions.parse("--nodes", "0")).hasMessageContaining("--nodes");
        assertThatThrownBy(() -> SchedulerRestartOptions.parse("--leased", "1.5")).hasMessageContaining("--leased");
        assertThatThrownBy(() -> SchedulerRestartOptions.parse("--leased", "NaN")).hasMessageContaining("--leased");
        assertThatThrownBy(() -> SchedulerRestartOptions.parse("--restarts")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SchedulerRestartOptions.parse("--bogus", "1")).hasMessageContaining("unknown");
        assertThatThrownBy(() -> SchedulerRestartOptions.parse("--scheduler-heap", "lots"))
                .hasMessageContaining("--scheduler-heap");
    }

    @Test
    void theFleetsSlicesAreWhatTheSchedulerWouldRestore() {
        RestartFleet f = RestartFleet.of(fleet(600), 0.4, 42);
        assertThat(f.nodes()).hasSize(600);
        assertThat(f.devices()).hasSize(f.nodes().stream().mapToInt(n -> n.devices().size()).sum());
        for (RestartFleet.Device d : f.devices()) {
            assertThat(d.leaseId() == null || d.slices().isEmpty()).isTrue();
            if (!d.slices().isEmpty()) {
                // as CapacitySnapshots rebuilds it from the rows: must not throw
                DeviceState state = DeviceState.restore(DeviceShape.fromInventory(d.info()), d.slices());
                assertThat(state.allocations()).hasSize(d.slices().size());
            }
        }
        // every slice and every whole-device lease is one lease; lease ids unique
        long wholeLeases = f.leases().stream().filter(l -> l.slice() == null).count();
        assertThat(f.leases()).hasSize((int) (wholeLeases + f.slices()));
        Set<String> ids = f.leases().stream().map(RestartFleet.Lease::leaseId).collect(Collectors.toSet());
        assertThat(ids).hasSize(f.leases().size()).allMatch(id -> id.matches("ls-[0-9a-f]{20}"));
        // whole leases hold devices of one node, each device held by its lease only
        Set<String> held = new HashSet<>();
        for (RestartFleet.Lease l : f.leases()) {
            if (l.slice() == null) {
                assertThat(List.of(1, 2, 4, 8)).contains(l.devices().size());
                l.devices().forEach(d -> assertThat(held.add(l.node().nodeId() + "/" + d.deviceKey())).isTrue());
            } else {
                assertThat(l.share()).isPositive().isLessThanOrEqualTo(java.math.BigDecimal.ONE);
            }
        }
        assertThat(held).hasSize((int) f.wholeHeldDevices());
        // about 40 % of the devices busy, three quarters of that whole; partitions and shares both present
        double busy = (double) (f.wholeHeldDevices() + f.slicedDevices()) / f.devices().size();
        assertThat(busy).isBetween(0.3, 0.45);
        assertThat((double) f.wholeHeldDevices() / f.devices().size()).isBetween(0.25, 0.35);
        Set<DeviceMode> modes = f.devices().stream().flatMap(d -> d.slices().stream()).map(Allocation::mode)
                .collect(Collectors.toSet());
        assertThat(modes).contains(DeviceMode.MIG, DeviceMode.VNPU, DeviceMode.SOFT);
        assertThat(f.freeDevices()).isEqualTo(f.devices().size() - f.wholeHeldDevices() - f.slicedDevices());
    }

    @Test
    void theFleetIsDeterministicAndLeasedZeroLeavesEverythingFree() {
        assertThat(RestartFleet.of(fleet(100), 0.4, 42).describe())
                .isEqualTo(RestartFleet.of(fleet(100), 0.4, 42).describe());
        RestartFleet idle = RestartFleet.of(fleet(100), 0, 42);
        assertThat(idle.leases()).isEmpty();
        assertThat(idle.freeDevices()).isEqualTo(idle.devices().size());
        assertThatThrownBy(() -> RestartFleet.of(fleet(1), 1.2, 42)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csvRowsQuoteEverythingButNull() throws Exception {
        StringWriter w = new StringWriter();
        RestartFleetCopy.row(w, "a", null, 3, "[{\"kind\":\"MIG\",\"name\":\"1g, 10gb\"}]", true);
        assertThat(w.toString()).isEqualTo("\"a\",,\"3\",\"[{\"\"kind\"\":\"\"MIG\"\",\"\"name\"\":\"\"1g, 10gb\"\"}]\","
                + "\"true\"\n");
    }

    @Test
    void theLogLinesAreFound() {
        List<String> log = List.of(
                "17:01:02.100 INFO  [or.fl.co.in.co.DbMigrate] Schema \"public\" is up to date.",
                "17:01:04.250 INFO  [io.co.sc.pl.CapacitySnapshots] capacity model read whole: 10000 nodes, 66680"
                        + " devices in 2345 ms",
                "17:01:05.001 INFO  [io.quarkus] computenet-scheduler 0.1.0-SNAPSHOT on JVM (powered by Quarkus"
                        + " 3.32.1) started in 6.789s. Listening on: http://127.0.0.1:40000",
                "17:09:00.000 INFO  [io.co.sc.pl.CapacitySnapshots] capacity model read whole: 10000 nodes, 66680"
                        + " devices in 99 ms");
        SchedulerStartLog.Times t = SchedulerStartLog.times(log).orElseThrow();
        assertThat(t.modelNodes()).isEqualTo(10_000);
        assertThat(t.modelDevices()).isEqualTo(66_680);
        assertThat(t.modelReadMs()).isEqualTo(2345);
        assertThat(t.modelReadAt()).isEqualTo(LocalTime.of(17, 1, 4, 250_000_000));
        assertThat(t.quarkusStartedS()).isEqualTo(6.789);
        assertThat(SchedulerStartLog.times(log.subList(0, 1))).isEmpty();
    }

    @Test
    void arithmetic() throws Exception {
        assertThat(SchedulerRestartHarness.median(new long[] {5, 1, 3})).isEqualTo(3);
        assertThat(SchedulerRestartHarness.median(new long[] {4, 1, 3, 2})).isEqualTo(2);
        assertThat(SchedulerStartLog.millisBetween(LocalTime.of(23, 59, 59), LocalTime.of(0, 0, 1)))
                .isEqualTo(2000);
        assertThat(SchedulerStartLog.millisBetween(LocalTime.of(10, 0), LocalTime.of(10, 0, 3)))
                .isEqualTo(3000);
        int[] t = SchedulerRestartHarness.tally(new ObjectMapper().readTree("[{\"nodes\":2,\"totalDevices\":16,"
                + "\"freeDevices\":9},{\"nodes\":1,\"totalDevices\":4,\"freeDevices\":4}]"));
        assertThat(t).containsExactly(3, 20, 13);
        assertThat(SchedulerRestartHarness.resultLine(10_000, 66_680, 21_000, 2345, 8100, 8300, 3)).isEqualTo(
                "RESULT nodes=10000 devices=66680 leases=21000 model_read_ms=2345 ready_ms=8100 capacity_ms=8300"
                        + " restarts=3");
        assertThat(RestartPods.podName("ls-ABC")).isEqualTo("lease-ls-abc");
    }
}
