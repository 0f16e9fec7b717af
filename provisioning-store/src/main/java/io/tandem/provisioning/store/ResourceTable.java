package io.tandem.provisioning.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * The tables of the store (migrations {@code db/provisioning}, history in {@code tandem_provisioning_schema_history};
 * the same SQL on H2 and PostgreSQL): plain JDBC, each change in one transaction.
 */
final class ResourceTable implements AutoCloseable {
    /** A row of {@code resources}. */
    record Row(String ref, String kind, String document, String sealedPassword, long position, Instant createdAt, Instant updatedAt) {
    }

    /** Work inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;

    ResourceTable(String jdbcUrl, String username, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(username);
        c.setPassword(password);
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(0);
        c.setPoolName("tandem-provisioning");
        c.setConnectionTimeout(2_000); // below the health check's 3 s, so /readyz names the unreachable database
        c.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(c);
    }

    /** The H2 database file {@code dir/provisioning.mv.db}; {@code AUTO_SERVER} lets {@code tandem import} write while Tandem runs. */
    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("provisioning") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    void migrate() {
        Flyway.configure(ResourceTable.class.getClassLoader()).dataSource(pool).locations("classpath:db/provisioning")
            .table("tandem_provisioning_schema_history").load().migrate();
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The revision, read on its own connection (the poll and the readiness check). */
    long revision() throws SQLException {
        try (Connection c = pool.getConnection()) {
            return revision(c);
        }
    }

    static long revision(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT revision FROM store_revision WHERE id = 1"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Bumps the revision, which locks its row until the transaction ends: writers of every server go one at a time. */
    static long bump(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE store_revision SET revision = revision + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
        return revision(c);
    }

    static List<Row> all(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT ref, kind, document, sealed_password, seq, created_at, updated_at FROM resources ORDER BY seq");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                    rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()));
            }
        }
        return rows;
    }

    static void insert(Connection c, Row r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO resources (ref, kind, document, sealed_password, seq, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, r.ref());
            s.setString(2, r.kind());
            s.setString(3, r.document());
            s.setString(4, r.sealedPassword());
            s.setLong(5, r.position());
            s.setTimestamp(6, Timestamp.from(r.createdAt()));
            s.setTimestamp(7, Timestamp.from(r.updatedAt()));
            s.executeUpdate();
        }
    }

    static void update(Connection c, Row r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE resources SET document = ?, sealed_password = ?, updated_at = ? WHERE ref = ?")) {
            s.setString(1, r.document());
            s.setString(2, r.sealedPassword());
            s.setTimestamp(3, Timestamp.from(r.updatedAt()));
            s.setString(4, r.ref());
            s.executeUpdate();
        }
    }

    static void delete(Connection c, String ref) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM resources WHERE ref = ?")) {
            s.setString(1, ref);
            s.executeUpdate();
        }
    }

    static void audit(Connection c, AuditEntry a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (changed_at, actor, action, kind, ref, document) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(a.at()));
            s.setString(2, a.actor());
            s.setString(3, a.action());
            s.setString(4, a.kind());
            s.setString(5, a.ref());
            s.setString(6, a.document());
            s.executeUpdate();
        }
    }

    /** The last {@code limit} audit entries, newest first. */
    List<AuditEntry> audits(int limit) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT changed_at, actor, action, kind, ref, document FROM audit_log ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        pool.close();
    }
}
