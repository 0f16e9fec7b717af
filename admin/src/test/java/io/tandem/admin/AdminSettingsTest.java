package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spec.api} of provisioning.yaml: TLS files are checked at load, a refusal names the field. */
class AdminSettingsTest {
    @TempDir
    Path config;

    private void write(String api) throws Exception {
        Files.writeString(config.resolve("provisioning.yaml"), """
            kind: Provisioning
            spec:
              provider: database
              api:
                keys: [{id: ops, secret: "admin-secret-0123456789", role: admin}]
            """ + api);
    }

    @Test
    void withoutTlsThereIsNoHttpsPort() throws Exception {
        write("");
        AdminSettings s = AdminSettings.load(config);
        assertThat(s.tls()).isNull();
        assertThat(s.https()).isNull();
        assertThat(s.grpc().getPort()).isEqualTo(AdminSettings.DEFAULT_PORT);
    }

    @Test
    void aMissingCertificateIsRefusedNamingTheField() throws Exception {
        write("    tls: {certificate: api.crt, privateKey: api.key}\n");
        assertThatThrownBy(() -> AdminSettings.load(config)).isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.toString()).contains("spec.api.tls").contains("api.crt").contains("cannot read the file");
            }));
    }

    @Test
    void aFileThatIsNotPemIsRefusedAtLoad() throws Exception {
        Files.writeString(config.resolve("api.crt"), "not a certificate");
        Files.writeString(config.resolve("api.key"), "not a key");
        write("    tls: {certificate: api.crt, privateKey: api.key}\n    httpsListen: 127.0.0.1:0\n");
        assertThatThrownBy(() -> AdminSettings.load(config)).isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.toString()).contains("spec.api.tls").contains("TLS for HTTPS")));
    }

    @Test
    void anUnknownTlsFieldIsRefused() throws Exception {
        write("    tls: {certificate: a, privateKey: b, colour: red}\n");
        assertThatThrownBy(() -> AdminSettings.load(config)).isInstanceOf(ConfigException.class).hasMessageContaining("colour");
    }
}
