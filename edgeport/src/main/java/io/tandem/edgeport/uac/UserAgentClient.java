package io.tandem.edgeport.uac;

import io.netty.channel.EventLoop;
import io.tandem.edgeport.dns.Destination;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.edgeport.proxy.Advertiser;
import io.tandem.edgeport.transaction.ClientTransaction;
import io.tandem.edgeport.transaction.ClientTransactionListener;
import io.tandem.edgeport.transaction.TransactionLayer;
import io.tandem.edgeport.transport.Flow;
import io.tandem.edgeport.transport.SipTransport;
import io.tandem.processor.ListeningPoint;
import io.tandem.sip.Parameters;
import io.tandem.sip.SipMethod;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.sip.uri.SipUri;
import io.tandem.sip.uri.Uri;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Sends requests that Tandem itself originates (RFC 3261 §8.1), such as a trunk's REGISTER: on
 * the shard that owns the request's Call-ID, so its responses (matched by the transport on the
 * same hash) find the client transaction without crossing threads. The next hop is the first
 * Route, else the Request-URI (§8.1.2), resolved as RFC 3263 says and tried destination by
 * destination; our Via goes on top with a fresh branch (§8.1.1.7).
 *
 * <p>Only non-INVITE requests: an INVITE would need a dialog layer (ACK for the 2xx, §13.2.2.4).
 * The stage completes on the shard's event loop with the final response: the peer's, or one made
 * here as §8.1.3.1 says, 408 when the transaction timed out and 503 when the next hop could not
 * be resolved or reached. Callers must not block in what they chain to it.
 */
public final class UserAgentClient {
    /** The event loop and transaction layer that own one Call-ID. */
    public record Shard(EventLoop loop, TransactionLayer transactions) {
    }

    /** Where a request leaves from: our listening point, the host we advertise toward the peer, and the peer. */
    public record Origin(ListeningPoint local, String host, InetSocketAddress remote) {
        /** {@code sip:user@host:port[;transport=x]}: a Contact on this listening point (§10.2.1, §8.1.1.8). */
        public SipUri contact(String user) {
            SipUri uri = SipUri.of(false, user == null ? null : SipUri.escapeUser(user), bracket(host), local.advertisedPort());
            return local.transport() == io.tandem.processor.Transport.UDP ? uri
                : uri.withParam("transport", local.transport().uriParam());
        }
    }

    /** Completes a request once its origin is known (e.g. adds a Contact); called on the shard's loop. */
    @FunctionalInterface
    public interface Stamp {
        SipRequest apply(SipRequest request, Origin origin);

        Stamp NONE = (r, o) -> r;
    }

    private final Function<String, Shard> shards;
    private final SipTransport transport;
    private final TargetResolver resolver;
    private final Advertiser advertiser;

    /** @param shards the shard that owns a Call-ID (the one the transport hands its responses to) */
    public UserAgentClient(Function<String, Shard> shards, SipTransport transport, TargetResolver resolver, Advertiser advertiser) {
        this.shards = shards;
        this.transport = transport;
        this.resolver = resolver;
        this.advertiser = advertiser;
    }

    /** Sends {@code request} (no Via of ours yet) as it is; see {@link #send(SipRequest, Stamp)}. */
    public CompletionStage<SipResponse> send(SipRequest request) {
        return send(request, Stamp.NONE);
    }

    /**
     * Resolves the next hop of {@code request}, applies {@code stamp} with the origin chosen, pushes
     * our Via and sends it in a client transaction.
     *
     * @throws IllegalArgumentException for INVITE, ACK and CANCEL (they belong to a dialog or a transaction)
     */
    public CompletionStage<SipResponse> send(SipRequest request, Stamp stamp) {
        SipMethod method = request.method();
        if (method == SipMethod.INVITE || method == SipMethod.ACK || method == SipMethod.CANCEL) {
            throw new IllegalArgumentException(method + " cannot be sent by the user agent client");
        }
        Shard shard = shards.apply(request.callId());
        CompletableFuture<SipResponse> result = new CompletableFuture<>();
        shard.loop().execute(() -> {
            CompletionStage<Flow> hop;
            try {
                hop = nextHop(request);
            } catch (RuntimeException e) { // a Route or Request-URI that is not SIP
                hop = CompletableFuture.failedFuture(e);
            }
            hop.whenCompleteAsync((flow, err) -> {
                if (err != null) {
                    result.complete(synthesized(request, 503, "Service Unavailable"));
                    return;
                }
                try {
                    Origin origin = new Origin(flow.local(), advertiser.hostFor(flow.local(), flow.remote().getAddress()), flow.remote());
                    SipRequest out = withVia(stamp.apply(request, origin), origin);
                    shard.transactions().sendRequest(out, flow, new Outcome(out, result));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, shard.loop());
        });
        return result;
    }

    /** §8.1.2: the first Route when there is one (a loose router), else the Request-URI. */
    private CompletionStage<Flow> nextHop(SipRequest request) {
        List<NameAddress> routes = request.routes();
        Uri hop = routes.isEmpty() ? request.requestUri() : routes.get(0).uri();
        if (!(hop instanceof SipUri uri)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot send to a " + hop.scheme() + " URI"));
        }
        return resolver.resolve(uri).thenCompose(ds -> connect(ds, 0));
    }

    private CompletionStage<Flow> connect(List<Destination> ds, int i) {
        if (i >= ds.size()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no destination could be reached"));
        }
        Destination d = ds.get(i);
        return transport.flowTo(d.transport(), d.address())
            .handle((f, err) -> err == null ? CompletableFuture.completedFuture(f) : connect(ds, i + 1))
            .thenCompose(x -> x);
    }

    /** §8.1.1.7: our Via, with a branch unique in space and time that starts with the magic cookie; rport (RFC 3581). */
    private static SipRequest withVia(SipRequest request, Origin origin) {
        byte[] b = new byte[10];
        ThreadLocalRandom.current().nextBytes(b);
        String branch = Via.MAGIC_COOKIE + "-U" + HexFormat.of().formatHex(b);
        Via via = new Via("SIP/2.0", origin.local().transport().viaToken(), bracket(origin.host()), origin.local().advertisedPort(),
            Parameters.of("branch", branch, "rport", null));
        return request.edit().pushVia(via).build();
    }

    private static SipResponse synthesized(SipRequest request, int status, String reason) {
        return SipResponse.forRequest(request, status, reason);
    }

    private static String bracket(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The transaction's end, as one final response (§8.1.3.1: timeout 408, transport error 503). */
    private record Outcome(SipRequest sent, CompletableFuture<SipResponse> result) implements ClientTransactionListener {
        @Override
        public void onResponse(ClientTransaction tx, SipResponse response) {
            if (response.status() >= 200) {
                result.complete(response);
            }
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            result.complete(synthesized(sent, 408, "Request Timeout"));
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            result.complete(synthesized(sent, 503, "Service Unavailable"));
        }
    }
}
