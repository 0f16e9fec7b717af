package io.tandem.security;

import io.tandem.edgeport.transport.Flow;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.header.Via;
import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Requests and flows for the filter tests. */
final class Messages {
    private Messages() {
    }

    static SipRequest request(String method, String uri, String... extraHeaders) {
        return withBody(method, uri, "", extraHeaders);
    }

    static SipRequest withBody(String method, String uri, String body, String... extraHeaders) {
        StringBuilder sb = new StringBuilder(method + " " + uri + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1\r\n"
            + "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n"
            + "Call-ID: c1\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        return (SipRequest) SipParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Flow flow(String ip, Transport t) {
        InetSocketAddress remote = new InetSocketAddress(ip, 5060);
        return new Flow() {
            @Override
            public Transport transport() {
                return t;
            }

            @Override
            public InetSocketAddress remote() {
                return remote;
            }

            @Override
            public ListeningPoint local() {
                return new ListeningPoint(t, "127.0.0.1", 5060, "127.0.0.1", 5060);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public CompletionStage<Void> send(SipMessage message) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public Flow forResponse(Via topVia) {
                return this;
            }
        };
    }

    static Flow udp(String ip) {
        return flow(ip, Transport.UDP);
    }

    /** A clock the test moves. */
    static final class ManualClock implements java.util.function.LongSupplier {
        long now = 1_000_000_000L;

        @Override
        public long getAsLong() {
            return now;
        }

        void advance(long millis) {
            now += millis;
        }
    }
}
