package io.tandem.bench;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.tandem.sip.header.CSeq;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.text.ParseException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Tandem's codec against the JAIN-SIP reference implementation (1.3.0-91) on the same bytes, in
 * the same JVM. Each benchmark parses the message from its bytes and then reads:
 * <ul>
 *   <li>{@code routing_*}: what a proxy or transaction layer needs per message: top Via branch,
 *       Call-ID, CSeq number and method, From tag, To tag and, for requests, the Request-URI
 *       as a parsed URI (its host);</li>
 *   <li>{@code everyHeader_*}: every header of the message, in typed form where the parser has
 *       a type for it (see README.md for exactly what each side does).</li>
 * </ul>
 * The defaults here match {@code run.sh}; command-line options override them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

    @Param({"invite", "register", "ok"})
    public String message;

    private byte[] bytes;
    /** JAIN-SIP's UDP message channel keeps one parser and reuses it for every datagram; so do we. */
    private StringMsgParser jainParser;

    @Setup
    public void setup() throws ParseException {
        bytes = Messages.get(message);
        jainParser = new StringMsgParser();
        CrossCheck.verify(message, bytes);
    }

    // ---------------------------------------------------------------- (a) routing fields

    @Benchmark
    public void routing_tandem(Blackhole bh) {
        tandemRouting(SipParser.parse(bytes), bh);
    }

    @Benchmark
    public void routing_jainSip(Blackhole bh) throws ParseException {
        jainRouting(jainParse(jainParser, bytes), bh);
    }

    // ---------------------------------------------------------------- (b) every header

    @Benchmark
    public void everyHeader_tandem(Blackhole bh) {
        tandemEveryHeader(SipParser.parse(bytes), bh);
    }

    @Benchmark
    public void everyHeader_jainSip(Blackhole bh) throws ParseException {
        jainEveryHeader(jainParse(jainParser, bytes), bh);
    }

    // ---------------------------------------------------------------- what each side does

    /**
     * How JAIN-SIP's stack parses a datagram (UDPMessageChannel): read the body, not strict,
     * no exception listener, so a malformed header throws.
     */
    static SIPMessage jainParse(StringMsgParser parser, byte[] b) throws ParseException {
        return parser.parseSIPMessage(b, true, false, null);
    }

    static void tandemRouting(SipMessage m, Blackhole bh) {
        bh.consume(m.topVia().branch());
        bh.consume(m.callId());
        CSeq cseq = m.cseq();
        bh.consume(cseq.sequence());
        bh.consume(cseq.method());
        bh.consume(m.from().tag());
        bh.consume(m.to().tag());
        if (m instanceof SipRequest r) {
            Uri u = r.requestUri();
            bh.consume(u instanceof SipUri s ? s.host() : u);
        }
    }

    /** JAIN-SIP's own typed getters on SIPMessage (what its stack uses), not the slower getHeader(name). */
    static void jainRouting(SIPMessage m, Blackhole bh) {
        bh.consume(m.getTopmostVia().getBranch());
        bh.consume(m.getCallId().getCallId());
        CSeqHeader cseq = m.getCSeq();
        bh.consume(cseq.getSeqNumber());
        bh.consume(cseq.getMethod());
        bh.consume(m.getFrom().getTag());
        bh.consume(m.getTo().getTag());
        if (m instanceof SIPRequest r) {
            URI u = r.getRequestURI();
            bh.consume(u instanceof SipURI s ? s.getHost() : u);
        }
    }

    /**
     * Every header: the typed accessor for each header the codec has one for (called once per
     * header name, since it returns all lines of that name), the value as a String for the others.
     * The typed accessors parse each value completely (URIs and parameters included), which is
     * what JAIN-SIP does for every header at parse time.
     */
    static void tandemEveryHeader(SipMessage m, Blackhole bh) {
        if (m instanceof SipRequest r) {
            bh.consume(r.method());
            bh.consume(r.requestUri());
        } else {
            bh.consume(((SipResponse) m).status());
        }
        int seen = 0; // one bit per list-valued accessor already called
        for (int i = 0, n = m.headerCount(); i < n; i++) {
            switch (m.headerCanonicalName(i)) {
                case "Via" -> {
                    if ((seen & 1) == 0) {
                        seen |= 1;
                        bh.consume(m.vias());
                    }
                }
                case "Contact" -> {
                    if ((seen & 2) == 0) {
                        seen |= 2;
                        bh.consume(m.contacts());
                    }
                }
                case "Route" -> {
                    if ((seen & 4) == 0) {
                        seen |= 4;
                        bh.consume(m.routes());
                    }
                }
                case "Record-Route" -> {
                    if ((seen & 8) == 0) {
                        seen |= 8;
                        bh.consume(m.recordRoutes());
                    }
                }
                case "Supported" -> {
                    if ((seen & 16) == 0) {
                        seen |= 16;
                        bh.consume(m.supported());
                    }
                }
                case "Allow" -> {
                    if ((seen & 32) == 0) {
                        seen |= 32;
                        bh.consume(m.allow());
                    }
                }
                case "Require" -> {
                    if ((seen & 64) == 0) {
                        seen |= 64;
                        bh.consume(m.require());
                    }
                }
                case "Authorization" -> {
                    if ((seen & 128) == 0) {
                        seen |= 128;
                        bh.consume(m.authorization());
                    }
                }
                case "From" -> bh.consume(m.from());
                case "To" -> bh.consume(m.to());
                case "Call-ID" -> bh.consume(m.callId());
                case "CSeq" -> bh.consume(m.cseq());
                case "Max-Forwards" -> bh.consume(m.maxForwards());
                case "Content-Length" -> bh.consume(m.contentLength());
                case "Content-Type" -> bh.consume(m.contentType());
                case "Expires" -> bh.consume(m.expires());
                case "User-Agent" -> bh.consume(m.userAgent());
                default -> bh.consume(m.headerValue(i));
            }
        }
    }

    /**
     * Every header: JAIN-SIP has already parsed each header into its typed object during
     * parseSIPMessage, so this walks the message's header list (the cheapest way to reach every
     * header object; the lists of multi-line headers such as Via are opened to their elements) and
     * touches each header and its name.
     */
    static void jainEveryHeader(SIPMessage m, Blackhole bh) {
        if (m instanceof SIPRequest r) {
            bh.consume(r.getMethod());
            bh.consume(r.getRequestURI());
        } else {
            bh.consume(((SIPResponse) m).getStatusCode());
        }
        for (Iterator<SIPHeader> it = m.getHeaders(); it.hasNext(); ) {
            SIPHeader h = it.next();
            if (h instanceof SIPHeaderList<?> list) {
                for (SIPHeader e : list) {
                    bh.consume(e);
                    bh.consume(e.getName());
                }
            } else {
                bh.consume(h);
                bh.consume(h.getName());
            }
        }
    }
}
