package io.computenet.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresServerTest {

    @Test
    void theDurableSettingsTurnFsyncAndSynchronousCommitOnDespiteTheEmbeddedDefaults(@TempDir Path dir) {
        // when
        try (PostgresServer durable = PostgresServer.start(Ports.free(), dir.resolve("durable"), List.of("d"),
                PostgresServer.DURABLE);
             PostgresServer fast = PostgresServer.start(Ports.free(), dir.resolve("fast"), List.of("f"), Map.of())) {
            // then
            assertThat(durable.setting("fsync")).isEqualTo("on");
            assertThat(durable.setting("synchronous_commit")).isEqualTo("on");
            assertThat(fast.setting("fsync")).isEqualTo("off");
            assertThat(fast.setting("synchronous_commit")).isEqualTo("off");
        }
    }

    @Test
    void aRestartKeepsThePortAndTheCommittedDataAndBreaksOpenConnections(@TempDir Path dir) throws Exception {
        // given: a committed row and an open connection
        try (PostgresServer server = PostgresServer.start(Ports.free(), dir.resolve("pg"), List.of("d"));
             java.sql.Connection before = server.connect("d")) {
            try (java.sql.Statement s = before.createStatement()) {
                s.execute("create table kept (id int primary key)");
                s.execute("insert into kept values (42)");
            }
            long pidBefore = server.pid().orElseThrow();

            // when
            server.restart();

            // then: a new postmaster on the same port with the same data; the old connection is gone
            assertThat(server.pid()).isPresent().get().isNotEqualTo(pidBefore);
            assertThat(before.isValid(2)).isFalse();
            try (java.sql.Connection after = java.sql.DriverManager.getConnection(server.jdbcUrl("d"),
                    PostgresServer.USER, "postgres");
                 java.sql.ResultSet r = after.createStatement().executeQuery("select id from kept")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(42);
            }
        }
        // and: closing removes the data directory
        assertThat(dir.resolve("pg")).doesNotExist();
    }
}
