package io.tandem.edgeport.dns;

import io.tandem.processor.Transport;
import io.tandem.sip.uri.SipUri;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * RFC 3263 §4.1/§4.2 for URIs whose host is an IP address, or a name resolved with the system
 * resolver (A/AAAA) on a separate executor, never on an event loop. The dnsjava resolver adds
 * NAPTR and SRV in front of this.
 */
public final class NumericResolver implements TargetResolver {
    private final Executor blocking;

    public NumericResolver(Executor blocking) {
        this.blocking = blocking;
    }

    /** The transport a URI asks for: its transport parameter, else TLS for sips, else UDP (§4.1). */
    public static Transport transportOf(SipUri uri) {
        String t = uri.transport();
        if (t != null) {
            Transport tr = Transport.of(t);
            if (tr == null) {
                throw new IllegalArgumentException("unknown transport " + t.toLowerCase(Locale.ROOT));
            }
            return uri.secure() && tr == Transport.TCP ? Transport.TLS : tr;
        }
        return uri.secure() ? Transport.TLS : Transport.UDP;
    }

    /** The port a URI asks for, or the transport's default (§4.2). */
    public static int portOf(SipUri uri, Transport t) {
        return uri.port() >= 0 ? uri.port() : t.defaultPort();
    }

    /** The host without IPv6 brackets. */
    public static String bareHost(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public CompletionStage<List<Destination>> resolve(SipUri uri) {
        Transport t;
        try {
            t = transportOf(uri);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String host = uri.maddr() != null ? uri.maddr() : uri.host();
        int port = portOf(uri, t);
        if (uri.hostIsNumeric() && uri.maddr() == null) {
            try {
                InetAddress a = InetAddress.getByName(bareHost(host));
                return CompletableFuture.completedFuture(List.of(new Destination(t, new InetSocketAddress(a, port))));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                InetAddress[] all = InetAddress.getAllByName(bareHost(host));
                return java.util.Arrays.stream(all).map(a -> new Destination(t, new InetSocketAddress(a, port))).toList();
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, blocking);
    }
}
