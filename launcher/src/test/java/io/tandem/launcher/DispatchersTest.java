package io.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.dispatcher.Dispatcher;
import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.config.ConfigException;
import io.tandem.dispatcher.DispatcherConfigLoader;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipParser;
import io.tandem.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DispatchersTest {
    /** A document up to its middlewares, which each test appends. */
    private static final String CONNECT_FOR_INVITE = """
        kind: MessageDispatcher
        apiVersion: v2beta1
        ref: md
        spec:
          processors:
            - {ref: connect-processor, methods: [INVITE], matchFunc: "true"}
          middlewares:
        """;
    private final List<String> reached = new CopyOnWriteArrayList<>();
    private final Processor connect = ctx -> {
        reached.add(ctx.request().method().name());
        return CompletableFuture.completedFuture(Decision.respond(299, "Connect"));
    };

    @Test
    void withoutADispatcherDocumentConnectTakesEveryMethodTheEdgePortLetsThroughAndAck() {
        Dispatcher d = Dispatchers.connectOnly(List.of("INVITE", "X-CUSTOM"), connect);
        for (String m : List.of("INVITE", "X-CUSTOM", "ACK", "BYE", "REGISTER", "MESSAGE", "PUBLISH")) {
            assertThat(status(d, m)).as(m).isEqualTo(299);
        }
        assertThat(reached).containsExactly("INVITE", "X-CUSTOM", "ACK", "BYE", "REGISTER", "MESSAGE", "PUBLISH");
        assertThat(EdgePortConfig.DEFAULT_METHODS).contains("ACK", "CANCEL", "OPTIONS", "INFO", "UPDATE", "PRACK", "REFER",
            "SUBSCRIBE", "NOTIFY");
    }

    @Test
    void headerMiddlewaresAreBuiltInAndRunInOrderAfterInReverse() {
        String twoHeaders = CONNECT_FOR_INVITE + """
                - {ref: first, addr: "header:X-Order: first", postProcessor: true}
                - {ref: second, addr: "header:X-Order:second", postProcessor: true}
            """;
        Decision ok = decide(twoHeaders);
        assertThat(((Decision.Respond) ok).headers()).containsExactly(new Header("X-Order", "second"), new Header("X-Order", "first"));
        Decision unreachable = decide(twoHeaders + "    - {ref: elsewhere, addr: \"mw:51905\"}\n");
        assertThat(((Decision.Respond) unreachable).status()).as("a middleware that is not built in is unreachable in one process")
            .isEqualTo(503);
    }

    private Decision decide(String yaml) {
        return Dispatchers.inProcess(DispatcherConfigLoader.parse(yaml, "dispatcher.yaml"), connect).process(context("INVITE"))
            .toCompletableFuture().join();
    }

    @Test
    void aMalformedHeaderMiddlewareIsRefusedNamingTheFileAndField() {
        DispatcherConfig config = DispatcherConfigLoader.parse(CONNECT_FOR_INVITE + """
                - {ref: ok, addr: "header:X-A: 1"}
                - {ref: bad, addr: "header:X A=1"}
            """, "conf/dispatcher.yaml");
        assertThatThrownBy(() -> Dispatchers.builtInMiddlewares(config)).isInstanceOf(ConfigException.class)
            .hasMessage("conf/dispatcher.yaml: spec.middlewares[1].addr: 'header:X A=1': a header middleware is written "
                + "header:NAME: VALUE (e.g. header:X-Tenant: acme)");
    }

    private int status(Dispatcher d, String method) {
        return ((Decision.Respond) d.process(context(method)).toCompletableFuture().join()).status();
    }

    private static MessageContext context(String method) {
        SipRequest req = (SipRequest) SipParser.parse((method + " sip:bob@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK-1\r\nMax-Forwards: 70\r\n"
            + "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: call-1\r\n"
            + "CSeq: 1 " + method + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        ListeningPoint lp = new ListeningPoint(Transport.UDP, "0.0.0.0", 5060, "192.0.2.1", 5060);
        return new MessageContext("edge", req, Transport.UDP, "198.51.100.7", 5062, lp, List.of(lp), List.of(), List.of());
    }
}
