package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.EmbeddedDefaultsIT.finalStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem run --config DIR} with a Routr v2 configuration directory written by the test:
 * agent → agent, agent → PSTN (through the Domain's egress policy, the Number and the Trunk's
 * outbound URI, to a carrier SIPp), PSTN → agent and PSTN → peer pool (by the Number of the
 * Request-URI, the carrier recognized by the Trunk's inbound ACL: it alone sends from 127.0.0.2).
 * Run with {@code --digest MD5}, which Debian's SIPp 3.6 needs.
 */
class ConfigDirectoryCallsIT extends E2eFixture {
    static final String DOMAIN = "pbx.e2e.test";
    static final String CARRIER_IP = "127.0.0.2";
    /** The DID of agent 1001, also the caller ID its calls to the PSTN leave with. */
    static final String DID_1001 = "+17066041487";
    static final String DID_POOL = "+17066040000";
    static final String PSTN_NUMBER = "+14045550123";
    static final String CARRIER_CALLER = "+14045559999";

    @Test
    void agentToAgentAgentToPstnPstnToAgentAndPstnToPeerPool() throws Exception {
        int sipPort = Ports.free();
        int carrierPort = Ports.free();
        Path config = dir.resolve("config");
        writeConfig(config, sipPort, carrierPort);
        assertThat(TandemProcess.run(dir, "validate", Duration.ofSeconds(60), "validate", "--config", config.toString()))
            .satisfies(r -> assertThat(r.exitCode()).as(r.description()).isZero());

        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp(), "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        routeEveryKindOfCall(tandem, sipPort, carrierPort);
    }

    /**
     * The same calls split into four processes on loopback, as Routr lays the components out:
     * {@code tandem location} (memory), {@code tandem connect} using it, {@code tandem dispatcher}
     * routing every method to Connect, and {@code tandem edgeport} sending every request to the
     * Dispatcher; all over gRPC.
     */
    @Test
    void theSameCallsSplitIntoEdgePortDispatcherConnectAndLocation() throws Exception {
        int sipPort = Ports.free();
        int carrierPort = Ports.free();
        int locationPort = Ports.free();
        int connectPort = Ports.free();
        int dispatcherPort = Ports.free();
        Path config = dir.resolve("config");
        writeConfig(config, sipPort, carrierPort);
        write(config, "dispatcher.yaml", """
            kind: MessageDispatcher
            apiVersion: v2beta1
            ref: split
            spec:
              bindAddr: 127.0.0.1:%d
              processors:
                - {ref: connect-processor, addr: "127.0.0.1:%d", methods: [REGISTER, INVITE, MESSAGE, ACK, BYE, CANCEL], matchFunc: "true"}
            """.formatted(dispatcherPort, connectPort));
        TandemProcess location = tandem("location", "location", "--config", config.toString(), "--listen", "127.0.0.1:" + locationPort);
        location.awaitStdout(java.util.regex.Pattern.quote("location (memory) serving gRPC on 127.0.0.1:" + locationPort), Duration.ofSeconds(60));
        TandemProcess connect = tandem("connect", "connect", "--config", config.toString(), "--listen", "127.0.0.1:" + connectPort,
            "--location", "127.0.0.1:" + locationPort, "--digest", "MD5");
        TandemProcess dispatcher = tandem("dispatcher", "dispatcher", "--config", config.toString());
        connect.awaitStdout("connect processor serving gRPC on 127.0.0.1:" + connectPort, Duration.ofSeconds(60));
        dispatcher.awaitStdout("dispatcher split serving gRPC on 127.0.0.1:" + dispatcherPort, Duration.ofSeconds(60));
        TandemProcess edge = tandem("edgeport", "edgeport", "--config", config.toString(), "--http", freeHttp(),
            "--dispatcher", "127.0.0.1:" + dispatcherPort);
        assertThat(edge.awaitReady(Duration.ofSeconds(90)).body()).isEqualTo("ok\n");
        assertThat(connect.stdout()).contains("connect processor: location remote at 127.0.0.1:" + locationPort);
        routeEveryKindOfCall(edge, sipPort, carrierPort);
        assertThat(dispatcher.stdout()).contains("processor connect-processor at 127.0.0.1:" + connectPort + ": remote, over gRPC");
        for (TandemProcess p : List.of(location, connect, dispatcher, edge)) {
            assertThat(p.isAlive()).isTrue();
        }
    }

    /** Registers 1001, 1002 and two pool backends, then agent → agent, → PSTN, PSTN → agent, PSTN → peer pool. */
    private void routeEveryKindOfCall(TandemProcess tandem, int sipPort, int carrierPort) throws Exception {
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);

        int port1001 = Ports.free();
        int port1002 = Ports.free();
        Sipp.Run reg = register(edge, port1001, "1001", "pw-1001");
        assertThat(finalStatuses(reg)).containsExactly(401, 200);
        assertThat(reg.receivedResponses()).filteredOn(r -> r.status() == 401).allSatisfy(r ->
            assertThat(r.headers("WWW-Authenticate")).as("--digest MD5: MD5 alone is offered").singleElement()
                .asString().contains("algorithm=MD5"));
        register(edge, port1002, "1002", "pw-1002");
        int backendA = Ports.free();
        int backendB = Ports.free();
        for (int port : List.of(backendA, backendB)) {
            sipp.uac("peer-register.xml", port, edge).name("pool-register-" + port)
                .set("USER", "pool").set("DOMAIN", DOMAIN).set("SESSIONS", 0).set("EXPECT", 200).start().assertSuccess();
        }

        // agent → agent
        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("agent-1002-answers").start();
        Sipp.Run caller = agentCall(edge, port1001, "1002").name("agent-1001-calls-1002").start();
        caller.assertSuccess();
        callee.assertSuccess();
        assertThat(finalStatuses(caller)).containsExactly(407, 200);
        assertThat(ruri(first(callee.received("INVITE")))).satisfies(u -> {
            assertThat(u.user()).isEqualTo("1002");
            assertThat(u.port()).isEqualTo(port1002);
        });

        // agent → PSTN: egress policy → Number (caller ID) → Trunk outbound URI → the carrier on 127.0.0.2
        CarrierSipp gateway = closeAfter(CarrierSipp.start(dir, "carrier-gateway", "uas-answer.xml", CARRIER_IP, carrierPort, null,
            "x", 1, Map.of()));
        diagnostic("carrier-gateway", gateway::describe);
        Sipp.Run toPstn = agentCall(edge, port1001, PSTN_NUMBER).name("agent-1001-calls-pstn").start();
        toPstn.assertSuccess();
        gateway.assertSuccess();
        String gatewayLog = gateway.messageLog();
        assertThat(gatewayLog).as("the carrier got the dialed number at its outbound URI")
            .containsPattern("(?m)^INVITE sip:\\" + PSTN_NUMBER + "@" + CARRIER_IP.replace(".", "\\.") + ":" + carrierPort + "[;> ]")
            .as("with the Number of the egress policy as caller ID")
            .containsPattern("(?mi)^From:[^\\n]*sip:\\" + DID_1001 + "@")
            .doesNotContain("Proxy-Authorization")
            .containsPattern("(?m)^BYE sip:");

        // PSTN → agent: the Number of the Request-URI's user, from the carrier's address
        Sipp.Run agentAnswers = sipp.uas("uas-answer.xml", port1001).name("agent-1001-answers").start();
        // the same call from another address than the carrier's: a call to the trunk's Number (Routr's
        // routing direction FROM_PSTN) that the trunk does not admit: refused, never routed
        sipp.uac("carrier-call-rejected.xml", Ports.free(), edge).name("not-the-carrier").service(DID_1001)
            .set("FROM_USER", CARRIER_CALLER).set("FROM_HOST", "gw.carrier.example").set("HOST", "127.0.0.1:" + edge.getPort())
            .set("HEADER", "X-Carrier: e2e").set("STATUS", 403).start().assertSuccess();
        carrierCall(edge, "carrier-calls-1001", DID_1001, 1).assertSuccess();
        assertThat(tandem.stdout()).as("the carrier's call came from its own address")
            .containsPattern("in  UDP INVITE sip:\\" + DID_1001 + "@127\\.0\\.0\\.1:" + sipPort + " from /?127\\.0\\.0\\.2:");
        agentAnswers.assertSuccess();
        assertThat(ruri(first(agentAnswers.received("INVITE")))).satisfies(u -> {
            assertThat(u.user()).isEqualTo("1001");
            assertThat(u.port()).isEqualTo(port1001);
        });
        assertThat(first(agentAnswers.received("INVITE")).from().uri().toString()).contains(CARRIER_CALLER);

        // PSTN → peer pool: two calls, one to each registered backend (round-robin)
        Sipp.Run a = sipp.uas("uas-answer.xml", backendA).name("pool-backend-a").start();
        Sipp.Run b = sipp.uas("uas-answer.xml", backendB).name("pool-backend-b").start();
        carrierCall(edge, "carrier-calls-pool", DID_POOL, 2).assertSuccess();
        a.assertSuccess();
        b.assertSuccess();
        for (Map.Entry<Sipp.Run, Integer> e : Map.of(a, backendA, b, backendB).entrySet()) {
            assertThat(ruri(first(e.getKey().received("INVITE")))).satisfies(u -> {
                assertThat(u.user()).isEqualTo("pool");
                assertThat(u.port()).isEqualTo(e.getValue());
            });
        }
    }

    private Sipp.Run register(InetSocketAddress edge, int port, String user, String password) throws IOException {
        return sipp.uac("agent-register.xml", port, edge).name("register-" + user + "-" + port)
            .set("USER", user).set("PASSWORD", password).set("DOMAIN", DOMAIN).start().assertSuccess();
    }

    private Sipp.Builder agentCall(InetSocketAddress edge, int port, String dialed) {
        return sipp.uac("agent-call.xml", port, edge).service(dialed).set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", DOMAIN);
    }

    private CarrierSipp carrierCall(InetSocketAddress edge, String name, String dialed, int calls) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("FROM_USER", CARRIER_CALLER);
        values.put("FROM_HOST", "gw.carrier.example");
        values.put("HOST", "127.0.0.1:" + edge.getPort());
        values.put("HEADER", "X-Carrier: e2e");
        CarrierSipp s = closeAfter(CarrierSipp.start(dir, name, "carrier-call.xml", CARRIER_IP, Ports.free(), edge, dialed, calls, values));
        diagnostic(name, s::describe);
        return s;
    }

    private static SipRequest first(List<SipRequest> requests) {
        assertThat(requests).as("requests received").isNotEmpty();
        return requests.getFirst();
    }

    private static SipUri ruri(SipRequest r) {
        return (SipUri) r.requestUri();
    }

    /** The configuration directory: edgeport.yaml and resources/ in Routr v2 format. */
    static void writeConfig(Path config, int sipPort, int carrierPort) throws IOException {
        write(config, "edgeport.yaml", edgePortYaml(sipPort));
        write(config, "resources/domains.yaml", """
            - apiVersion: v2beta1
              kind: Domain
              ref: dom-e2e
              metadata:
                name: E2E office
              spec:
                context:
                  domainUri: %s
                  egressPolicies:
                    - rule: "^\\\\+1"
                      numberRef: num-1001
            """.formatted(DOMAIN));
        write(config, "resources/credentials.yaml", """
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-1001
              metadata:
                name: Agent 1001
              spec:
                credentials:
                  username: "1001"
                  password: "pw-1001"
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-1002
              metadata:
                name: Agent 1002
              spec:
                credentials:
                  username: "1002"
                  password: "pw-1002"
            """);
        write(config, "resources/agents.yaml", """
            - apiVersion: v2beta1
              kind: Agent
              ref: agent-1001
              metadata:
                name: Agent 1001
              spec:
                username: "1001"
                domainRef: dom-e2e
                credentialsRef: cred-1001
            - apiVersion: v2beta1
              kind: Agent
              ref: agent-1002
              metadata:
                name: Agent 1002
              spec:
                username: "1002"
                domainRef: dom-e2e
                credentialsRef: cred-1002
            """);
        write(config, "resources/acls.yaml", """
            - apiVersion: v2beta1
              kind: AccessControlList
              ref: acl-pool
              metadata:
                name: Pool backends on this host
              spec:
                accessControlList:
                  deny:
                    - 0.0.0.0/0
                  allow:
                    - 127.0.0.1/32
            - apiVersion: v2beta1
              kind: AccessControlList
              ref: acl-carrier
              metadata:
                name: The carrier's gateway
              spec:
                accessControlList:
                  allow:
                    - %s/32
            """.formatted(CARRIER_IP));
        write(config, "resources/peers.yaml", """
            - apiVersion: v2beta1
              kind: Peer
              ref: peer-pool
              metadata:
                name: Media pool
              spec:
                username: pool
                aor: sip:pool@%s
                accessControlListRef: acl-pool
                loadBalancing:
                  algorithm: round-robin
                  withSessionAffinity: false
            """.formatted(DOMAIN));
        write(config, "resources/trunks.yaml", """
            - apiVersion: v2beta1
              kind: Trunk
              ref: trunk-carrier
              metadata:
                name: Carrier
              spec:
                inbound:
                  uri: trunk.carrier.example
                  accessControlListRef: acl-carrier
                outbound:
                  uris:
                    - uri:
                        host: %s
                        port: %d
                        transport: udp
                      priority: 1
                      weight: 1
                      enabled: true
            """.formatted(CARRIER_IP, carrierPort));
        write(config, "resources/numbers.yaml", """
            - apiVersion: v2beta1
              kind: Number
              ref: num-1001
              metadata:
                name: Agent 1001's line
              spec:
                trunkRef: trunk-carrier
                location:
                  telUrl: tel:%s
                  aorLink: sip:1001@%s
            - apiVersion: v2beta1
              kind: Number
              ref: num-pool
              metadata:
                name: Pool line
              spec:
                trunkRef: trunk-carrier
                location:
                  telUrl: tel:%s
                  aorLink: sip:pool@%s
            """.formatted(DID_1001, DOMAIN, DID_POOL, DOMAIN));
    }
}
