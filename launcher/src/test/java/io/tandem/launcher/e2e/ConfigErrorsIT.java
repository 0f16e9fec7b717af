package io.tandem.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Ports;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A configuration directory with a mistake: {@code run --config} refuses to start (exit code not
 * 0) and says on standard error which file, which field and why; {@code validate --config} reports
 * the same problem and exits 1; a valid directory validates with exit code 0.
 */
class ConfigErrorsIT extends E2eFixture {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @Test
    void transportPortOutOfRangeIsRefusedByRunAndValidate() throws Exception {
        Path config = dir.resolve("bad-port");
        write(config, "edgeport.yaml", edgePortYaml(5090).replaceFirst("port: 5090", "port: 70000"));
        write(config, "resources/domains.yaml", domain());
        Path file = config.resolve("edgeport.yaml");

        TandemProcess.Result run = TandemProcess.run(dir, "run-bad-port", EXIT, "run", "--config", config.toString(), "--http", freeHttp());
        assertThat(run.exitCode()).as("exit code of run\n" + run.description()).isNotZero();
        assertThat(run.stderr()).as("standard error of run\n" + run.description())
            .contains(file + ": spec.transport[0].port: must have a maximum value of 65535");
        assertThat(run.stdout()).doesNotContain("Tandem started");

        TandemProcess.Result validate = TandemProcess.run(dir, "validate-bad-port", EXIT, "validate", "--config", config.toString());
        assertThat(validate.exitCode()).as("exit code of validate\n" + validate.description()).isEqualTo(1);
        assertThat(validate.stderr()).as("standard error of validate\n" + validate.description())
            .contains(file + ": spec.transport[0].port: must have a maximum value of 65535")
            .contains("1 problem(s)");
    }

    @Test
    void aProcessorAddrThatIsNotHostPortIsRefusedByRunAndValidateNamingTheProcessor() throws Exception {
        Path config = withDomainAnd("bad-addr", "dispatcher.yaml", """
            kind: MessageDispatcher
            apiVersion: v2beta1
            ref: split
            spec:
              processors:
                - {ref: voicemail, addr: "2001:db8::7:51910", methods: [INVITE], matchFunc: "true"}
                - {ref: connect-processor, methods: [REGISTER, INVITE], matchFunc: "true"}
            """);
        String problem = config.resolve("dispatcher.yaml") + ": spec.processors[0].addr: processor voicemail: '2001:db8::7:51910': "
            + "an IPv6 address is written in brackets ([2001:db8::7]:51910)";

        TandemProcess.Result run = TandemProcess.run(dir, "run-bad-addr", EXIT, "run", "--config", config.toString(), "--http", freeHttp());
        assertThat(run.exitCode()).as("exit code of run\n" + run.description()).isEqualTo(2);
        assertThat(run.stderr()).as("standard error of run\n" + run.description()).contains(problem);
        assertThat(run.stdout()).doesNotContain("Tandem started");

        TandemProcess.Result validate = TandemProcess.run(dir, "validate-bad-addr", EXIT, "validate", "--config", config.toString());
        assertThat(validate.exitCode()).as("exit code of validate\n" + validate.description()).isEqualTo(1);
        assertThat(validate.stderr()).as("standard error of validate\n" + validate.description()).contains(problem).contains("1 problem(s)");
    }

    @Test
    void agentReferringToAMissingDomainIsRefusedByRunAndValidate() throws Exception {
        Path config = withDomainAnd("bad-ref", "resources/agents.yaml", """
            - apiVersion: v2beta1
              kind: Agent
              ref: agent-1001
              metadata:
                name: Agent 1001
              spec:
                username: "1001"
                domainRef: dom-missing
            """);
        String problem = config.resolve("resources/agents.yaml") + ": Agent 'agent-1001': spec.domainRef: no Domain with ref 'dom-missing'";

        TandemProcess.Result run = TandemProcess.run(dir, "run-bad-ref", EXIT, "run", "--config", config.toString(), "--http", freeHttp());
        assertThat(run.exitCode()).as("exit code of run\n" + run.description()).isNotZero();
        assertThat(run.stderr()).as("standard error of run\n" + run.description()).contains(problem);
        assertThat(run.stdout()).doesNotContain("Tandem started");

        TandemProcess.Result validate = TandemProcess.run(dir, "validate-bad-ref", EXIT, "validate", "--config", config.toString());
        assertThat(validate.exitCode()).as("exit code of validate\n" + validate.description()).isEqualTo(1);
        assertThat(validate.stderr()).as("standard error of validate\n" + validate.description()).contains(problem).contains("1 problem(s)");
    }

