package io.tandem.edgeport.config;

import io.tandem.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of mistake is refused with the file, the field's path and the reason. */
class InvalidConfigTest {
    @TempDir
    Path dir;

    private static final String HEAD = "kind: EdgePort\napiVersion: v2beta1\nref: e1\n";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        spec: {transport: [{protocol: udp, port: 5060}, {protocol: tcp, port: 70000}]}  | spec.transport[1].port: must have a maximum value of 65535
        spec: {transport: [{protocol: sctp, port: 5060}]}                              | spec.transport[0].protocol: does not have a value in the enumeration
        spec: {transport: [{protocol: udp}]}                                           | spec.transport[0].port: is required
        spec: {transport: [{protocol: udp, port: 5060, bindaddr: 1.2.3.4}]}            | spec.transport[0].bindaddr: unknown field
        spec: {transport: []}                                                          | spec.transport: must have at least 1 items
        spec: {bindAddr: 0.0.0.0}                                                      | spec.transport: is required
        spec: {transport: [{protocol: udp, port: 5060}], limits: {maxConection: 5}}     | spec.limits.maxConection: unknown field
        spec: {transport: [{protocol: udp, port: 5060}], limits: {maxMessageSize: 10}}  | spec.limits.maxMessageSize: must have a minimum value of 1024
        spec: {transport: [{protocol: udp, port: 5060}], timers: {t1: 0}}               | spec.timers.t1: must have a minimum value of 1
        spec: {transport: [{protocol: udp, port: 5060}], timers: {t1: 900, t2: 800}}    | spec.timers.t2: must not be less than t1
        spec: {transport: [{protocol: udp, port: 5060}], timers: {linger: 600}}         | spec.timers.linger: must be 0 (the RFC's 64·T1) or at least 2·t1 (1000 ms), not 600
        spec: {transport: [{protocol: udp, port: 5060}], timers: {linger: -1}}          | spec.timers.linger: must have a minimum value of 0
        spec: {transport: [{protocol: udp, port: 5060}], unknownMethodAction: Reject}   | spec.unknownMethodAction: does not have a value in the enumeration
        spec: {transport: [{protocol: udp, port: 5060}], methods: [INVITE, 'NO WAY']}   | spec.methods[1]: does not match the regex pattern
        spec: {transport: [{protocol: tcp, port: 5060}, {protocol: ws, port: 5060}]}   | spec.transport[1].port: TCP port 5060 on 0.0.0.0 is already used by spec.transport[0] (tcp)
        spec: {transport: [{protocol: udp, port: 5060}, {protocol: udp, port: 5060, bindAddr: 10.0.0.1}]} | spec.transport[1].port: UDP port 5060 on 10.0.0.1 is already used by spec.transport[0]
        spec: {transport: [{protocol: tls, port: 5061}]}                               | spec.transport[0].protocol: tls needs spec.securityContext.keyStore, or certificate and privateKey
        spec: {transport: [{protocol: wss, port: 443}], securityContext: {keyStore: nowhere.p12}} | spec.securityContext.keyStore: file not found or not readable
        spec: {transport: [{protocol: tcp, port: 5060}], securityContext: {certificate: c.pem}}   | spec.securityContext.privateKey: certificate and privateKey must be given together
        spec: {transport: [{protocol: tcp, port: 5060}], securityContext: {keyStoreType: nope}}   | spec.securityContext.keyStoreType: unknown keystore type nope
        spec: {transport: [{protocol: tcp, port: 5060}], securityContext: {keystore: x}}          | spec.securityContext.keystore: unknown field
        spec: {transport: [{protocol: tcp, port: 5060}], securityContext: {client: {authType: Maybe}}} | spec.securityContext.client.authType: does not have a value in the enumeration
        spec: {transport: [{protocol: udp, port: 5060}], localnets: [10.0.0.0/8, 10.0.0.0/33]}     | spec.localnets[1]: '10.0.0.0/33': prefix length 33 is over 32
        spec: {transport: [{protocol: udp, port: 5060}], localnets: [intranet]}                   | spec.localnets[0]: 'intranet' is not an IP address, CIDR network or address/mask
        spec: {transport: [{protocol: udp, port: 5060}], bindAddr: sip.example.com}               | spec.bindAddr: not an IP address: sip.example.com
        spec: {transport: [{protocol: udp, port: 5060, bindAddr: '10.0.0'}]}                     | spec.transport[0].bindAddr: not an IP address
        spec: {transport: [{protocol: udp, port: 5060}], externalAddrs: [1.2.3.4, 1.2.3.4]}       | spec.externalAddrs: must have only unique items
        spec: {transport: [{protocol: udp, port: 5060}], proxy: {processorTimeout: 0}}            | spec.proxy.processorTimeout: must have a minimum value of 1
        spec: {transport: [{protocol: udp, port: 5060}], proxy: {server: x}}                      | spec.proxy.server: unknown field
        spec: 42                                                                       | spec: integer found, object expected
        """)
    void refused(String spec, String expected) throws Exception {
        Path file = dir.resolve("edgeport.yaml");
        Files.writeString(file, HEAD + spec + "\n");
        assertThatThrownBy(() -> EdgePortConfig.load(file)).isInstanceOf(ConfigException.class)
            .hasMessageContaining(file + ": " + expected);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        kind: Agent                | kind: must be the constant value 'EdgePort'
        kind: EdgePort             | apiVersion: is required
        apiVersion: v3             | apiVersion: does not have a value in the enumeration
        """)
    void refusedHeader(String line, String expected) throws Exception {
        Path file = dir.resolve("header.yaml");
        String doc = line.startsWith("apiVersion") ? "kind: EdgePort\nref: r\n" + line : line + "\nref: r";
        Files.writeString(file, doc + "\nspec: {transport: [{protocol: udp, port: 5060}]}\n");
        assertThatThrownBy(() -> EdgePortConfig.load(file)).isInstanceOf(ConfigException.class)
            .hasMessageContaining(file + ": " + expected);
    }
}
