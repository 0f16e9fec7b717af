package io.tandem.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tandem.edgeport.dns.Destination;
import io.tandem.edgeport.dns.TargetResolver;
import io.tandem.location.LocationService;
import io.tandem.location.MemoryLocationService;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.Decision;
import io.tandem.processor.Processor;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.uri.SipUri;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * One trace per call attempt, driven in the order the proxy core publishes: the EdgePort's root
 * span, the Dispatcher's and the Processor's under it, the Location lookup under the Processor,
 * the DNS resolution and one span per branch under the root; the trace id in the MDC meanwhile.
 */
class TracingTest {
    @Test
    void aForkedInviteIsOneTraceWithTheExpectedSpans() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        String[] mdcTrace = new String[1];
        List<SpanData> spans;
        try (Observability o = new Observability(ObservabilitySettings.DEFAULT, new MetricsRegistry(), "edge-t", exporter);
             LocationService memory = new MemoryLocationService()) {
            LocationService location = o.location(memory);
            Processor connect = o.routedProcessor(ctx -> {
                mdcTrace[0] = MDC.get("trace_id");
                return location.findRoutes("sip:bob@example.com").thenApply(r -> Decision.respond(480, "Unavailable"));
            }, "connect");
            Processor edge = o.edgeProcessor(connect);
            TargetResolver resolver = o.resolver(uri -> CompletableFuture.completedFuture(
                List.of(new Destination(Transport.UDP, new InetSocketAddress("127.0.0.1", 5080)))));

            SipRequest invite = Messages.sipRequest(Messages.request("INVITE", "trace-1", "z9hG4bKt1", 1));
            o.calls().requestReceived(Messages.context(invite));
            edge.process(Messages.context(invite)).toCompletableFuture().get();
            resolver.resolve(SipUri.parse("sip:bob@127.0.0.1:5080")).toCompletableFuture().get();
            o.calls().branchSent(invite, invite, Transport.UDP, new InetSocketAddress("127.0.0.1", 5080));
            o.calls().branchSent(invite, invite, Transport.UDP, new InetSocketAddress("127.0.0.1", 5090));
            o.calls().responseSent(invite, Messages.CALLER, Messages.sipResponse(Messages.response(180, "Ringing", "INVITE",
                "trace-1", "z9hG4bKt1", 1)), false);
            o.calls().transactionEnded(invite, 487);
            o.flushTraces();
            spans = exporter.getFinishedSpanItems(); // before close: shutting the exporter down empties it
        }
        Map<String, SpanData> byName = spans.stream().collect(Collectors.toMap(SpanData::getName, Function.identity(), (a, b) -> a));
        assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("edgeport INVITE", "dispatcher",
            "processor connect", "location lookup", "dns 127.0.0.1", "branch UDP 127.0.0.1:5080", "branch UDP 127.0.0.1:5090");
        SpanData root = byName.get("edgeport INVITE");
        assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(root.getTraceId()));
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        assertThat(root.getAttributes().asMap().toString()).contains("sip.call_id=trace-1").contains("sip.status_code=487");
        assertThat(root.getEvents()).extracting(e -> e.getName()).containsExactly("response 180");
        assertThat(byName.get("dispatcher").getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(byName.get("processor connect").getParentSpanId()).isEqualTo(byName.get("dispatcher").getSpanId());
        assertThat(byName.get("location lookup").getParentSpanId()).isEqualTo(byName.get("processor connect").getSpanId());
        assertThat(byName.get("dns 127.0.0.1").getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(byName.get("branch UDP 127.0.0.1:5080").getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(mdcTrace[0]).as("the trace id in the MDC while the Processor runs").isEqualTo(root.getTraceId());
        assertThat(MDC.get("trace_id")).isNull();
    }
}
