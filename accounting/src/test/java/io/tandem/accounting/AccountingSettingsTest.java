package io.tandem.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountingSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theTimeoutsAreReadInSecondsAndKeepAlivesAreOffByDefault() throws IOException {
        assertThat(AccountingSettings.load(dir).timeouts().keepAliveMillis()).isZero();
        Files.writeString(dir.resolve("accounting.yaml"), """
            kind: Accounting
            spec:
              timeouts: {keepAliveSeconds: 1.5, maxDurationSeconds: 8, sweepMillis: 50}
            """);
        var t = AccountingSettings.load(dir).timeouts();
        assertThat(t.keepAliveMillis()).isEqualTo(1_500);
        assertThat(t.maxDurationMillis()).isEqualTo(8_000);
        assertThat(t.sweepMillis()).isEqualTo(50);
        assertThat(t.noAckMillis()).isEqualTo(32_000);
    }

    @Test
    void aBadTimeoutIsRefusedNamingTheFileAndTheField() throws IOException {
        Path file = dir.resolve("accounting.yaml");
        Files.writeString(file, "kind: Accounting\nspec:\n  timeouts: {keepAliveSeconds: -1}\n");
        assertThatThrownBy(() -> AccountingSettings.load(dir)).isInstanceOf(IOException.class)
            .hasMessage(file + ": spec.timeouts.keepAliveSeconds must be a number of seconds, 0 or more (0: never), not -1");
        Files.writeString(file, "kind: Accounting\nspec:\n  timeouts: {sweepMillis: 0}\n");
        assertThatThrownBy(() -> AccountingSettings.load(dir)).hasMessageContaining("spec.timeouts.sweepMillis must be a number above 0");
        Files.writeString(file, "kind: Accounting\nspec:\n  timeouts: {maxDurationSeconds: soon}\n");
        assertThatThrownBy(() -> AccountingSettings.load(dir)).hasMessageContaining("spec.timeouts.maxDurationSeconds");
    }
}
