package io.tandem.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.provisioning.Kind;
import io.tandem.provisioning.store.StoreException.Reason;
import io.tandem.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store on a real PostgreSQL, started by the test on a free loopback port. */
class PostgresStoreTest extends StoreContract {
    static PostgresServer pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    StoreSettings settings() {
        return new StoreSettings(true, pg.jdbcUrl(), "postgres", "", 1000);
    }

    @BeforeEach
    @Override
    void open() {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "")) {
            c.createStatement().execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        super.open();
    }

    /** Last (the name sorts after the others' in JUnit's default order is not guaranteed: it restarts PostgreSQL itself). */
    @Test
    void withPostgresqlDownWritesFailClearlyPingFailsAndTheSnapshotStays() throws Exception {
        seed();
        PostgresServer down = pg;
        pg.close();
        try {
            assertThatThrownBy(() -> store.create(Kind.DOMAIN, Docs.domain("domain-02", "two.local"), "test"))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("provisioning database unreachable: ");
                });
            assertThatThrownBy(() -> store.ping().toCompletableFuture().get()).isInstanceOf(ExecutionException.class)
                .cause().hasMessageStartingWith("provisioning database unreachable: ");
            assertThat(store.findAgent("1001", "sip.local")).isNotNull();
            assertThat(store.reload()).singleElement().satisfies(e -> assertThat(e.reason()).startsWith("provisioning database unreachable"));
            assertThat(store.findAgent("1001", "sip.local")).isNotNull();
        } finally {
            store.close();
            pg = PostgresServer.start();
            assertThat(pg).isNotSameAs(down);
            store = StoredProvisioning.open(settings(), KEY);
        }
    }
}
