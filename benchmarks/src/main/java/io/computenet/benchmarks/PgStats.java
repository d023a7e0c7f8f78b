package io.computenet.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's side of the run, read over JDBC as the superuser: per-statement execution time from
 * {@code pg_stat_statements} (the server is started with it preloaded; the extension lives in the {@code postgres}
 * database so that the scheduler's Flyway schema stays as the scheduler expects it), the scheduler database's
 * transaction and row counters, and backlogs left in the scheduler's tables.
 */
final class PgStats implements AutoCloseable {

    /** One statement's share of the measured phase. */
    record TopStatement(long calls, double totalMs, double meanMs, long rows, String query) {
    }

    private final Connection admin;
    private final Connection scheduler;

    PgStats(int port, String user, String password) throws SQLException {
        admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", user, password);
        admin.setAutoCommit(true);
        try (Statement s = admin.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
        }
        scheduler = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/scheduler", user, password);
        scheduler.setAutoCommit(true);
    }

    /** The settings that decide what a commit costs, and the server version. */
    Map<String, String> settings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : List.of("server_version", "fsync", "synchronous_commit", "full_page_writes",
                "shared_buffers", "max_connections")) {
            try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("show " + name)) {
                r.next();
                settings.put(name, r.getString(1));
            }
        }
        return settings;
    }

    /** The server processes (backends) connected to {@code database} now. */
    java.util.Set<Long> backends(String database) {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        try (var s = admin.prepareStatement("select pid from pg_stat_activity where datname = ?")) {
            s.setString(1, database);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    pids.add(r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_activity", e);
        }
        return pids;
    }

    /** Starts the statement statistics afresh. */
    void reset() throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("select pg_stat_statements_reset()");
        }
    }

    /** The scheduler database's counters since the server started (transactions, rows). */
    Map<String, Long> databaseCounters() throws SQLException {
        Map<String, Long> counters = new LinkedHashMap<>();
        try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("select xact_commit, xact_rollback,"
                + " tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_hit, blks_read"
                + " from pg_stat_database where datname = 'scheduler'")) {
            if (r.next()) {
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    counters.put(r.getMetaData().getColumnName(i), r.getLong(i));
                }
            }
        }
        return counters;
    }

    /** The statements of the scheduler database with the most execution time since {@link #reset()}. */
    List<TopStatement> top(int limit) throws SQLException {
        List<TopStatement> top = new ArrayList<>();
        try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("select calls, total_exec_time,"
                + " mean_exec_time, rows, query from pg_stat_statements where dbid = (select oid from pg_database"
                + " where datname = 'scheduler') order by total_exec_time desc limit " + limit)) {
            while (r.next()) {
                top.add(new TopStatement(r.getLong(1), r.getDouble(2), r.getDouble(3), r.getLong(4),
                        r.getString(5).replaceAll("\\s+", " ").strip()));
            }
        }
        return top;
    }

    /** Total execution time and calls of all the scheduler database's statements since {@link #reset()}. */
    double[] totals() throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("select coalesce(sum(calls), 0),"
                + " coalesce(sum(total_exec_time), 0) from pg_stat_statements where dbid = (select oid from"
                + " pg_database where datname = 'scheduler')")) {
            r.next();
            return new double[] {r.getDouble(1), r.getDouble(2)};
        }
    }

    /** Outbox rows not yet relayed to Kafka. */
    long outboxBacklog() throws SQLException {
        return count("select count(*) from outbox where published_at is null");
    }

    /** Ended leases whose Pod the reconciler has not deleted yet, and live leases (not yet ended). */
    long[] reconcileBacklog() throws SQLException {
        return new long[] {
            count("select count(*) from leases where pod_deleted = false and state in"
                    + " ('RELEASED', 'EXPIRED', 'FAILED', 'PREEMPTED')"),
            count("select count(*) from leases where state in ('SCHEDULED', 'STARTING', 'RUNNING', 'QUEUED')")};
    }

    /** Rows in the tables that grow with every lease. */
    Map<String, Long> tableRows() throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : List.of("leases", "outbox", "slice_allocations", "devices", "nodes",
                "processed_events")) {
            rows.put(table, count("select count(*) from " + table));
        }
        return rows;
    }

    private long count(String sql) throws SQLException {
        try (Statement s = scheduler.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * The report's PostgreSQL section: the scheduler database's commits, rollbacks and rows read per lease, then its
     * statements by execution time ({@code pg_stat_statements}) between {@link #reset} and {@code statements}.
     */
    static void report(Map<String, Long> before, Map<String, Long> after, List<TopStatement> statements,
                       double[] totals, double seconds, long leases) {
        long commits = after.getOrDefault("xact_commit", 0L) - before.getOrDefault("xact_commit", 0L);
        long rollbacks = after.getOrDefault("xact_rollback", 0L) - before.getOrDefault("xact_rollback", 0L);
        long returned = after.getOrDefault("tup_returned", 0L) - before.getOrDefault("tup_returned", 0L);
        System.out.printf("scheduler database: %.0f commits/s, %.0f rollbacks/s, %,.0f rows read per lease created"
                        + " (tup_returned; the statistics lag by up to a second)%n", commits / seconds,
                rollbacks / seconds, leases == 0 ? 0.0 : (double) returned / leases);
        System.out.printf("statements: %,.0f calls, %,.0f ms execution in all (%.2f of the wall time; includes"
                        + " waiting for locks)%n", totals[0], totals[1], totals[1] / 1000 / seconds);
        System.out.println("     calls   total ms   mean ms   share  statement");
        for (TopStatement s : statements) {
            String q = s.query().length() > 110 ? s.query().substring(0, 107) + "..." : s.query();
            System.out.printf("%10d %10.0f %9.3f %6.1f%%  %s%n", s.calls(), s.totalMs(), s.meanMs(),
                    totals[1] > 0 ? s.totalMs() * 100 / totals[1] : 0.0, q);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            admin.close();
        } finally {
            scheduler.close();
        }
    }
}
