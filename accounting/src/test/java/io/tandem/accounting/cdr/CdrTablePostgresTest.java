package io.tandem.accounting.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.accounting.call.Disposition;
import io.tandem.testkit.PostgresServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same migrations and statements on a private PostgreSQL (initdb into a temporary directory). */
class CdrTablePostgresTest {
    @Test
    void migratesWritesOnceAndFinds() throws Exception {
        assumeTrue(PostgresServer.binaries() != null, "PostgreSQL is not installed (Debian package postgresql)");
        try (PostgresServer pg = PostgresServer.start()) {
            CdrTable table = new CdrTable(pg.jdbcUrl(), "postgres", "");
            try {
                List<Cdr> batch = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    batch.add(Cdr.of(CdrId.next(Calls.T0 + i), i % 4 == 0 ? Calls.busy(i) : Calls.answered(i), null));
                }
                table.write(batch);
                table.write(batch.subList(0, 5));
                assertThat(table.count()).isEqualTo(20);
                Instant from = Instant.ofEpochMilli(Calls.T0 + 5_000);
                Instant to = Instant.ofEpochMilli(Calls.T0 + 10_000);
                assertThat(table.find(new CdrTable.CdrFilter(from, to, null, null, null, null, 0)))
                    .extracting(Cdr::callId).containsExactly("call-5", "call-6", "call-7", "busy-8", "call-9");
                assertThat(table.find(new CdrTable.CdrFilter(null, null, "+14045559999", null, null, Disposition.BUSY, 0))).hasSize(5);
            } finally {
                table.close();
            }
        }
    }
}
