package io.tandem.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.location.Route;
import io.tandem.processor.Target;
import io.tandem.provisioning.Metadata;
import io.tandem.provisioning.Trunk;
import io.tandem.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** A trunk's outbound URIs as serial targets, and bindings as targets. */
class TargetsTest {

    private static Trunk.OutboundUri uri(String host, int port, String transport, int priority, int weight, boolean enabled) {
        return new Trunk.OutboundUri(new Trunk.Uri("acct-7781", host, port, Trunk.Transport.parse(transport)), priority, weight, enabled);
    }

    private static Trunk trunk(Trunk.OutboundUri... uris) {
        return new Trunk("v2", "trunk-t", new Metadata("T"), new Trunk.Spec(null, new Trunk.Outbound(false, null, List.of(uris))));
    }

    private static List<String> hosts(List<Target> targets) {
        List<String> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(((SipUri) t.requestUri()).host());
        }
        return out;
    }

    /** A generator whose nextInt(bound) answers the given values in turn. */
    private static RandomGenerator fixed(int... values) {
        int[] next = {0};
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                int v = values[next[0]++];
                assertThat(v).isBetween(0, bound - 1);
                return v;
            }
        };
    }

    @Test
    void lowerPriorityFirst() {
        Trunk t = trunk(uri("c.test", 5060, "udp", 30, 1, true), uri("a.test", 5060, "udp", 10, 1, true),
            uri("b.test", 5060, "udp", 20, 1, true));
        assertThat(hosts(Targets.trunk(t, "+17066041487"))).containsExactly("a.test", "b.test", "c.test");
    }

    @Test
    void disabledUrisAreSkipped() {
        Trunk t = trunk(uri("off.test", 5060, "udp", 0, 100, false), uri("a.test", 5060, "udp", 10, 1, true),
            uri("off2.test", 5060, "udp", 10, 50, false), uri("b.test", 5060, "udp", 20, 1, true));
        assertThat(hosts(Targets.trunk(t, "+17066041487"))).containsExactly("a.test", "b.test");
    }

    @Test
    void aTrunkWithEveryUriDisabledOrNoOutboundHasNoTarget() {
        assertThat(Targets.trunk(trunk(uri("off.test", 5060, "udp", 0, 1, false)), "+1")).isEmpty();
        Trunk inboundOnly = new Trunk("v2", "in", new Metadata("In"), new Trunk.Spec(new Trunk.Inbound("in.test", null, null), null));
        assertThat(Targets.trunk(inboundOnly, "+1")).isEmpty();
    }

    @Test
    void withinAPriorityTheDrawFollowsTheWeights() {
        // weights 1, 3, 6: a draw in [0, 10) picks x for 0, y for 1..3, z for 4..9
        Trunk t = trunk(uri("x.test", 5060, "udp", 5, 1, true), uri("y.test", 5060, "udp", 5, 3, true),
            uri("z.test", 5060, "udp", 5, 6, true), uri("last.test", 5060, "udp", 9, 1, true));
        // 4 → z; then of x (1) and y (3): 0 → x; then y; then the lower priority alone
        assertThat(hosts(Targets.trunk(t, "+1", fixed(4, 0, 0, 0)))).containsExactly("z.test", "x.test", "y.test", "last.test");
        // 3 → y; then of x (1) and z (6): 1 → z; then x
        assertThat(hosts(Targets.trunk(t, "+1", fixed(3, 1, 0, 0)))).containsExactly("y.test", "z.test", "x.test", "last.test");
        // 0 → x; then of y (3) and z (6): 2 → y
        assertThat(hosts(Targets.trunk(t, "+1", fixed(0, 2, 0, 0)))).containsExactly("x.test", "y.test", "z.test", "last.test");
    }

    @Test
    void theHeavierUriComesFirstInProportionToItsWeight() {
        Trunk t = trunk(uri("light.test", 5060, "udp", 1, 1, true), uri("heavy.test", 5060, "udp", 1, 9, true),
            uri("backup.test", 5060, "udp", 2, 1, true));
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            List<String> order = hosts(Targets.trunk(t, "+1", random));
            assertThat(order).hasSize(3).endsWith("backup.test").contains("light.test", "heavy.test");
            first.merge(order.get(0), 1, Integer::sum);
        }
        assertThat(first.get("heavy.test")).isBetween(8_700, 9_300);
        assertThat(first.get("light.test")).isBetween(700, 1_300);
    }

    @Test
    void theTargetCallsTheNumberAtTheUriWithItsTransport() {
        Trunk t = trunk(uri("gw.carrier.test", 5080, "TCP", 0, 1, true), uri("2001:db8::5", 5061, "tls", 1, 1, true));
        List<Target> targets = Targets.trunk(t, "+17066041487");
        assertThat(targets.get(0).requestUri().toString()).isEqualTo("sip:+17066041487@gw.carrier.test:5080;transport=tcp");
        assertThat(targets.get(1).requestUri().toString()).isEqualTo("sip:+17066041487@[2001:db8::5]:5061;transport=tls");
        assertThat(targets).allSatisfy(target -> {
            assertThat(target.nextHop()).isNull();
            assertThat(target.routeSet()).isEmpty();
        });
        // without a number, the URI's own user
        assertThat(Targets.trunk(t, null).get(0).requestUri().toString()).isEqualTo("sip:acct-7781@gw.carrier.test:5080;transport=tcp");
    }

    @Test
    void aBindingGoesToWhereItsRegisterCameFrom() {
        Route r = Route.builder("192.168.1.20", 5060, "UDP").user("1001").contactUri("sip:1001@192.168.1.20:5060")
            .contactKey("sip:1001@192.168.1.20:5060").received("203.0.113.7", 40211, "TCP").expires(60).build();
        Target t = Targets.of(r);
        assertThat(t.requestUri().toString()).isEqualTo("sip:1001@192.168.1.20:5060");
        assertThat(t.nextHop().toString()).isEqualTo("sip:203.0.113.7:40211;transport=tcp");
    }

    @Test
    void aBindingWithAPathGoesThroughIt() {
        Route r = Route.builder("10.0.0.5", 5060, "UDP").contactUri("sip:1001@10.0.0.5").contactKey("k")
            .received("198.51.100.1", 5060, "UDP").path(List.of("<sip:edge.example.test;lr>")).expires(60).build();
        Target t = Targets.of(r);
        assertThat(t.nextHop()).isNull();
        assertThat(t.routeSet()).containsExactly("<sip:edge.example.test;lr>");
    }
}
