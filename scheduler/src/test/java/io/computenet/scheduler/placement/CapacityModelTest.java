package io.computenet.scheduler.placement;

import io.agroal.api.AgroalDataSource;
import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live capacity model follows PostgreSQL through the change feed: whatever commits a capacity row (here plain
 * SQL on a connection of its own, as another scheduler instance or an operator's fix would) is in the next snapshot,
 * without the whole fleet being read again; what only heartbeats write is not in the feed.
 */
@QuarkusTest
class CapacityModelTest {

    private static final String NODE = "node-capacity-model";
    /** A model only this test's devices carry, so no other test's lease lands on them. */
    private static final String MODEL = "H20 (capacity model test)";

    @Inject
    CapacitySnapshots snapshots;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    EntityManager em;

    @BeforeEach
    void addNode() throws SQLException {
        removeNode();
        sql("insert into nodes (node_id, operator_id, region, cluster, hostname, schedulable, last_seen_at,"
                + " last_event_at) values ('" + NODE + "', 'op-test', 'cn-east-yrd', 'cn-east-yrd-1', 'h', true,"
                + " now(), now())");
        for (int i = 0; i < 2; i++) {
            sql("insert into devices (node_id, device_key, vendor, model, device_index, memory_mib, health)"
                    + " values ('" + NODE + "', 'dev-" + i + "', 'NVIDIA', '" + MODEL + "', " + i + ", 98304, 'OK')");
        }
    }

    @AfterEach
    void removeNode() throws SQLException {
        sql("delete from leases where lease_id like 'lease-host-cpu-%'");
        sql("delete from node_identities where node_id = '" + NODE + "'");
        sql("delete from nodes where node_id = '" + NODE + "'");
    }

    @Test
    void theInstanceIsReadyOnceTheModelHasBeenReadWhole() {
        // read at start-up; readiness reports it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(snapshots::loaded);
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'capacity-model' }.status", org.hamcrest.Matchers.equalTo("UP"));
    }

    @Test
    void aCapacityChangeCommittedElsewhereIsInTheNextSnapshotWithoutReadingTheFleetAgain() throws SQLException {
        assertThat(free()).containsEntry("dev-0", true).containsEntry("dev-1", true);
        long fullLoads = snapshots.fullLoads();
        long reloads = snapshots.nodeReloads();

        sql("update devices set health = 'CRITICAL' where node_id = '" + NODE + "' and device_key = 'dev-1'");

        assertThat(free()).containsEntry("dev-0", true).containsEntry("dev-1", false);
        assertThat(snapshots.fullLoads()).isEqualTo(fullLoads);
        assertThat(snapshots.nodeReloads()).isGreaterThan(reloads);
    }

    @Test
    void whatHeartbeatsWriteDoesNotFeedTheModel() throws SQLException {
        current();
        long before = feedRows();

        sql("update devices set utilization_pct = 87.5, memory_used_mib = 4096 where node_id = '" + NODE + "'");
        sql("update nodes set last_seen_at = now(), last_event_at = now(), hostname = 'h2' where node_id = '"
                + NODE + "'");

        assertThat(feedRows()).isEqualTo(before);
    }

    @Test
    void aNodeSilentPastTheHeartbeatTimeoutIsNotSchedulableAndComesBackWhenHeard() throws SQLException {
        assertThat(node().schedulable()).isTrue();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("update nodes set last_seen_at = ? where node_id = ?")) {
            p.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(3600)));
            p.setString(2, NODE);
            p.executeUpdate();
        }
        assertThat(node().schedulable()).isFalse();

        sql("update nodes set last_seen_at = now() where node_id = '" + NODE + "'");
        assertThat(node().schedulable()).isTrue();
    }

    @Test
    void aDrainedNodeLeavesTheModelAndAnUndrainBringsItBack() throws SQLException {
        sql("insert into node_identities (node_id, enrollment_id, organisation, region, cluster, enrolled_at)"
                + " values ('" + NODE + "', 'e-1', 'op-test', 'cn-east-yrd', 'cn-east-yrd-1', now())");
        assertThat(node().schedulable()).isTrue();

        sql("update node_identities set drain_deadline = now() + interval '1 hour' where node_id = '" + NODE + "'");
        assertThat(node().schedulable()).isFalse();

        sql("update node_identities set drain_deadline = null where node_id = '" + NODE + "'");
        assertThat(node().schedulable()).isTrue();
    }

    @Test
    void theHostCpuLeftIsWhatTheAgentReportedLessWhatTheNodesLeasesAskedFor() throws SQLException {
        // given: an agent that reports no host, then one that reports 64 CPUs and 512 GiB
        assertThat(node().host()).isNull();
        sql("update nodes set host_cpu_count = 64, host_memory_mib = 524288 where node_id = '" + NODE + "'");
        assertThat(node().host()).isEqualTo(new NodeCapacity.Host(64_000, 524_288));

        // when: a lease that asked for 12 CPUs takes dev-0, and one that named none takes a quarter of dev-1
        lease("lease-host-cpu-1", "12", "1");
        lease("lease-host-cpu-2", "null", "0.25");
        sql("update devices set lease_id = 'lease-host-cpu-1' where node_id = '" + NODE + "' and device_key = 'dev-0'");
        sql("update devices set lease_id = 'lease-host-cpu-2' where node_id = '" + NODE + "' and device_key = 'dev-1'");

        // then: 64 - 12 - 8 x 0.25 (the default, 8 per device, in proportion to the share) = 50 CPUs left
        assertThat(node().host()).isEqualTo(new NodeCapacity.Host(50_000, 524_288));
    }

    private void lease(String id, String cpuCount, String share) throws SQLException {
        sql("insert into leases (lease_id, tenant_id, state, memory_mib_per_device, device_count, workload_class,"
                + " image, duration_seconds, requested_at, cpu_count, share) values ('" + id + "', 't-host', 'RUNNING',"
                + " 1024, 1, 'INFERENCE', 'busybox', 60, now(), " + cpuCount + ", " + share + ")");
    }

    @Test
    void aChangeCommittedAfterALaterOneIsNotMissed() throws SQLException {
        current();
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            try (Statement s = slow.createStatement()) {
                // begins first, commits last
                s.executeUpdate("update devices set lease_id = 'lease-slow' where node_id = '" + NODE
                        + "' and device_key = 'dev-0'");
                assertThat(free()).containsEntry("dev-0", true);

                sql("update devices set lease_id = 'lease-fast' where node_id = '" + NODE
                        + "' and device_key = 'dev-1'");
                assertThat(free()).containsEntry("dev-0", true).containsEntry("dev-1", false);
                // the slow transaction holds the mark back, yet the fast one's node is not read again and again
                assertThat(free()).containsEntry("dev-1", false);
                assertThat(snapshots.lastReloaded()).doesNotContain(NODE);

                slow.commit();
            } finally {
                slow.setAutoCommit(true);
            }
        }
        assertThat(free()).containsEntry("dev-0", false).containsEntry("dev-1", false);
    }

    @Test
    void aTransactionSeesItsOwnChangesButARollbackLeavesNothingInTheSharedModel() {
        assertThat(free()).containsEntry("dev-0", true);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update devices set lease_id = 'lease-own' where node_id = ?1 and device_key = ?2")
                    .setParameter(1, NODE).setParameter(2, "dev-0").executeUpdate();
            assertThat(freeIn(snapshots.current())).containsEntry("dev-0", false);
            QuarkusTransaction.setRollbackOnly();
        })).isInstanceOf(io.quarkus.narayana.jta.QuarkusTransactionException.class);
        assertThat(free()).containsEntry("dev-0", true);
    }

    @Test
    void aTruncatedTableReadsTheModelWhole() throws SQLException {
        current();
        long fullLoads = snapshots.fullLoads();

        sql("insert into capacity_changes (txid, node_id) values (pg_current_xact_id(), '*')");

        assertThat(free()).containsEntry("dev-0", true);
        assertThat(snapshots.fullLoads()).isEqualTo(fullLoads + 1);
    }

    @Test
    void oldFeedRowsArePruned() throws SQLException {
        sql("insert into capacity_changes (txid, node_id, changed_at) values (pg_current_xact_id(), 'gone-node',"
                + " now() - interval '11 minutes')");

        assertThat(snapshots.pruneFeed()).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from capacity_changes where node_id = 'gone-node'")).isZero();
    }

    private java.util.List<NodeCapacity> current() {
        return QuarkusTransaction.requiringNew().call(snapshots::current);
    }

    private NodeCapacity node() {
        return current().stream().filter(n -> n.nodeId().equals(NODE)).findFirst().orElseThrow();
    }

    private Map<String, Boolean> free() {
        return freeIn(current());
    }

    private static Map<String, Boolean> freeIn(java.util.List<NodeCapacity> snapshot) {
        return snapshot.stream().filter(n -> n.nodeId().equals(NODE)).findFirst().orElseThrow().devices().stream()
                .collect(Collectors.toMap(DeviceSlot::deviceKey, DeviceSlot::free));
    }

    private long feedRows() throws SQLException {
        return count("select count(*) from capacity_changes where node_id = '" + NODE + "'");
    }

    private long count(String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
