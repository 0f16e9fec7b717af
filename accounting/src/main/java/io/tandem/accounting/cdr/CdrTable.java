package io.tandem.accounting.cdr;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tandem.accounting.call.Disposition;
import io.tandem.accounting.call.HangupSide;
import io.tandem.accounting.rating.Rating;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * Table {@code cdrs} over JDBC: H2 in the data directory by default (PostgreSQL mode, one set of
 * Flyway migrations for both), PostgreSQL by its JDBC URL. The schema is migrated on the first
 * write, so a database that is down at start only delays the CDRs. A CDR written twice (a retry)
 * is kept once: {@code ON CONFLICT DO NOTHING} (the id, a UUID column, is the only unique column).
 */
public final class CdrTable implements CdrOutlet {
    static final String COLUMNS = "id, call_id, from_tag, to_tag, caller, callee, caller_e164, callee_e164, source_kind, "
        + "source_ref, destination_kind, destination_ref, direction, tenant, edgeport_ref, start_time, answer_time, end_time, "
        + "duration_ms, status, reason, disposition, hangup, rate_deck, rate_prefix, rate_per_minute, billed_seconds, cost, currency, recording";
    private static final String INSERT = "INSERT INTO cdrs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final HikariDataSource pool;
    private volatile boolean migrated;
    private Connection writer;
    private PreparedStatement insert;

    public CdrTable(String jdbcUrl, String username, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(username);
        c.setPassword(password);
        c.setMaximumPoolSize(2);
        c.setMinimumIdle(0);
        c.setPoolName("tandem-cdrs");
        c.setConnectionTimeout(3_000);
        c.setInitializationFailTimeout(-1); // a database that is down at start is retried, not fatal
        this.pool = new HikariDataSource(c);
    }

    /** The H2 database file {@code dir/cdrs.mv.db}; {@code AUTO_SERVER} lets {@code tandem cdrs} read it while Tandem runs. */
    public static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("cdrs") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    @Override
    public String name() {
        return "database";
    }

    /** Applies the migrations (once); also done by the first write. */
    public synchronized void migrate() {
        if (!migrated) {
            Flyway.configure(CdrTable.class.getClassLoader()).dataSource(pool).locations("classpath:db/cdrs")
                .table("tandem_cdrs_schema_history").load().migrate();
            migrated = true;
        }
    }

