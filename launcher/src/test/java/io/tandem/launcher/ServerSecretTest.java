package io.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.connect.auth.NonceService;
import io.tandem.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSecretTest {
    @TempDir
    Path dir;

    @Test
    void firstRunCreatesThirtyTwoRandomBytesReadableByTheOwnerOnlyAndLaterRunsReuseThem() throws Exception {
        ServerSecret first = ServerSecret.resolve(Map.of(), null, dir);
        Path file = dir.resolve("secret");
        assertThat(Files.readAllBytes(file)).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.origin()).isEqualTo(file + " (created now)");
        try (var s = Files.list(dir)) {
            assertThat(s).as("no temporary file left").containsExactly(file);
        }

        ServerSecret again = ServerSecret.resolve(Map.of(), null, dir);
        assertThat(again.origin()).isEqualTo(file.toString());
        assertThat(again.dialogSealKey()).isEqualTo(first.dialogSealKey());
        assertThat(again.nonceKey()).isEqualTo(first.nonceKey());
    }

    @Test
    void theEnvironmentVariableComesFirstThenTheSecretOption() throws Exception {
        Path option = Files.write(dir.resolve("shared.key"), bytes("a secret in a file, long enough"));
        ServerSecret env = ServerSecret.resolve(Map.of("TANDEM_SECRET", "a secret from the environment"), option, dir);
        assertThat(env.origin()).isEqualTo("environment variable TANDEM_SECRET");
        assertThat(env.nonceKey()).isEqualTo(hmac("a secret from the environment", "tandem nonce v1"));

        ServerSecret fromOption = ServerSecret.resolve(Map.of(), option, dir);
        assertThat(fromOption.origin()).isEqualTo("--secret " + option);
        assertThat(fromOption.dialogSealKey()).isEqualTo(hmac("a secret in a file, long enough", "tandem dialog-seal v1"));
        assertThat(dir.resolve("secret")).as("nothing created when a secret is given").doesNotExist();
    }

    @Test
    void theKeysAreDerivedWithDomainSeparationAndTheSecretIsNeverShown() {
        ServerSecret s = ServerSecret.of(bytes("0123456789abcdef0123456789abcdef"), "test");
        assertThat(s.dialogSealKey()).isEqualTo(hmac("0123456789abcdef0123456789abcdef", "tandem dialog-seal v1"))
            .isNotEqualTo(s.nonceKey()).hasSize(32);
        assertThat(s.nonceKey()).isEqualTo(hmac("0123456789abcdef0123456789abcdef", "tandem nonce v1"));
        assertThat(s.toString()).isEqualTo("ServerSecret[from test]").doesNotContain("0123456789abcdef")
            .doesNotContain(HexFormat.of().formatHex(s.nonceKey()));
    }

    @Test
    void aShortOrUnreadableOrMissingSecretIsRefusedNamingItsSource() throws Exception {
        Files.write(dir.resolve("secret"), bytes("fifteen bytes!!"));
        assertThatThrownBy(() -> ServerSecret.resolve(Map.of(), null, dir)).isInstanceOf(ConfigException.class)
            .hasMessage(dir.resolve("secret") + ": secret shorter than 16 bytes (15); use 32 random bytes");
        assertThatThrownBy(() -> ServerSecret.resolve(Map.of("TANDEM_SECRET", "short"), null, dir))
            .hasMessage("environment variable TANDEM_SECRET: secret shorter than 16 bytes (5); use 32 random bytes");

        Path unreadable = Files.createDirectories(dir.resolve("other/secret"));
        assertThatThrownBy(() -> ServerSecret.resolve(Map.of(), null, unreadable.getParent()))
            .hasMessageStartingWith(unreadable + ": secret unreadable (").hasMessageEndingWith("set TANDEM_SECRET or give --secret FILE");
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> ServerSecret.resolve(Map.of(), missing, dir))
            .hasMessageStartingWith("--secret " + missing + ": secret unreadable (java.nio.file.NoSuchFileException");
    }

    /** The point of a shared secret: one server's nonce is valid on another (and not on one with another secret). */
    @Test
    void twoServersWithTheSameSecretAcceptEachOthersNonces() {
        byte[] shared = bytes("one secret for the whole cluster");
        NonceService a = nonces(ServerSecret.of(shared, "a"));
        NonceService b = nonces(ServerSecret.of(shared, "b"));
        NonceService other = nonces(ServerSecret.of(bytes("another cluster's secret, alas"), "c"));
        String nonce = a.issue("pbx.example");
        assertThat(b.check(nonce, "pbx.example")).isEqualTo(NonceService.Check.VALID);
        assertThat(other.check(nonce, "pbx.example")).isEqualTo(NonceService.Check.INVALID);
    }

    private static NonceService nonces(ServerSecret s) {
        return new NonceService(s.nonceKey(), 300_000, System::currentTimeMillis);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(String key, String label) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(bytes(key), "HmacSHA256"));
            return m.doFinal(bytes(label));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
