package io.tandem.dispatcher;

import static io.tandem.dispatcher.DispatcherTest.config;
import static io.tandem.dispatcher.Requests.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.dispatcher.DispatcherConfig.MiddlewareSpec;
import io.tandem.dispatcher.DispatcherConfig.ProcessorSpec;
import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import io.tandem.processor.Processor;
import io.tandem.processor.Target;
import io.tandem.sip.message.RequestEditor;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A middleware's edits to the request: seen by the Processor, carried by the Forward, refused where they may not be. */
class RequestEditTest {
    private static final MessageContext INVITE = context("INVITE", "sip:bob@example.com", "X-Old: 1", "Subject: hi");

    private final AtomicReference<SipRequest> seen = new AtomicReference<>();
    /** Forwards to the Request-URI it is given, adding a header of its own and removing Subject. */
    private final Processor forwarding = ctx -> {
        seen.set(ctx.request());
        Target t = new Target(ctx.request().requestUri(), null, List.of(), List.of());
        return CompletableFuture.completedFuture(new Decision.Forward(List.of(t), Decision.Fork.PARALLEL,
            List.of(new Header("X-Processor", "yes")), List.of("Subject")));
    };

    private static Middleware editing(UnaryOperator<RequestEditor> edit) {
        return new Middleware() {
            @Override
            public CompletionStage<MessageContext> before(MessageContext c) {
                SipRequest r = edit.apply(c.request().edit()).build();
                return CompletableFuture.completedFuture(new MessageContext(c.edgePortRef(), r, c.transport(), c.sourceHost(),
                    c.sourcePort(), c.listeningPoint(), c.listeningPoints(), c.externalAddrs(), c.localnets(), c.dialogRouted()));
            }
        };
    }

    private Decision run(Middleware... mws) {
        List<MiddlewareSpec> specs = new java.util.ArrayList<>();
        Map<String, Middleware> impls = new java.util.HashMap<>();
        for (int i = 0; i < mws.length; i++) {
            specs.add(new MiddlewareSpec("m" + i, null, false));
            impls.put("m" + i, mws[i]);
        }
        Dispatcher d = Dispatcher.create(config(List.of(ProcessorSpec.of("p", List.of("INVITE"), "true")), specs),
            Map.of("p", forwarding), impls);
        try {
            return d.process(INVITE).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void headersAddedChangedAndRemovedReachTheProcessorAndTheForward() {
        Decision d = run(editing(e -> e.add("X-Tenant", "acme").set("X-Old", "2")),
            editing(e -> e.remove("Subject").add("X-Second", "b")));
        assertThat(seen.get().header("X-Tenant")).isEqualTo("acme");
        assertThat(seen.get().header("X-Old")).isEqualTo("2");
        Decision.Forward f = (Decision.Forward) d;
        // one diff from the EdgePort's request to the last middleware's, then the Processor's own edits
        assertThat(f.removeHeaders()).containsExactly("X-Old", "Subject", "X-Tenant", "X-Second", "Subject");
        assertThat(f.headers()).containsExactly(new Header("X-Old", "2"), new Header("X-Tenant", "acme"),
            new Header("X-Second", "b"), new Header("X-Processor", "yes"));
        assertThat(f.body()).isNull();
    }

    @Test
    void theRequestUriAndTheBodyChange() {
        SipUri voicemail = SipUri.of(false, "voicemail", "example.com", -1);
        Decision.Forward f = (Decision.Forward) run(editing(e -> e.requestUri(voicemail).body("v=0\r\n", "application/sdp")));
        assertThat(f.targets().getFirst().requestUri().toString()).isEqualTo("sip:voicemail@example.com");
        assertThat(new String(f.body().content(), StandardCharsets.UTF_8)).isEqualTo("v=0\r\n");
        assertThat(f.headers()).contains(new Header("Content-Type", "application/sdp"));
    }

    @Test
    void aMiddlewareThatSendsBackAnUnchangedRequestChangesNothing() {
        Decision.Forward f = (Decision.Forward) run(editing(UnaryOperator.identity()));
        assertThat(f.removeHeaders()).containsExactly("Subject");
        assertThat(f.headers()).containsExactly(new Header("X-Processor", "yes"));
    }

    @Test
    void whatIdentifiesTheTransactionOrDialogMayNotChange() {
        assertRefused(e -> e.set("Call-ID", "other"), "Call-ID changed");
        assertRefused(e -> e.set("CSeq", "2 INVITE"), "CSeq changed");
        assertRefused(e -> e.add("Via", "SIP/2.0/UDP 203.0.113.9;branch=z9hG4bK-x"), "Via changed");
        assertRefused(e -> e.set("From", "<sip:alice@example.com>;tag=2"), "the From tag changed");
        assertRefused(e -> e.set("To", "<sip:bob@example.com>;tag=9"), "the To tag changed");
        assertRefused(e -> e.maxForwards(69), "Max-Forwards changed");
        assertRefused(e -> e.add("Route", "<sip:203.0.113.9;lr>"), "Route changed");
        assertRefused(e -> e.add("Record-Route", "<sip:203.0.113.9;lr>"), "Record-Route changed");
        assertRefused(e -> e.set("To", "not a uri <"), "the request is not valid: Bad To");
        // From's URI and display name may change (a caller-ID rewrite), its tag may not
        Decision ok = run(editing(e -> e.set("From", "\"Front desk\" <sip:desk@example.com>;tag=1")));
        assertThat(((Decision.Forward) ok).headers()).contains(new Header("From", "\"Front desk\" <sip:desk@example.com>;tag=1"));
    }

    @Test
    void aMiddlewareFailingWithBrokenRequestIsAnswered500NamingIt() {
        Middleware broken = new Middleware() {
            @Override
            public CompletionStage<MessageContext> before(MessageContext c) {
                return CompletableFuture.failedFuture(new Middleware.BrokenRequest("message.via: Via may not change"));
            }
        };
        Decision.Respond r = (Decision.Respond) run(broken);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.reason()).isEqualTo("Server Internal Error (middleware m0: message.via: Via may not change)");
        assertThat(seen.get()).isNull();
    }

    private void assertRefused(UnaryOperator<RequestEditor> edit, String reason) {
        seen.set(null);
        Decision d = run(editing(edit));
        assertThat(d).isInstanceOf(Decision.Respond.class);
        Decision.Respond r = (Decision.Respond) d;
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.reason()).isEqualTo("Server Internal Error (middleware m0: " + reason + ")");
        assertThat(seen.get()).as("the processor never sees a refused edit").isNull();
    }
}