    /**
     * Inserts the batch in one transaction, as one JDBC batch of the insert prepared once: the
     * writer's connection and statement are kept from batch to batch (on the outlet's thread only),
     * and given back to the pool after a failure, so that the retry starts on a fresh connection.
     */
    @Override
    public void write(List<Cdr> batch) throws SQLException {
        migrate();
        if (insert == null) {
            Connection c = pool.getConnection();
            try {
                c.setAutoCommit(false);
                insert = c.prepareStatement(INSERT);
                writer = c;
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        try {
            for (Cdr cdr : batch) {
                bind(insert, cdr);
                insert.addBatch();
            }
            insert.executeBatch();
            writer.commit();
        } catch (SQLException e) {
            closeWriter(true);
            throw e;
        }
    }

    private void closeWriter(boolean rollback) {
        Connection c = writer;
        writer = null;
        insert = null;
        if (c != null) {
            try (c) {
                if (rollback) {
                    c.rollback();
                }
            } catch (SQLException ignored) {
                // the connection is broken: the pool drops it
            }
        }
    }

    private static void bind(PreparedStatement s, Cdr r) throws SQLException {
        s.setObject(1, UUID.fromString(r.id())); // a UUID column since V4
        s.setString(2, r.callId());
        s.setString(3, r.fromTag());
        s.setString(4, r.toTag());
        s.setString(5, r.caller());
        s.setString(6, r.callee());
        s.setString(7, r.callerE164());
        s.setString(8, r.calleeE164());
        s.setString(9, r.sourceKind());
        s.setString(10, r.sourceRef());
        s.setString(11, r.destinationKind());
        s.setString(12, r.destinationRef());
        s.setString(13, r.direction());
        s.setString(14, r.tenant());
        s.setString(15, r.edgePortRef());
        // an OffsetDateTime is what TIMESTAMP WITH TIME ZONE holds: no conversion through the JVM's time zone
        s.setObject(16, r.start().atOffset(ZoneOffset.UTC));
        s.setObject(17, r.answer() == null ? null : r.answer().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        s.setObject(18, r.end().atOffset(ZoneOffset.UTC));
        s.setLong(19, r.durationMillis());
        s.setInt(20, r.status());
        s.setString(21, r.reason());
        s.setString(22, r.disposition().name());
        s.setString(23, r.hangup().name());
        Rating g = r.rating();
        s.setString(24, g.deck());
        s.setString(25, g.prefix());
        s.setObject(26, g.perMinute(), Types.NUMERIC);
        s.setLong(27, g.billedSeconds());
        s.setObject(28, g.cost(), Types.NUMERIC);
        s.setString(29, g.currency());
        s.setString(30, r.recording());
    }

    /** The CDRs that match {@code f}, oldest first. */
    public List<Cdr> find(CdrFilter f) throws SQLException {
        migrate();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM cdrs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.from() != null) {
            sql.append(" AND start_time >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND start_time < ?");
            args.add(Timestamp.from(f.to()));
        }
        if (f.caller() != null) {
            sql.append(" AND (caller LIKE ? OR caller_e164 LIKE ?)");
            args.add("%" + f.caller() + "%");
            args.add("%" + f.caller() + "%");
        }
        if (f.callee() != null) {
            sql.append(" AND (callee LIKE ? OR callee_e164 LIKE ?)");
            args.add("%" + f.callee() + "%");
            args.add("%" + f.callee() + "%");
        }
        if (f.trunk() != null) {
            sql.append(" AND ((source_kind = 'trunk' AND source_ref = ?) OR (destination_kind = 'trunk' AND destination_ref = ?))");
            args.add(f.trunk());
            args.add(f.trunk());
        }
        if (f.disposition() != null) {
            sql.append(" AND disposition = ?");
            args.add(f.disposition().name());
        }
        sql.append(" ORDER BY start_time, id LIMIT ").append(f.limit());
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<Cdr> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    private static Cdr read(ResultSet rs) throws SQLException {
        Timestamp answer = rs.getTimestamp("answer_time");
        Rating rating = new Rating(rs.getString("rate_deck"), rs.getString("rate_prefix"), rs.getBigDecimal("rate_per_minute"),
            rs.getLong("billed_seconds"), rs.getBigDecimal("cost"), rs.getString("currency"));
        return new Cdr(rs.getString("id"), rs.getString("call_id"), rs.getString("from_tag"), rs.getString("to_tag"),
            rs.getString("caller"), rs.getString("callee"), rs.getString("caller_e164"), rs.getString("callee_e164"),
            rs.getString("source_kind"), rs.getString("source_ref"), rs.getString("destination_kind"), rs.getString("destination_ref"),
            rs.getString("direction"), rs.getString("tenant"), rs.getString("edgeport_ref"), rs.getTimestamp("start_time").toInstant(),
            answer == null ? null : answer.toInstant(), rs.getTimestamp("end_time").toInstant(), rs.getLong("duration_ms"),
            rs.getInt("status"), rs.getString("reason"), Disposition.valueOf(rs.getString("disposition")),
            HangupSide.valueOf(rs.getString("hangup")), rating.prefix() == null ? Rating.NONE : rating,
            rs.getString("recording"));
    }

    /** {@code cdr} as the JSON object published on the CDR subject. */
    public static String json(Cdr cdr) {
        return CdrJson.of(cdr);
    }

    /** How many rows the table holds. */
    public long count() throws SQLException {
        migrate();
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM cdrs");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        closeWriter(false);
        pool.close();
    }

    /** What {@link #find} selects: null fields select everything; caller and callee match a part of the URI or number. */
    public record CdrFilter(Instant from, Instant to, String caller, String callee, String trunk, Disposition disposition, int limit) {
        public CdrFilter {
            limit = limit <= 0 ? 1000 : limit;
        }
    }
}
