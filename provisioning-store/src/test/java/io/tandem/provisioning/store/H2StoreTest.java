package io.tandem.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on H2 embedded, its default: a file in the data directory. */
class H2StoreTest extends StoreContract {
    @TempDir
    Path data;

    @Override
    StoreSettings settings() {
        return StoreSettings.h2(data);
    }

    @Test
    void theDatabaseIsAFileOfTheDataDirectory() {
        seed();
        assertThat(Files.exists(data.resolve("provisioning.mv.db"))).isTrue();
    }
}
