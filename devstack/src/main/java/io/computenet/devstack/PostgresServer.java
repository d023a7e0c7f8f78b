package io.computenet.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL 17 server from the embedded binaries jar (not an in-memory fake), with one database per service.
 * It can be stopped and started again on the same port and data directory ({@link #restart()}), as the fault suite
 * does; its data directory is deleted when it is closed.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private final Path dataDir;
    private final int port;
    private final java.util.Map<String, String> serverConfig;
    private EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir, int port,
                           java.util.Map<String, String> serverConfig) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = port;
        this.serverConfig = serverConfig;
    }

    /** The postmaster's process id, from its pid file. */
    public java.util.Optional<Long> pid() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            return java.nio.file.Files.exists(pidFile)
                    ? java.nio.file.Files.readAllLines(pidFile).stream().findFirst().map(String::trim).map(Long::valueOf)
                    : java.util.Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The settings that make a commit survive a power loss. The embedded library starts the server with {@code -F}
     * (fsync off) and {@code synchronous_commit=off}, its defaults for tests; a server setting given with {@code -c}
     * comes after {@code -F} on the command line and wins. The run that {@code ./computenet up} starts uses these;
     * tests and the benchmark harnesses keep the fast defaults.
     */
    public static final java.util.Map<String, String> DURABLE = java.util.Map.of("fsync", "on",
            "synchronous_commit", "on", "full_page_writes", "on");

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDir} (wiped first) and creates the databases, with
     * the embedded library's test settings (fsync and synchronous_commit off: fast, not durable).
     */
    public static PostgresServer start(int port, Path dataDir, List<String> databases) {
        return start(port, dataDir, databases, java.util.Map.of());
    }

    /**
     * As {@link #start(int, Path, List)}, with more server settings ({@code postgresql.conf} names), e.g.
     * {@code shared_preload_libraries=pg_stat_statements} for the load harness.
     */
    public static PostgresServer start(int port, Path dataDir, List<String> databases,
                                       java.util.Map<String, String> serverConfig) {
        try {
            // wiped here rather than by the library, whose clean mode would also delete the data at every stop
            Directories.deleteTree(dataDir);
            EmbeddedPostgres pg = postmaster(port, dataDir, serverConfig);
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                for (String db : databases) {
                    s.execute("CREATE DATABASE \"" + db + "\"");
                }
            }
            return new PostgresServer(pg, dataDir, port, java.util.Map.copyOf(serverConfig));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL on port " + port, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create databases " + databases, e);
        }
    }

    /** Starts a postmaster on {@code dataDir}: a fresh cluster when the directory holds none, else the one there. */
    private static EmbeddedPostgres postmaster(int port, Path dataDir, java.util.Map<String, String> serverConfig)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1");
        serverConfig.forEach(builder::setServerConfig);
        return builder.start();
    }

    /**
     * Stops the server (a fast shutdown: open sessions are ended, committed data stays) and starts it again on the
     * same port, data directory and settings; clients see their connections broken and must reconnect.
     */
    public synchronized void restart() {
        try {
            postgres.close();
            postgres = postmaster(port, dataDir, serverConfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart embedded PostgreSQL on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** A server setting as the running server has it ({@code SHOW name}). */
    public String setting(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SHOW " + name.replaceAll("[^a-z_]", ""))) {
            r.next();
            return r.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read setting " + name, e);
        }
    }

    /** A new connection to {@code database} as the superuser; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return postgres.getDatabase(USER, database).getConnection();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public synchronized void close() {
        try {
            postgres.close();
            Directories.deleteTree(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }
}