    @Test
    void aNegativeKeepAliveIsRefusedByRunAndValidate() throws Exception {
        Path config = withDomainAnd("bad-keepalive", "accounting.yaml", """
            kind: Accounting
            spec:
              timeouts: {keepAliveSeconds: -5}
            """);
        String problem = config.resolve("accounting.yaml")
            + ": spec.timeouts.keepAliveSeconds must be a number of seconds, 0 or more (0: never), not -5";
        TandemProcess.Result run = TandemProcess.run(dir, "run-bad-keepalive", EXIT, "run", "--config", config.toString(), "--http",
            freeHttp());
        assertThat(run.exitCode()).as("exit code of run\n" + run.description()).isEqualTo(2);
        assertThat(run.stderr()).as("standard error of run\n" + run.description()).contains(problem);
        TandemProcess.Result validate = TandemProcess.run(dir, "validate-bad-keepalive", EXIT, "validate", "--config", config.toString());
        assertThat(validate.exitCode()).as("exit code of validate\n" + validate.description()).isEqualTo(1);
        assertThat(validate.stderr()).as("standard error of validate\n" + validate.description()).contains(problem);
    }

    @Test
    void aMediaEntryForAnUnknownResourceIsRefusedByRunAndValidate() throws Exception {
        Path config = withDomainAnd("bad-media-ref", "media.yaml", """
            kind: Media
            apiVersion: v2beta1
            spec:
              rtpengines: [{addr: "127.0.0.1:2223"}]
              resources:
                - {ref: agent-nobody, record: true}
            """);
        String problem = config.resolve("media.yaml") + ": spec.resources[0].ref: no resource 'agent-nobody' is provisioned";

        TandemProcess.Result run = TandemProcess.run(dir, "run-bad-media-ref", EXIT, "run", "--config", config.toString(), "--http",
            freeHttp());
        assertThat(run.exitCode()).as("exit code of run\n" + run.description()).isNotZero();
        assertThat(run.stderr()).as("standard error of run\n" + run.description()).contains(problem);
        TandemProcess.Result validate = TandemProcess.run(dir, "validate-bad-media-ref", EXIT, "validate", "--config", config.toString());
        assertThat(validate.exitCode()).as("exit code of validate\n" + validate.description()).isEqualTo(1);
        assertThat(validate.stderr()).as("standard error of validate\n" + validate.description()).contains(problem);
    }

    @Test
    void validDirectoryValidates() throws Exception {
        Path config = dir.resolve("valid");
        ConfigDirectoryCallsIT.writeConfig(config, Ports.free(), Ports.free());
        TandemProcess.Result validate = TandemProcess.run(dir, "validate-valid", EXIT, "validate", "--config", config.toString());
        assertThat(validate.exitCode()).as("exit code of validate\n" + validate.description()).isZero();
        assertThat(validate.stdout()).contains(config + ": valid");
        assertThat(validate.stderr()).as("standard error of validate").isBlank();
    }

    @Test
    void trunkWithNeitherAclNorCredentialsValidatesWithAWarning() throws Exception {
        Path config = withDomainAnd("open-trunk", "resources/trunks.yaml", """
            - apiVersion: v2beta1
              kind: Trunk
              ref: trunk-open
              metadata:
                name: Open
              spec:
                inbound:
                  uri: open.e2e.test
                outbound:
                  uris:
                    - uri: {host: 198.51.100.10, port: 5060, transport: udp}
                      priority: 10
                      weight: 10
            """);
        TandemProcess.Result validate = TandemProcess.run(dir, "validate-open-trunk", EXIT, "validate", "--config", config.toString());
        assertThat(validate.exitCode()).as("exit code of validate\n" + validate.description()).isZero();
        assertThat(validate.stdout()).contains(config + ": valid");
        assertThat(validate.stderr()).as("standard error of validate\n" + validate.description())
            .contains("warning: " + config.resolve("resources/trunks.yaml") + ": Trunk 'trunk-open': spec.inbound:")
            .contains("198.51.100.10");
    }

    /** A configuration directory {@code name}: an EdgePort, one Domain and {@code yaml} in {@code file}. */
    private Path withDomainAnd(String name, String file, String yaml) throws Exception {
        Path config = dir.resolve(name);
        write(config, "edgeport.yaml", edgePortYaml(Ports.free()));
        write(config, "resources/domains.yaml", domain());
        write(config, file, yaml);
        return config;
    }

    private static String domain() {
        return """
            - apiVersion: v2beta1
              kind: Domain
              ref: dom-e2e
              metadata:
                name: E2E
              spec:
                context:
                  domainUri: e2e.test
            """;
    }
}
