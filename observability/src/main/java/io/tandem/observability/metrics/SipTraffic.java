package io.tandem.observability.metrics;

import io.micrometer.core.instrument.Timer;
import io.tandem.metrics.Counter;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import io.tandem.sip.SipMethod;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the proxy core did, counted from its call events: requests by method (every new request,
 * CANCEL and the ACK of a 2xx), responses sent upstream by class and code (100 Trying is not
 * published), server transactions active, and the forwarding latency (request received to its
 * first branch sent, the Processor's decision included). Counters are LongAdders found by array
 * index; the latency's start times live in a map of the shard's own thread (a call's events all
 * come on its shard), so nothing is locked.
 */
public final class SipTraffic implements CallListener {
    /** The methods counted by name (the codec interns them, so they are found by reference); others count as "other". */
    private static final SipMethod[] KNOWN = {SipMethod.INVITE, SipMethod.ACK, SipMethod.BYE, SipMethod.CANCEL,
        SipMethod.OPTIONS, SipMethod.REGISTER, SipMethod.PRACK, SipMethod.SUBSCRIBE, SipMethod.NOTIFY, SipMethod.PUBLISH,
        SipMethod.INFO, SipMethod.REFER, SipMethod.MESSAGE, SipMethod.UPDATE};
    static final List<String> METHODS = java.util.Arrays.stream(KNOWN).map(SipMethod::name).toList();
    private static final String REQUESTS = "tandem_sip_requests_total";
    private static final String RESPONSES = "tandem_sip_responses_total";

    private final MetricsRegistry registry;
    private final Counter[] requests = new Counter[METHODS.size() + 1];
    private final AtomicReferenceArray<Counter> responses = new AtomicReferenceArray<>(700);
    private final LongAdder started = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final Timer forwarding;
    private final ThreadLocal<Map<TransactionKey, Long>> receivedAt = ThreadLocal.withInitial(HashMap::new);

    public SipTraffic(MetricsRegistry registry, Timer forwarding) {
        this.registry = registry;
        this.forwarding = forwarding;
        for (int i = 0; i < METHODS.size(); i++) {
            requests[i] = registry.counter(REQUESTS, "requests taken by the proxy core, by method", "method", METHODS.get(i));
        }
        requests[METHODS.size()] = registry.counter(REQUESTS, "requests taken by the proxy core, by method", "method", "other");
        registry.gauge("tandem_sip_transactions_active", "server transactions the proxy has not finished",
            () -> Math.max(0, started.sum() - ended.sum()));
    }

    @Override
    public void requestReceived(MessageContext request) {
        SipRequest req = request.request();
        count(req.method());
        started.increment();
        TransactionKey key = key(req);
        if (key != null) {
            receivedAt.get().put(key, System.nanoTime());
        }
    }

    @Override
    public void branchSent(SipRequest request, SipRequest sent, Transport transport, InetSocketAddress destination) {
        TransactionKey key = key(request);
        Long t0 = key == null ? null : receivedAt.get().remove(key);
        if (t0 != null) {
            forwarding.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void responseSent(SipRequest request, InetSocketAddress source, SipResponse response, boolean local) {
        int code = response.status();
        if (code < 100 || code > 699) {
            return;
        }
        Counter c = responses.get(code);
        if (c == null) {
            c = register(code);
        }
        c.increment();
    }

    @Override
    public void ackReceived(SipRequest ack) {
        count(ack.method());
    }

    @Override
    public void cancelReceived(SipRequest cancel, boolean matched) {
        count(cancel.method());
        started.increment();
    }

    @Override
    public void transactionEnded(SipRequest request, int status) {
        ended.increment();
        TransactionKey key = key(request);
        if (key != null) {
            receivedAt.get().remove(key);
        }
    }

    private void count(SipMethod method) {
        requests[index(method)].increment();
    }

    /** The method's counter: known methods are interned by the codec, so compared by reference first. */
    private static int index(SipMethod method) {
        for (int i = 0; i < KNOWN.length; i++) {
            if (KNOWN[i] == method) {
                return i;
            }
        }
        int i = METHODS.indexOf(method.name());
        return i < 0 ? METHODS.size() : i;
    }

    /** The first response with this code registers its series (once: the registry refuses a second). */
    private synchronized Counter register(int code) {
        Counter c = responses.get(code);
        if (c == null) {
            c = registry.counter(RESPONSES, "responses sent upstream (100 Trying excepted), by class and code",
                "class", (code / 100) + "xx", "code", Integer.toString(code));
            responses.set(code, c);
        }
        return c;
    }

    /**
     * The server transaction's key: the top Via's branch and the method (a CANCEL shares its INVITE's
     * branch). Branches compare case-sensitively here; one request's events all carry the same bytes.
     */
    private static TransactionKey key(SipRequest r) {
        Via v = r.topVia();
        String branch = v == null ? null : v.branch();
        return branch == null ? null : new TransactionKey(branch, r.method().name());
    }

    /** Branch and method: no string built per event (String caches its hash). */
    private record TransactionKey(String branch, String method) {
    }
}
