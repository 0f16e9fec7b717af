package io.tandem.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.connect.ConnectSettings;
import io.tandem.location.LocationService;
import io.tandem.location.Route;
import io.tandem.processor.Transport;
import io.tandem.sip.auth.DigestAlgorithm;
import io.tandem.sip.auth.DigestChallenge;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The registrar end to end (SIPp and a hand-written Java client against an EdgePort with the
 * Connect processor), on the Location provider that each subclass supplies.
 *
 * <p>SIPp 3.6 (Debian's) reads only the first challenge of a 401 and refuses a SHA-256 one, so
 * the SIPp cases run with MD5 offered alone ({@link #MD5_ONLY}); the default challenge pair
 * (SHA-256, then MD5) is tested with the Java client.
 */
abstract class RegistrarCases extends ConnectFixture {
    static final ConnectSettings MD5_ONLY = ConnectSettings.DEFAULT.withDigestAlgorithms(List.of(DigestAlgorithm.MD5));
    static final String AOR_1001 = "sip:1001@" + RegWorld.DOMAIN;

    /** A fresh, empty Location service of the provider under test. */
    abstract LocationService newLocation() throws Exception;

    void startWith(ConnectSettings settings) throws Exception {
        RegWorld.write(this);
        start(newLocation(), settings);
    }

    Sipp.Builder register(String scenario, int port, String user, String password) {
        return sipp.uac(scenario, port, address(Transport.UDP))
            .set("USER", user).set("PASSWORD", password).set("DOMAIN", RegWorld.DOMAIN);
    }

    List<Route> bindings(String aor) throws Exception {
        return location.findRoutes(aor).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Contact URI to expires of a 200 to a REGISTER, in order. */
    static Map<String, Long> contacts(SipResponse r) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (NameAddress c : r.contacts()) {
            out.put(c.uri().toString(), c.expires());
        }
        return out;
    }

    static List<SipResponse> finals(Sipp.Run run) {
        return run.receivedResponses().stream().filter(r -> r.status() >= 200).toList();
    }

    @Test
    void bindingsAreAddedRefreshedQueriedAndRemovedWithMd5Digest() throws Exception {
        startWith(MD5_ONLY);
        int port = Ports.free();
        String a = "sip:1001@127.0.0.1:" + port;
        String b = "sip:1001@127.0.0.1:" + port + ";line=b";
        Sipp.Run run = register("reg-lifecycle.xml", port, "1001", RegWorld.PASSWORD_1001)
            .set("CONTACT_A", a).set("CONTACT_B", b).start().assertSuccess();

        List<SipResponse> r = finals(run);
        assertThat(r).extracting(SipResponse::status).containsExactly(401, 200, 200, 200, 200, 200, 200, 200, 200, 200);
        // the challenge: 401 with WWW-Authenticate, realm = the domain, MD5, qop=auth, not stale
        assertThat(r.get(0).headers("Proxy-Authenticate")).isEmpty();
        List<DigestChallenge> ch = RegClient.challenges(r.get(0));
        assertThat(ch).hasSize(1);
        assertThat(ch.get(0).realm()).isEqualTo(RegWorld.DOMAIN);
        assertThat(ch.get(0).algorithmName()).isEqualTo("MD5");
        assertThat(ch.get(0).qop()).containsExactly("auth");
        assertThat(ch.get(0).stale()).isFalse();
        // 2: added, with the expiry granted (and a Date, §10.3 step 8)
        assertThat(r.get(1).header("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(contacts(r.get(1))).containsOnlyKeys(a);
        assertThat(contacts(r.get(1)).get(a)).isCloseTo(3600L, within(2L));
        // 3: refreshed for a shorter time, still one binding
        assertThat(contacts(r.get(2))).containsOnlyKeys(a);
        assertThat(contacts(r.get(2)).get(a)).isCloseTo(1800L, within(2L));
        // 4: a second contact of the same AOR, its own expires parameter beating the header; both listed
        assertThat(contacts(r.get(3))).containsOnlyKeys(a, b);
        assertThat(contacts(r.get(3)).get(a)).isCloseTo(1800L, within(2L));
        assertThat(contacts(r.get(3)).get(b)).isCloseTo(120L, within(2L));
        // 5: a query (no Contact) lists them without change
        assertThat(contacts(r.get(4))).containsOnlyKeys(a, b);
        assertThat(contacts(r.get(4)).get(b)).isCloseTo(120L, within(2L));
        // 6: expires=0 (parameter) removes that one only
        assertThat(contacts(r.get(5))).containsOnlyKeys(b);
        // 7: A back
        assertThat(contacts(r.get(6))).containsOnlyKeys(a, b);
        assertThat(contacts(r.get(6)).get(a)).isCloseTo(600L, within(2L));
        // 8: Expires: 0 (header) removes that one only
        assertThat(contacts(r.get(7))).containsOnlyKeys(a);
        // 9: B back
        assertThat(contacts(r.get(8))).containsOnlyKeys(a, b);
        assertThat(contacts(r.get(8)).get(b)).isCloseTo(900L, within(2L));
        // 10: Contact: * with Expires: 0 removes all
        assertThat(r.get(9).contacts()).isEmpty();
        assertThat(bindings(AOR_1001)).isEmpty();
    }

    @Test
    void bindingRoutesToTheObservedSource() throws Exception {
        startWith(MD5_ONLY);
        int port = Ports.free();
        // a Contact that claims a private address behind NAT
        Sipp.Run run = register("reg-register.xml", port, "1001", RegWorld.PASSWORD_1001)
            .set("CONTACT", "<sip:1001@10.9.9.9:5062>").set("EXPIRES", 600).set("EXPECT", 200)
            .start().assertSuccess();
        assertThat(contacts(finals(run).get(1))).containsOnlyKeys("sip:1001@10.9.9.9:5062");
        List<Route> routes = bindings(AOR_1001);
        assertThat(routes).hasSize(1);
        Route route = routes.get(0);
        assertThat(route.contactUri()).isEqualTo("sip:1001@10.9.9.9:5062");
        assertThat(route.receivedHost()).isEqualTo("127.0.0.1");
        assertThat(route.receivedPort()).isEqualTo(port);
        assertThat(route.receivedTransport()).isEqualTo("UDP");
        assertThat(route.expires()).isEqualTo(600);
    }

    @Test
    void tooBriefAnExpiryGets423WithMinExpires() throws Exception {
        startWith(MD5_ONLY);
        int port = Ports.free();
        String contact = "sip:1001@127.0.0.1:" + port;
        Sipp.Run run = register("reg-too-brief.xml", port, "1001", RegWorld.PASSWORD_1001)
            .set("CONTACT", contact).set("EXPIRES", 30).start().assertSuccess();
        List<SipResponse> r = finals(run);
        assertThat(r).extracting(SipResponse::status).containsExactly(401, 423, 200);
        assertThat(r.get(1).minExpires()).isEqualTo(MD5_ONLY.minExpires());
        assertThat(contacts(r.get(2)).get(contact)).isCloseTo((long) MD5_ONLY.minExpires(), within(2L));
    }

    @Test
    void wrongPasswordGetsAFreshChallenge() throws Exception {
        startWith(MD5_ONLY);
        int port = Ports.free();
        Sipp.Run run = register("reg-register.xml", port, "1001", "not-the-password")
            .set("CONTACT", "<sip:1001@127.0.0.1:" + port + ">").set("EXPIRES", 600).set("EXPECT", 401)
            .start().assertSuccess();
        List<SipResponse> r = finals(run);
        assertThat(r).extracting(SipResponse::status).containsExactly(401, 401);
        DigestChallenge first = RegClient.challenges(r.get(0)).get(0);
        DigestChallenge second = RegClient.challenges(r.get(1)).get(0);
        assertThat(second.nonce()).isNotEqualTo(first.nonce());
        assertThat(second.stale()).isFalse();
        assertThat(second.realm()).isEqualTo(RegWorld.DOMAIN);
        assertThat(bindings(AOR_1001)).isEmpty();
    }

    @Test
    void unknownUserIsChallengedLikeAWrongPassword() throws Exception {
        startWith(MD5_ONLY);
        int port = Ports.free();
        Sipp.Run unknown = register("reg-register.xml", port, "9999", "whatever")
            .set("CONTACT", "<sip:9999@127.0.0.1:" + port + ">").set("EXPIRES", 600).set("EXPECT", 401)
            .start().assertSuccess();
        int port2 = Ports.free();
        Sipp.Run wrong = register("reg-register.xml", port2, "1001", "whatever")
            .set("CONTACT", "<sip:1001@127.0.0.1:" + port2 + ">").set("EXPIRES", 600).set("EXPECT", 401)
            .start().assertSuccess();
        List<SipResponse> u = finals(unknown);
        List<SipResponse> w = finals(wrong);
        assertThat(u).extracting(SipResponse::status).containsExactly(401, 401);
        for (int i = 0; i < 2; i++) {
            assertThat(u.get(i).reason()).isEqualTo(w.get(i).reason());
            DigestChallenge cu = RegClient.challenges(u.get(i)).get(0);
            DigestChallenge cw = RegClient.challenges(w.get(i)).get(0);
            assertThat(cu.realm()).isEqualTo(cw.realm());
            assertThat(cu.algorithmName()).isEqualTo(cw.algorithmName());
            assertThat(cu.qop()).isEqualTo(cw.qop());
            assertThat(cu.stale()).isEqualTo(cw.stale()).isFalse();
            assertThat(u.get(i).headers("WWW-Authenticate")).hasSameSizeAs(w.get(i).headers("WWW-Authenticate"));
        }
        assertThat(bindings("sip:9999@" + RegWorld.DOMAIN)).isEmpty();
    }

    @Test
    void disabledAgentIsForbidden() throws Exception {
        startWith(MD5_ONLY);
        int port = Ports.free();
        Sipp.Run run = register("reg-register.xml", port, "1003", RegWorld.PASSWORD_1003)
            .set("CONTACT", "<sip:1003@127.0.0.1:" + port + ">").set("EXPIRES", 600).set("EXPECT", 403)
            .start().assertSuccess();
        assertThat(finals(run)).extracting(SipResponse::status).containsExactly(401, 403);
        assertThat(bindings("sip:1003@" + RegWorld.DOMAIN)).isEmpty();
    }

    @Test
    void expiredNonceWithTheRightPasswordIsStale() throws Exception {
        startWith(MD5_ONLY.withNonceLifetimeMillis(1000));
        int port = Ports.free();
        String contact = "sip:1001@127.0.0.1:" + port;
        Sipp.Run run = register("reg-stale.xml", port, "1001", RegWorld.PASSWORD_1001)
            .set("CONTACT", contact).set("PAUSE_MS", 1500).start().assertSuccess();
        List<SipResponse> r = finals(run);
        assertThat(r).extracting(SipResponse::status).containsExactly(401, 401, 200);
        assertThat(RegClient.challenges(r.get(0)).get(0).stale()).isFalse();
        DigestChallenge stale = RegClient.challenges(r.get(1)).get(0);
        assertThat(stale.stale()).isTrue();
        assertThat(stale.nonce()).isNotEqualTo(RegClient.challenges(r.get(0)).get(0).nonce());
        assertThat(contacts(r.get(2))).containsOnlyKeys(contact);
    }

    // ---- the hand-written client: SHA-256, stale and replays on the default challenge pair ----

    @Test
    void sha256DigestWithTheDefaultChallenges() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        sha256Registration(RegClient.udp(address(Transport.UDP)));
    }

    @Test
    void sha256DigestOverTcp() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        sha256Registration(RegClient.tcp(address(Transport.TCP)));
    }

    private void sha256Registration(RegClient client) throws Exception {
        try (client) {
            String contact = "Contact: <sip:1001@127.0.0.1:" + client.port() + ">";
            SipResponse challenge = client.send(client.register("1001", contact, "Expires: 600"));
            assertThat(challenge.status()).isEqualTo(401);
            List<DigestChallenge> offered = RegClient.challenges(challenge);
            // RFC 8760 §2.4: one challenge per algorithm, most preferred first, same nonce
            assertThat(offered).extracting(DigestChallenge::algorithmName).containsExactly("SHA-256", "MD5");
            assertThat(offered).allSatisfy(c -> {
                assertThat(c.realm()).isEqualTo(RegWorld.DOMAIN);
                assertThat(c.qop()).containsExactly("auth");
                assertThat(c.stale()).isFalse();
            });
            assertThat(offered.get(0).nonce()).isEqualTo(offered.get(1).nonce());

            String auth = RegClient.authorization(offered.get(0), "1001", RegWorld.PASSWORD_1001, 1);
            assertThat(auth).contains("algorithm=SHA-256");
            SipResponse ok = client.send(client.register("1001", contact, "Expires: 600", auth));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(contacts(ok)).containsOnlyKeys("sip:1001@127.0.0.1:" + client.port());
            assertThat(contacts(ok).values()).allSatisfy(e -> assertThat(e).isCloseTo(600L, within(2L)));
            Route route = bindings(AOR_1001).get(0);
            assertThat(route.receivedPort()).isEqualTo(client.port());
            assertThat(route.receivedTransport()).isEqualTo(client.transport().name());

            // the same credentials again (same nc) in a new transaction: a replay, challenged
            SipResponse replay = client.send(client.register("1001", contact, "Expires: 600", auth));
            assertThat(replay.status()).isEqualTo(401);
            // the next nonce count on the same nonce is fine
            String next = RegClient.authorization(offered.get(0), "1001", RegWorld.PASSWORD_1001, 2);
            assertThat(client.send(client.register("1001", contact, "Expires: 600", next)).status()).isEqualTo(200);
            // MD5 on the same nonce too
            String md5 = RegClient.authorization(offered.get(1), "1001", RegWorld.PASSWORD_1001, 3);
            assertThat(client.send(client.register("1001", contact, "Expires: 600", md5)).status()).isEqualTo(200);
        }
    }

    @Test
    void expiredSha256NonceIsStaleOnlyWithTheRightPassword() throws Exception {
        startWith(ConnectSettings.DEFAULT.withNonceLifetimeMillis(1000));
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String contact = "Contact: <sip:1001@127.0.0.1:" + client.port() + ">";
            DigestChallenge old = RegClient.challenge(client.send(client.register("1001", contact)), "SHA-256");
            Thread.sleep(1300);
            // a wrong password on the expired nonce: an ordinary fresh challenge, not stale
            SipResponse wrong = client.send(client.register("1001", contact,
                RegClient.authorization(old, "1001", "nope", 1)));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(RegClient.challenges(wrong)).allSatisfy(c -> assertThat(c.stale()).isFalse());
            // the right password on the expired nonce: stale=true on every challenge, new nonce
            SipResponse stale = client.send(client.register("1001", contact,
                RegClient.authorization(old, "1001", RegWorld.PASSWORD_1001, 2)));
            assertThat(stale.status()).isEqualTo(401);
            assertThat(RegClient.challenges(stale)).hasSize(2).allSatisfy(c -> {
                assertThat(c.stale()).isTrue();
                assertThat(c.nonce()).isNotEqualTo(old.nonce());
            });
            assertThat(bindings(AOR_1001)).isEmpty();
            // the client answers the new nonce without asking its user: 200
            DigestChallenge fresh = RegClient.challenge(stale, "SHA-256");
            SipResponse ok = client.send(client.register("1001", contact,
                RegClient.authorization(fresh, "1001", RegWorld.PASSWORD_1001, 1)));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(bindings(AOR_1001)).hasSize(1);
        }
    }

    @Test
    void md5IsRefusedWhenOnlySha256IsOffered() throws Exception {
        startWith(ConnectSettings.DEFAULT.withDigestAlgorithms(List.of(DigestAlgorithm.SHA_256)));
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String contact = "Contact: <sip:1001@127.0.0.1:" + client.port() + ">";
            SipResponse challenge = client.send(client.register("1001", contact));
            assertThat(RegClient.challenges(challenge)).extracting(DigestChallenge::algorithmName).containsExactly("SHA-256");
            DigestChallenge sha = RegClient.challenges(challenge).get(0);
            DigestChallenge downgraded = new DigestChallenge(sha.realm(), sha.domain(), sha.nonce(), sha.opaque(), false,
                "MD5", sha.qop(), sha.charset(), sha.userhash(), sha.params());
            SipResponse refused = client.send(client.register("1001", contact,
                RegClient.authorization(downgraded, "1001", RegWorld.PASSWORD_1001, 1)));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(bindings(AOR_1001)).isEmpty();
        }
    }

    @Test
    void maxContactsIsEnforcedWithoutPartialUpdates() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        String aor = "sip:1004@" + RegWorld.DOMAIN;
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String c1 = "sip:1004@127.0.0.1:" + client.port() + ";line=1";
            String c2 = "sip:1004@127.0.0.1:" + client.port() + ";line=2";
            String c3 = "sip:1004@127.0.0.1:" + client.port() + ";line=3";
            DigestChallenge ch = RegClient.challenge(client.send(client.register("1004")), "SHA-256");
            int[] nc = {0};
            java.util.function.Function<String[], SipResponse> send = headers -> {
                String[] all = java.util.Arrays.copyOf(headers, headers.length + 1);
                all[headers.length] = RegClient.authorization(ch, "1004", RegWorld.PASSWORD_1004, ++nc[0]);
                try {
                    return client.send(client.register("1004", all));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            // three at once, one over the limit of 2: refused, and none of them bound
            SipResponse tooMany = send.apply(new String[] {"Contact: <" + c1 + ">, <" + c2 + ">, <" + c3 + ">", "Expires: 600"});
            assertThat(tooMany.status()).isEqualTo(403);
            assertThat(bindings(aor)).isEmpty();
            // two: fine
            SipResponse two = send.apply(new String[] {"Contact: <" + c1 + ">, <" + c2 + ">", "Expires: 600"});
            assertThat(two.status()).isEqualTo(200);
            assertThat(contacts(two)).containsOnlyKeys(c1, c2);
            // a third: refused, the two stay
            assertThat(send.apply(new String[] {"Contact: <" + c3 + ">", "Expires: 600"}).status()).isEqualTo(403);
            // refreshing one of the two, or replacing one by removing it in the same request, is fine
            assertThat(send.apply(new String[] {"Contact: <" + c1 + ">", "Expires: 900"}).status()).isEqualTo(200);
            SipResponse swapped = send.apply(new String[] {"Contact: <" + c2 + ">;expires=0, <" + c3 + ">", "Expires: 600"});
            assertThat(swapped.status()).isEqualTo(200);
            assertThat(contacts(swapped)).containsOnlyKeys(c1, c3);
        }
    }

    @Test
    void theAgentsExpiresOverridesWhatItAsksFor() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String uri = "sip:1005@127.0.0.1:" + client.port();
            String contact = "Contact: <" + uri + ">";
            DigestChallenge ch = RegClient.challenge(client.send(client.register("1005", contact)), "SHA-256");
            SipResponse longer = client.send(client.register("1005", contact, "Expires: 3600",
                RegClient.authorization(ch, "1005", RegWorld.PASSWORD_1005, 1)));
            assertThat(longer.status()).isEqualTo(200);
            assertThat(contacts(longer).get(uri)).isCloseTo(300L, within(2L));
            // shorter than Min-Expires: no 423, the Agent's expiry is granted
            SipResponse brief = client.send(client.register("1005", contact, "Expires: 10",
                RegClient.authorization(ch, "1005", RegWorld.PASSWORD_1005, 2)));
            assertThat(brief.status()).isEqualTo(200);
            assertThat(contacts(brief).get(uri)).isCloseTo(300L, within(2L));
            // removal still removes
            SipResponse removed = client.send(client.register("1005", contact, "Expires: 0",
                RegClient.authorization(ch, "1005", RegWorld.PASSWORD_1005, 3)));
            assertThat(removed.status()).isEqualTo(200);
            assertThat(removed.contacts()).isEmpty();
        }
    }

    @Test
    void aDigestWithoutQopIsGoodForOneRequest() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String contact = "Contact: <sip:1001@127.0.0.1:" + client.port() + ">";
            DigestChallenge ch = RegClient.challenge(client.send(client.register("1001", contact)), "MD5");
            // RFC 2069 compatibility (RFC 3261 §22.4): no qop, no cnonce, no nc
            String auth = RegClient.authorizationWithoutQop(ch, "1001", RegWorld.PASSWORD_1001);
            assertThat(auth).doesNotContain("qop").doesNotContain("nc=");
            assertThat(client.send(client.register("1001", contact, "Expires: 600", auth)).status()).isEqualTo(200);
            // the same credentials again, as a replay would send them: not accepted, the nonce is used up
            SipResponse again = client.send(client.register("1001", contact, "Expires: 0", auth));
            assertThat(again.status()).isEqualTo(401);
            assertThat(RegClient.challenges(again)).allSatisfy(c -> assertThat(c.stale()).isTrue());
            assertThat(bindings(AOR_1001)).hasSize(1);
        }
    }

    @Test
    void theServersOwnAddressNamesTheOnlyDomain() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        InetSocketAddress edge = address(Transport.UDP);
        String own = "127.0.0.1:" + edge.getPort();
        try (RegClient client = RegClient.udp(edge).domain(own)) {
            // a softphone set up with the server's address as its domain: To sip:1001@127.0.0.1:port
            String uri = "sip:1001@127.0.0.1:" + client.port();
            String contact = "Contact: <" + uri + ">";
            SipResponse challenge = client.send(client.register("1001", contact));
            assertThat(challenge.status()).isEqualTo(401);
            // the realm is the Domain's, and the binding is filed under the Domain's AOR
            DigestChallenge ch = RegClient.challenge(challenge, "SHA-256");
            assertThat(ch.realm()).isEqualTo(RegWorld.DOMAIN);
            SipResponse ok = client.send(client.register("1001", contact, "Expires: 600",
                RegClient.authorization(ch, "1001", RegWorld.PASSWORD_1001, 1, client.requestUri())));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(contacts(ok)).containsOnlyKeys(uri);
            assertThat(bindings(AOR_1001)).extracting(Route::contactUri).containsExactly(uri);
        }
        // another port of this host is not this server
        try (RegClient client = RegClient.udp(edge).domain("127.0.0.1:1")) {
            String contact = "Contact: <sip:1002@127.0.0.1:" + client.port() + ">";
            DigestChallenge ch = RegClient.challenge(client.send(client.register("1002", contact)), "SHA-256");
            assertThat(ch.realm()).isEqualTo("127.0.0.1");
            SipResponse refused = client.send(client.register("1002", contact,
                RegClient.authorization(ch, "1002", RegWorld.PASSWORD_1002, 1, client.requestUri())));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(bindings("sip:1002@" + RegWorld.DOMAIN)).isEmpty();
        }
    }

    @Test
    void aLongExpiryIsShortenedToTheMaximum() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String uri = "sip:1001@127.0.0.1:" + client.port();
            SipResponse ok = client.registerWithDigest("1001", RegWorld.PASSWORD_1001, uri, 1_000_000);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(contacts(ok).get(uri)).isCloseTo((long) ConnectSettings.DEFAULT.maxExpires(), within(2L));
        }
    }

    @Test
    void anOutboundInstanceKeepsOneBindingWhateverItsContact() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        String instance = ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1";
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String first = "sip:1001@192.0.2.10:5060";
            String second = "sip:1001@192.0.2.20:5070";
            DigestChallenge ch = RegClient.challenge(client.send(client.register("1001")), "SHA-256");
            SipResponse one = client.send(client.register("1001", "Contact: <" + first + ">" + instance, "Expires: 600",
                RegClient.authorization(ch, "1001", RegWorld.PASSWORD_1001, 1)));
            assertThat(contacts(one)).containsOnlyKeys(first);
            // RFC 5626 §6: the same instance and reg-id replace the binding although the Contact changed
            SipResponse two = client.send(client.register("1001", "Contact: <" + second + ">" + instance, "Expires: 600",
                RegClient.authorization(ch, "1001", RegWorld.PASSWORD_1001, 2)));
            assertThat(contacts(two)).containsOnlyKeys(second);
            assertThat(bindings(AOR_1001)).singleElement().satisfies(r -> {
                assertThat(r.instanceId()).isEqualTo("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");
                assertThat(r.regId()).isEqualTo(1);
            });
        }
    }

    @Test
    void theDomainsAccessControlListIsCheckedBeforeTheDigest() throws Exception {
        RegWorld.write(this);
        // the same Domain, closed to loopback
        resource("domains.yaml", """
            - apiVersion: v2beta1
              kind: Domain
              ref: dom-local
              metadata:
                name: Local
              spec:
                accessControlListRef: acl-no-loopback
                context:
                  domainUri: %s
            """.formatted(RegWorld.DOMAIN));
        resource("acl.yaml", """
            - apiVersion: v2beta1
              kind: AccessControlList
              ref: acl-no-loopback
              metadata:
                name: No loopback
              spec:
                accessControlList:
                  deny:
                    - 127.0.0.0/8
                  allow:
                    - 0.0.0.0/0
            """);
        start(newLocation(), ConnectSettings.DEFAULT);
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String contact = "Contact: <sip:1001@127.0.0.1:" + client.port() + ">";
            // a denied source is never challenged, so it has no nonce of ours: any will do
            DigestChallenge ch = DigestChallenge.of(RegWorld.DOMAIN, "not-issued-here", DigestAlgorithm.SHA_256, "auth");
            List<SipResponse> answers = List.of(client.send(client.register("1001", contact)),
                client.send(client.register("1001", contact, RegClient.authorization(ch, "1001", "nope", 1))),
                client.send(client.register("1001", contact, RegClient.authorization(ch, "1001", RegWorld.PASSWORD_1001, 2))));
            // no password oracle: the same 403, without a challenge, whatever the credentials
            assertThat(answers).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(403);
                assertThat(r.reason()).isEqualTo("Forbidden (source address not allowed by the domain's access control list)");
                assertThat(r.headers("WWW-Authenticate")).isEmpty();
            });
            assertThat(bindings(AOR_1001)).isEmpty();
        }
    }

    @Test
    void pathIsStoredAndEchoed() throws Exception {
        startWith(ConnectSettings.DEFAULT);
        try (RegClient client = RegClient.udp(address(Transport.UDP))) {
            String contact = "Contact: <sip:1001@10.1.1.1:5060>";
            String path = "Path: <sip:edge.example.test;lr>";
            DigestChallenge ch = RegClient.challenge(client.send(client.register("1001", contact, path, "Supported: path")), "SHA-256");
            SipResponse ok = client.send(client.register("1001", contact, path, "Supported: path",
                RegClient.authorization(ch, "1001", RegWorld.PASSWORD_1001, 1)));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.headers("Path")).containsExactly("<sip:edge.example.test;lr>");
            assertThat(ok.supported()).contains("path");
            assertThat(bindings(AOR_1001).get(0).path()).containsExactly("<sip:edge.example.test;lr>");
        }
    }
}
