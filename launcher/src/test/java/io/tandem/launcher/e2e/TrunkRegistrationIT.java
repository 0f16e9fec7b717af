package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A Trunk with {@code sendRegister: true} registers with its carrier (SIPp as the registrar on
 * 127.0.0.1): answers the 401 with its credentials, refreshes the 2 s binding with credentials, shows
 * REGISTERED in {@code /readyz}, and de-registers (Expires: 0) when stopped with SIGTERM.
 */
class TrunkRegistrationIT extends E2eFixture {
    @Test
    void registersRefreshesAndDeregistersOnStop() throws Exception {
        int sipPort = Ports.free();
        int carrierPort = Ports.free();
        Path config = dir.resolve("config");
        write(config, "edgeport.yaml", edgePortYaml(sipPort));
        write(config, "resources/credentials.yaml", """
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-acme
              metadata:
                name: Acme outbound
              spec:
                credentials:
                  username: acme
                  password: acme-secret
            """);
        write(config, "resources/trunks.yaml", """
            - apiVersion: v2beta1
              kind: Trunk
              ref: trunk-acme
              metadata:
                name: Acme
              spec:
                outbound:
                  sendRegister: true
                  credentialsRef: cred-acme
                  uris:
                    - uri:
                        host: 127.0.0.1
                        port: %d
                        transport: udp
                      enabled: true
            """.formatted(carrierPort));
        CarrierSipp registrar = closeAfter(CarrierSipp.start(dir, "carrier-registrar", "carrier-registrar.xml", "127.0.0.1",
            carrierPort, null, "x", 1, Map.of()));
        diagnostic("carrier-registrar", registrar::describe);

        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp());
        TandemProcess.Http ready = tandem.awaitHttp("/readyz",
            h -> h.status() == 200 && h.body().contains("trunk trunk-acme: REGISTERED"), "/readyz 200 with the trunk REGISTERED",
            Duration.ofSeconds(60));
        assertThat(ready.body()).startsWith("ok\n").contains("at sip:127.0.0.1:" + carrierPort);

        // two refreshes of the 2 s binding (about one a second), each with credentials (the scenario checks them)
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (registers(registrar.messageLog()) < 4 && System.nanoTime() < end) {
            TandemProcess.sleep(100);
        }
        assertThat(registers(registrar.messageLog())).as("REGISTERs the registrar received").isGreaterThanOrEqualTo(4);

        tandem.sigterm();
        assertThat(tandem.awaitExit(Duration.ofSeconds(20))).isZero();
        registrar.assertSuccess();
        assertThat(registrar.messageLog()).containsPattern("Expires: 0\\s");
        assertThat(tandem.stdout() + tandem.stderr()).contains("trunk trunk-acme: registered at sip:127.0.0.1:" + carrierPort)
            .contains("trunk trunk-acme: de-registered");
    }

    /** The REGISTER requests in SIPp's message log (each logged once when received). */
    private static int registers(String log) {
        Matcher m = Pattern.compile("(?m)^REGISTER sip:").matcher(log);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
