package io.tandem.security;

import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.OutboundFilter;
import io.tandem.edgeport.door.Verdict;
import io.tandem.edgeport.log.RateLimitedLog;
import io.tandem.edgeport.proxy.LocalAddresses;
import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.OwnAddresses;
import io.tandem.processor.Transport;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.HeaderEditor;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topology hiding (Kamailio's topoh, our own design): what leaves toward a side that is not
 * {@code exempt} names no address but ours, and what comes back is restored before any other
 * layer sees it. Stateless: the headers taken out travel, sealed by {@link TopologyCipher}, in a
 * {@code tdh} parameter of our own entries (or the user of our Contact), so that calls survive a
 * restart and work across EdgePorts that share the secret.
 *
 * <ul>
 *   <li>Requests: the Vias below ours go into our Via's {@code tdh} (RFC 3261 §16.6 step 8 puts ours
 *       on top; §16.7 step 3 pops it from the response, and the inbound side restores the rest first).</li>
 *   <li>Record-Route (§16.6 step 4, RFC 5658 doubling): a request keeps only our top entry, carrying
 *       the entries below it (ours facing the caller, the caller's proxies); a response keeps our
 *       entry facing its receiver and the receiver's own proxies below it, carrying those above.
 *       The peer's route set then names us alone; its Route brings the seal back, and the entry is
 *       expanded to the full set before §16.4 route preprocessing.</li>
 *   <li>Contact (§12.1.1: the remote target) becomes {@code sip:tdh.<sealed URI>@us}; an in-dialog
 *       request toward it has its Request-URI restored. REGISTER and its responses are left alone:
 *       their Contacts are the registering agent's own bindings (§10.3).</li>
 * </ul>
 * A request whose seal does not open (forged, or another secret) is answered 481 (§12.2.2: the
 * dialog is unknown); such a response is dropped. Both are counted and logged at a limited rate.
 */
public final class TopologyHiding implements InboundFilter, OutboundFilter {
    static final String PARAM = "tdh";
    static final String USER = "tdh.";
    /** Kinds of a sealed Record-Route: the hidden entries were below ours (a request's) or above (a response's). */
    private static final char BELOW = 'Q';
    private static final char ABOVE = 'S';
    private static final Verdict.Reject UNKNOWN = new Verdict.Reject(481, "Masked Dialog Unknown");
    private static final Verdict BAD_RESPONSE = new Verdict.Drop("topology mask");
    private static final Logger LOG = LoggerFactory.getLogger("tandem.security");
    private static final RateLimitedLog BAD = RateLimitedLog.of(LOG);

    private final TopologyCipher cipher;
    private final Networks exempt;
    private final List<String> externalAddrs;
    private volatile LocalAddresses own;
    private final LongAdder masked = new LongAdder();
    private final LongAdder restored = new LongAdder();
    private final LongAdder invalid = new LongAdder();

    /**
     * @param key the topology key (from the server's secret)
     * @param exempt sides that see messages as they are (nothing masked toward them)
     * @param externalAddrs the EdgePort's external addresses (ours too)
     */
    public TopologyHiding(byte[] key, Networks exempt, List<String> externalAddrs) {
        this.cipher = new TopologyCipher(key);
        this.exempt = exempt;
        this.externalAddrs = List.copyOf(externalAddrs);
    }

    /** The EdgePort's bound listening points: which addresses are ours. Nothing is masked before. */
    public void listening(List<ListeningPoint> points) {
        own = new LocalAddresses(points, externalAddrs);
    }

    @Override
    public SipMessage outbound(SipMessage message, Flow flow) {
        LocalAddresses local = own;
        if (local == null || exempt.contains(flow.remote().getAddress())) {
            return message;
        }
        SipMessage out = message instanceof SipRequest r ? maskRequest(r, flow, local) : maskResponse((SipResponse) message, flow, local);
        if (out != message) {
            masked.increment();
        }
        return out;
    }

    private SipMessage maskRequest(SipRequest r, Flow flow, LocalAddresses local) {
        var e = r.edit();
        boolean changed = false;
        List<Via> vias = r.vias();
        if (vias.isEmpty()) {
            return r;
        }
        if (vias.size() > 1) {
            e.set("Via", vias.get(0).withParam(PARAM, cipher.seal(join(vias.subList(1, vias.size())))).toString());
            changed = true;
        }
        List<NameAddress> rr = r.recordRoutes();
        int first = firstOwn(rr, local);
        if (first >= 0 && first < rr.size() - 1) {
            List<NameAddress> kept = new ArrayList<>(rr.subList(0, first));
            kept.add(sealed(rr.get(first), BELOW, rr.subList(first + 1, rr.size())));
            replace(e, "Record-Route", kept);
            changed = true;
        }
        if (!"REGISTER".equals(r.method().name()) && maskContact(e, r, vias.get(0).host(), vias.get(0).port(), flow)) {
            changed = true;
        }
        changed |= maskParty(e, "From", r.from(), vias.get(0).host(), local);
        changed |= maskParty(e, "To", r.to(), vias.get(0).host(), local);
        return changed ? e.build() : r;
    }

    private SipMessage maskResponse(SipResponse r, Flow flow, LocalAddresses local) {
        var e = r.edit();
        boolean changed = false;
        List<NameAddress> rr = r.recordRoutes();
        int first = firstOwn(rr, local);
        String host = flow.local().advertisedHost();
        int port = flow.local().advertisedPort();
        if (first >= 0) {
            int last = first;
            while (last + 1 < rr.size() && local.isLocal(rr.get(last + 1).uri())) {
                last++;
            }
            SipUri facing = (SipUri) rr.get(last).uri();
            host = facing.host();
            port = facing.port();
            if (last > 0) {
                List<NameAddress> kept = new ArrayList<>();
                kept.add(sealed(rr.get(last), ABOVE, rr.subList(0, last)));
                kept.addAll(rr.subList(last + 1, rr.size()));
                replace(e, "Record-Route", kept);
                changed = true;
            }
        }
        if (!"REGISTER".equals(r.cseq().method()) && maskContact(e, r, host, port, flow)) {
            changed = true;
        }
        changed |= maskParty(e, "From", r.from(), host, local);
        changed |= maskParty(e, "To", r.to(), host, local);
        return changed ? e.build() : r;
    }

    /** One Contact URI becomes ours, its own sealed in the user part; header parameters (expires, +sip.instance) stay. */
    private boolean maskContact(HeaderEditor<?> e, SipMessage m, String host, int port, Flow flow) {
        if (!m.hasHeader("Contact")) {
            return false;
        }
        List<NameAddress> contacts = m.contacts();
        if (contacts.size() != 1 || contacts.get(0).isWildcard()) {
            return false;
        }
        NameAddress c = contacts.get(0);
        SipUri uri = SipUri.of(false, USER + cipher.seal(c.uri().toString()), bracket(host), port);
        if (flow.transport() != Transport.UDP) {
            uri = uri.withParam("transport", flow.transport().uriParam());
        }
        e.set("Contact", new NameAddress(null, uri, c.params(), false).toString());
        return true;
    }

    /**
     * A From or To URI whose host is an address not ours (a caller's own, or a trunk's host set as
     * caller ID) names us instead. Dialogs are matched by Call-ID and tags, not these URIs
     * (§12.2.1.1), so nothing needs restoring; names (domains) are left as they are.
     */
    private static boolean maskParty(HeaderEditor<?> e, String header, NameAddress party, String host,
                                     LocalAddresses local) {
        if (!(party.uri() instanceof SipUri uri) || !uri.hostIsNumeric() || local.isLocal(uri)
            || OwnAddresses.normalize(uri.host()).equals(OwnAddresses.normalize(host))) {
            return false;
        }
        e.set(header, party.withUri(uri.withHost(host).withPort(-1)).toString());
        return true;
    }

    @Override
    public Verdict check(SipMessage message, Flow flow) {
        LocalAddresses local = own;
        if (local == null) {
            return Verdict.PASS;
        }
        try {
            SipMessage out = message instanceof SipRequest r ? restoreRequest(r, local) : restoreResponse((SipResponse) message, local);
            if (out == message) {
                return Verdict.PASS;
            }
            restored.increment();
            return new Verdict.Replace(out);
        } catch (UnreadableMask bad) {
            invalid.increment();
            BAD.warn("topology hiding: {} from {} over {} does not open with our key (forged, or another secret)", bad.getMessage(),
                flow.remote(), flow.transport());
            return message instanceof SipRequest ? UNKNOWN : BAD_RESPONSE;
        }
    }

    private SipMessage restoreRequest(SipRequest r, LocalAddresses local) {
        var e = r.edit();
        boolean changed = false;
        if (r.requestUri() instanceof SipUri ru && ru.user() != null && ru.user().startsWith(USER) && local.isLocal(ru)) {
            e.requestUri(Uri.parse(open(ru.user().substring(USER.length()), "the Request-URI")));
            changed = true;
        }
        if (r.hasHeader("Route") && expand(e, "Route", r.routes(), local)) {
            changed = true;
        }
        return changed ? e.build() : r;
    }

    private SipMessage restoreResponse(SipResponse r, LocalAddresses local) {
        var e = r.edit();
        boolean changed = false;
        Via top = r.topVia();
        String viaSeal = top == null ? null : top.params().get(PARAM);
        if (viaSeal != null && local.isLocal(top)) {
            List<String> all = new ArrayList<>();
            all.add(top.withoutParam(PARAM).toString());
            all.addAll(lines(open(viaSeal, "a Via")));
            replace(e, "Via", all);
            changed = true;
        }
        if (r.hasHeader("Record-Route") && expand(e, "Record-Route", r.recordRoutes(), local)) {
            changed = true;
        }
        return changed ? e.build() : r;
    }

    /**
     * Our sealed entries of a Route or Record-Route back to the entries they stand for. A
     * Record-Route gets them where they were (below ours for a request's seal, above for a
     * response's); a Route, the route set built from them (§12.1.1: a callee's is the
     * Record-Route in order, §12.1.2: a caller's is reversed).
     */
    private boolean expand(HeaderEditor<?> e, String header, List<NameAddress> entries, LocalAddresses local) {
        List<NameAddress> full = new ArrayList<>();
        boolean expanded = false;
        for (NameAddress entry : entries) {
            String seal = entry.uri() instanceof SipUri s ? s.param(PARAM) : null;
            if (seal == null || !local.isLocal(entry.uri())) {
                full.add(entry);
                continue;
            }
            String text = open(seal, "a " + header);
            List<NameAddress> hidden = split(text.substring(1), header);
            boolean below = text.charAt(0) == BELOW;
            if (header.equals("Route")) {
                full.add(withoutSeal(entry));
                full.addAll(below ? hidden : hidden.reversed());
            } else if (below) {
                full.add(withoutSeal(entry));
                full.addAll(hidden);
            } else {
                full.addAll(hidden);
                full.add(withoutSeal(entry));
            }
            expanded = true;
        }
        if (expanded) {
            replace(e, header, full);
        }
        return expanded;
    }

    private NameAddress sealed(NameAddress ours, char kind, List<NameAddress> hidden) {
        return ours.withUri(((SipUri) ours.uri()).withParam(PARAM, cipher.seal(kind + join(hidden))));
    }

    private static NameAddress withoutSeal(NameAddress entry) {
        return entry.withUri(((SipUri) entry.uri()).withoutParam(PARAM));
    }

    private String open(String token, String where) {
        String text = cipher.open(token);
        if (text == null || text.isEmpty()) {
            throw new UnreadableMask("the seal of " + where);
        }
        return text;
    }

    private static int firstOwn(List<NameAddress> entries, LocalAddresses local) {
        for (int i = 0; i < entries.size(); i++) {
            if (local.isLocal(entries.get(i).uri())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Every value on its own line, in order (§7.3.1: the relative order of same-name lines is
     * significant), where the first line of that name was.
     */
    private static void replace(HeaderEditor<?> e, String name, List<?> values) {
        if (values.isEmpty()) {
            e.remove(name);
            return;
        }
        e.set(name, values.getLast().toString());
        for (int i = values.size() - 2; i >= 0; i--) {
            e.addFirst(name, values.get(i).toString());
        }
    }

    private static String join(List<?> values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            sb.append(sb.isEmpty() ? "" : "\n").append(v);
        }
        return sb.toString();
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static List<NameAddress> split(String text, String header) {
        List<NameAddress> out = new ArrayList<>();
        for (String line : lines(text)) {
            out.add(NameAddress.parse(line, header));
        }
        return out;
    }

    private static String bracket(String h) {
        return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    /** Messages rewritten on their way out. */
    public long masked() {
        return masked.sum();
    }

    /** Messages whose masked headers were restored on their way in. */
    public long restored() {
        return restored.sum();
    }

    /** Seals that did not open: requests answered 481, responses dropped. */
    public long invalid() {
        return invalid.sum();
    }

    /** A seal that does not open with our key. */
    private static final class UnreadableMask extends RuntimeException {
        UnreadableMask(String where) {
            super(where, null, false, false);
        }
    }
}
