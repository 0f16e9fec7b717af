package io.tandem.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of the PSTN and peer-pool tests. Every SIPp runs on 127.0.0.1: the carrier's calls
 * are told apart from agents' and peers' by what they name (a DID at the trunk's {@code
 * inbound.uri}), as Routr decides the routing direction; the source address only admits a sender.
 * trunk-carrier has neither ACL nor inbound credentials: it is admitted from the hosts of its
 * outbound URIs only (127.0.0.1 unless a test says otherwise).
 *
 * <ul>
 *   <li>Domain {@value #DOMAIN} with agents 1001 and 1002 (private); egress policies, in order,
 *       {@code ^\+1706} through Number {@value #MAIN} (trunk-carrier), so that a call to a 706
 *       number leaves with that caller ID; {@code ^\+4420} and {@code ^00} through
 *       {@value #NO_TRUNK_URIS} (trunk-other, which has no outbound URI).
 *   <li>trunk-carrier (inbound {@value #CARRIER_HOST}; outbound URIs given by each test);
 *       trunk-other (inbound {@value #OTHER_HOST} from 127.0.0.2 only, no outbound).
 *   <li>Numbers: {@value #MAIN} → agent 1001 with extra headers X-Tenant and X-Did;
 *       {@value #POOL} → the peer pool (session affinity header X-Room); {@value #OTHER} on
 *       trunk-other → agent 1001; {@value #NO_TRUNK_URIS} on trunk-other for DOD;
 *       {@value #OUTBOUND_ONLY} on trunk-carrier without aorLink.
 *   <li>Peer {@value #PEER} (aor {@value #PEER_AOR}), admitted by ACL 127.0.0.1/32, load balancing
 *       given by each test; Peer farpeer, admitted from 127.0.0.2 only; Peer mediasrv (aor
 *       backend:media) with credentials (same password as 1001).
 * </ul>
 */
final class TrunkWorld {
    static final String DOMAIN = "sip.local";
    static final String AGENT = "1001";
    /** An Agent whose privacy is Private (same password as 1001). */
    static final String PRIVATE_AGENT = "1002";
    static final String PASSWORD = "pw-1001";
    static final String CARRIER_HOST = "carrier.trunk.test";
    static final String OTHER_HOST = "other.trunk.test";
    /** The DID of agent 1001, and the caller ID of the domain's egress policy. */
    static final String MAIN = "+17066041487";
    /** The DID of the peer pool. */
    static final String POOL = "+17066040000";
    /** A DID of trunk-other. */
    static final String OTHER = "+17068880000";
    /** A number of trunk-other, which has no outbound URI. */
    static final String NO_TRUNK_URIS = "+17068880001";
    /** A number of trunk-carrier without aorLink (a caller ID only). */
    static final String OUTBOUND_ONLY = "+17066040001";
    static final String PEER = "pool";
    /** trunk-carrier's outbound credentials (Credentials cred-carrier), used when a test asks for them. */
    static final String CARRIER_USER = "acct-7781";
    static final String CARRIER_PASSWORD = "carrier-pw";
    static final String PEER_AOR = "sip:pool@" + DOMAIN;

    private TrunkWorld() {
    }

    /** One entry of {@code spec.outbound.uris}, on 127.0.0.1. */
    static String outbound(int port, String transport, int priority, int weight, boolean enabled) {
        return outbound("127.0.0.1", port, transport, priority, weight, enabled);
    }

    /** One entry of {@code spec.outbound.uris}. */
    static String outbound(String host, int port, String transport, int priority, int weight, boolean enabled) {
        return "        - uri:\n"
            + "            user: acct-7781\n"
            + "            host: " + host + "\n"
            + "            port: " + port + "\n"
            + "            transport: " + transport + "\n"
            + "          priority: " + priority + "\n"
            + "          weight: " + weight + "\n"
            + "          enabled: " + enabled + "\n";
    }

    /** Writes every resource; {@code carrierUris} are {@link #outbound} entries; the Peer balances with {@code algorithm} ({@code round-robin} or {@code least-sessions}). */
    static void write(ConnectFixture f, List<String> carrierUris, String algorithm, boolean affinity) throws IOException {
        write(f, carrierUris, algorithm, affinity, false);
    }

    /** {@link #write(ConnectFixture, List, String, boolean)}; with {@code carrierCredentials} trunk-carrier's outbound has credentialsRef cred-carrier. */
    static void write(ConnectFixture f, List<String> carrierUris, String algorithm, boolean affinity, boolean carrierCredentials)
            throws IOException {
        f.resource("domains.yaml", """
            - apiVersion: v2beta1
              kind: Domain
              ref: dom-local
              metadata:
                name: Local
              spec:
                context:
                  domainUri: %s
                  egressPolicies:
                    - rule: "^\\\\+1706"
                      numberRef: num-main
                    - rule: "^\\\\+4420"
                      numberRef: num-no-uris
                    - rule: "^00"
                      numberRef: num-no-uris
            """.formatted(DOMAIN));
        f.resource("credentials.yaml", """
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-1001
              metadata:
                name: Agent 1001
              spec:
                credentials:
                  username: "%s"
                  password: "%s"
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-1002
              metadata:
                name: Agent 1002
              spec:
                credentials:
                  username: "%s"
                  password: "%s"
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-media
              metadata:
                name: Media server
              spec:
                credentials:
                  username: mediasrv
                  password: "%s"
            - apiVersion: v2beta1
              kind: Credentials
              ref: cred-carrier
              metadata:
                name: Carrier account
              spec:
                credentials:
                  username: "%s"
                  password: "%s"
            """.formatted(AGENT, PASSWORD, PRIVATE_AGENT, PASSWORD, PASSWORD, CARRIER_USER, CARRIER_PASSWORD));
        f.resource("agents.yaml", """
            - apiVersion: v2beta1
              kind: Agent
              ref: agent-1001
              metadata:
                name: Agent 1001
              spec:
                username: "%s"
                domainRef: dom-local
                credentialsRef: cred-1001
            - apiVersion: v2beta1
              kind: Agent
              ref: agent-1002
              metadata:
                name: Agent 1002
              spec:
                username: "%s"
                domainRef: dom-local
                credentialsRef: cred-1002
                privacy: Private
            """.formatted(AGENT, PRIVATE_AGENT));
        f.resource("acls.yaml", """
            - apiVersion: v2beta1
              kind: AccessControlList
              ref: acl-loopback
              metadata:
                name: This host
              spec:
                accessControlList:
                  deny:
                    - 0.0.0.0/0
                  allow:
                    - 127.0.0.1/32
            - apiVersion: v2beta1
              kind: AccessControlList
              ref: acl-other-carrier
              metadata:
                name: The other carrier's gateway
              spec:
                accessControlList:
                  allow:
                    - 127.0.0.2/32
            """);
        f.resource("trunks.yaml", """
            - apiVersion: v2beta1
              kind: Trunk
              ref: trunk-carrier
              metadata:
                name: Carrier
              spec:
                inbound:
                  uri: %s
                outbound:
            %s      uris:
            %s
            - apiVersion: v2beta1
              kind: Trunk
              ref: trunk-other
              metadata:
                name: Other carrier
              spec:
                inbound:
                  uri: %s
                  accessControlListRef: acl-other-carrier
            """.formatted(CARRIER_HOST, carrierCredentials ? "      credentialsRef: cred-carrier\n" : "",
                String.join("", carrierUris).stripTrailing(), OTHER_HOST));
        f.resource("numbers.yaml", """
            - apiVersion: v2beta1
              kind: Number
              ref: num-main
              metadata:
                name: Main line
              spec:
                trunkRef: trunk-carrier
                location:
                  telUrl: tel:%s
                  aorLink: sip:%s@%s
                  extraHeaders:
                    - name: X-Tenant
                      value: acme
                    - name: X-Did
                      value: main
            - apiVersion: v2beta1
              kind: Number
              ref: num-pool
              metadata:
                name: Pool line
              spec:
                trunkRef: trunk-carrier
                location:
                  telUrl: tel:%s
                  aorLink: %s
                  sessionAffinityHeader: X-Room
                  extraHeaders:
                    - name: X-Did
                      value: pool
            - apiVersion: v2beta1
              kind: Number
              ref: num-other
              metadata:
                name: Other carrier's line
              spec:
                trunkRef: trunk-other
                location:
                  telUrl: tel:%s
                  aorLink: sip:%s@%s
            - apiVersion: v2beta1
              kind: Number
              ref: num-no-uris
              metadata:
                name: Line of a trunk without outbound
              spec:
                trunkRef: trunk-other
                location:
                  telUrl: tel:%s
            - apiVersion: v2beta1
              kind: Number
              ref: num-outbound-only
              metadata:
                name: Caller ID only
              spec:
                trunkRef: trunk-carrier
                location:
                  telUrl: tel:%s
            """.formatted(MAIN, AGENT, DOMAIN, POOL, PEER_AOR, OTHER, AGENT, DOMAIN, NO_TRUNK_URIS, OUTBOUND_ONLY));
        f.resource("peers.yaml", """
            - apiVersion: v2beta1
              kind: Peer
              ref: peer-pool
              metadata:
                name: Media pool
              spec:
                username: %s
                aor: %s
                accessControlListRef: acl-loopback
                loadBalancing:
                  algorithm: %s
                  withSessionAffinity: %s
            - apiVersion: v2beta1
              kind: Peer
              ref: peer-far
              metadata:
                name: A peer elsewhere
              spec:
                username: farpeer
                aor: sip:far@%s
                accessControlListRef: acl-other-carrier
            - apiVersion: v2beta1
              kind: Peer
              ref: peer-media
              metadata:
                name: Media server with credentials
              spec:
                username: mediasrv
                aor: backend:media
                credentialsRef: cred-media
            """.formatted(PEER, PEER_AOR, algorithm, affinity, DOMAIN));
    }

    /**
     * Agent 1001 registers from {@code port} over UDP (digest, through the {@link TrunkDigestRelay}
     * of that port), so that calls to it reach that port.
     */
    static void registerAgent(ConnectFixture f, int port) throws IOException {
        f.sipp.uac("pstn-register.xml", port, agentRemote(f, port))
            .set("USER", AGENT).set("PASSWORD", PASSWORD).set("DOMAIN", DOMAIN).start().assertSuccess();
    }

    /**
     * Agent 1001 registers from {@code agentPort} and answers there; the carrier calls each of
     * {@code dialed} in turn. Returns the INVITEs the Agent took, one per call, in order.
     */
    static List<SipRequest> carrierCallsToAgent(ConnectFixture f, int agentPort, List<String> dialed) throws IOException {
        registerAgent(f, agentPort);
        Sipp.Run agent = f.sipp.uas("pstn-uas-answer.xml", agentPort).calls(dialed.size()).start();
        for (String d : dialed) {
            carrierCall(f, d, "X-Carrier: test").start().assertSuccess();
        }
        agent.assertSuccess();
        List<SipRequest> invites = invites(agent);
        assertThat(invites).hasSize(dialed.size());
        return invites;
    }

    /** Where the Agent SIPp on {@code port} sends its requests: its {@link TrunkDigestRelay}. */
    static InetSocketAddress agentRemote(ConnectFixture f, int port) throws IOException {
        return TrunkDigestRelay.of(f.address(Transport.UDP), port).address();
    }

    /** A pool backend registers from {@code port} under the Peer's aor, reporting {@code sessions}. */
    static void registerBackend(ConnectFixture f, int port, int sessions) throws IOException {
        f.sipp.uac("peer-register.xml", port, f.address(Transport.UDP)).name("peer-register-" + port + "-" + sessions)
            .set("USER", PEER).set("DOMAIN", DOMAIN).set("SESSIONS", sessions).set("EXPECT", 200).start().assertSuccess();
    }

    /** The carrier calls {@code dialed}@{@value #CARRIER_HOST} (answered 200, then hung up); {@code header} is one header line. */
    static Sipp.Builder carrierCall(ConnectFixture f, String dialed, String header) {
        return carrier(f, "pstn-call.xml", Ports.free(), f.address(Transport.UDP), dialed, CARRIER_HOST).set("HEADER", header);
    }

    /** The carrier calls {@code dialed}@{@code host} and expects {@code status}. */
    static Sipp.Builder carrierRejected(ConnectFixture f, String dialed, String host, int status) {
        return carrier(f, "pstn-call-rejected.xml", Ports.free(), f.address(Transport.UDP), dialed, host)
            .set("HEADER", "X-Carrier: test").set("STATUS", status);
    }

    /**
     * The carrier's SIPp on {@code port} runs {@code scenario} (pstn-call or pstn-call-rejected),
     * calling {@code dialed}@{@code host} through {@code remote}; HEADER (and STATUS) are the caller's to set.
     */
    static Sipp.Builder carrier(ConnectFixture f, String scenario, int port, InetSocketAddress remote, String dialed, String host) {
        return f.sipp.uac(scenario, port, remote).service(dialed)
            .set("FROM_USER", "+14045550000").set("FROM_HOST", "gw.carrier.example").set("HOST", host);
    }

    /** Where the SIPp on {@code port} sends so that its requests reach the EdgePort from {@code source} (a loopback address). */
    static InetSocketAddress relayFrom(ConnectFixture f, InetAddress source, int port) throws IOException {
        return TrunkDigestRelay.of(f.address(Transport.UDP), port, source).address();
    }

    /** The final response a run received with {@code status}. */
    static SipResponse finalResponse(Sipp.Run run, int status) {
        return run.receivedResponses().stream().filter(r -> r.status() == status).findFirst()
            .orElseThrow(() -> new AssertionError("no " + status + "\n" + run.describe()));
    }

    /** The INVITEs a callee received, without retransmissions (one per Call-ID), in order. */
    static List<SipRequest> invites(Sipp.Run run) {
        Map<String, SipRequest> byCall = new LinkedHashMap<>();
        for (SipRequest r : run.received("INVITE")) {
            byCall.putIfAbsent(r.callId(), r);
        }
        return List.copyOf(byCall.values());
    }

    /** The user of a request's Request-URI. */
    static String ruriUser(SipRequest r) {
        return ((SipUri) r.requestUri()).userDecoded();
    }

    static SipUri ruri(SipRequest r) {
        return (SipUri) r.requestUri();
    }

    /** The user of a request's From URI. */
    static String fromUser(SipRequest r) {
        return ((SipUri) r.from().uri()).userDecoded();
    }
}
