package io.tandem.connect.it;

import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.io.IOException;
import java.util.List;

/**
 * The resources of the PSTN and peer-pool tests. Every SIPp runs on 127.0.0.1, so the carrier is
 * told apart from agents and peers by the host of its Request-URI (the trunk's {@code inbound.uri})
 * and no trunk has an ACL that admits 127.0.0.1 (such a trunk would claim every request from
 * 127.0.0.1, agents' and peers' included).
 *
 * <ul>
 *   <li>Domain {@value #DOMAIN}; egress policy {@code ^\+1706} through Number {@value #MAIN}
 *       (trunk-carrier), so that agent 1001 calling a 706 number leaves with that caller ID.
 *   <li>trunk-carrier (inbound {@value #CARRIER_HOST}; outbound URIs given by each test);
 *       trunk-other (inbound {@value #OTHER_HOST}, no outbound).
 *   <li>Numbers: {@value #MAIN} → agent 1001 with extra headers X-Tenant and X-Did;
 *       {@value #POOL} → the peer pool (session affinity header X-Room); {@value #OTHER} on
 *       trunk-other → agent 1001; {@value #NO_TRUNK_URIS} on trunk-other for DOD.
 *   <li>Peer {@value #PEER} (aor {@value #PEER_AOR}), admitted by ACL 127.0.0.1/32, load balancing
 *       given by each test.
 * </ul>
 */
final class TrunkWorld {
    static final String DOMAIN = "sip.local";
    static final String AGENT = "1001";
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
    static final String PEER = "pool";
    static final String PEER_AOR = "sip:pool@" + DOMAIN;

    private TrunkWorld() {
    }

    /** One entry of {@code spec.outbound.uris}. */
    static String outbound(int port, String transport, int priority, int weight, boolean enabled) {
        return "        - uri:\n"
            + "            user: acct-7781\n"
            + "            host: 127.0.0.1\n"
            + "            port: " + port + "\n"
            + "            transport: " + transport + "\n"
            + "          priority: " + priority + "\n"
            + "          weight: " + weight + "\n"
            + "          enabled: " + enabled + "\n";
    }

    /** Writes every resource; {@code carrierUris} are {@link #outbound} entries; the Peer balances with {@code algorithm} ({@code round-robin} or {@code least-sessions}). */
    static void write(ConnectFixture f, List<String> carrierUris, String algorithm, boolean affinity) throws IOException {
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
            """.formatted(AGENT, PASSWORD));
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
            """.formatted(AGENT));
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
                  uris:
            %s
            - apiVersion: v2beta1
              kind: Trunk
              ref: trunk-other
              metadata:
                name: Other carrier
              spec:
                inbound:
                  uri: %s
            """.formatted(CARRIER_HOST, String.join("", carrierUris).stripTrailing(), OTHER_HOST));
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
            """.formatted(MAIN, AGENT, DOMAIN, POOL, PEER_AOR, OTHER, AGENT, DOMAIN, NO_TRUNK_URIS));
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
            """.formatted(PEER, PEER_AOR, algorithm, affinity));
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
