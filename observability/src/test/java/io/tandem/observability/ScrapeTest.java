package io.tandem.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.Decision;
import io.tandem.processor.Processor;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.testkit.PrometheusScrape;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** /metrics: the registry's series and Micrometer's, in strict Prometheus text, with the EdgePort's ref on each. */
class ScrapeTest {
    @Test
    void registrySeriesCallCountersHistogramsAndJvmInOneStrictExposition() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("tandem_test_escapes_total", "help with \\ and\nnewline", () -> 7, "reason", "a \"quoted\"\\value");
        MetricsRegistry edge = new MetricsRegistry();
        edge.counter("tandem_proxy_requests_total", "new requests", () -> 3);
        try (Observability o = new Observability(ObservabilitySettings.DEFAULT, registry, "edge-1", null)) {
            o.scrape().edgePortRegistry(edge);
            SipRequest invite = Messages.sipRequest(Messages.request("INVITE", "c1", "z9hG4bK1", 1));
            Processor p = o.edgeProcessor(ctx -> CompletableFuture.completedFuture(Decision.respond(486, "Busy Here")));
            o.calls().requestReceived(Messages.context(invite));
            p.process(Messages.context(invite));
            o.calls().branchSent(invite, invite, Transport.UDP, new InetSocketAddress("127.0.0.1", 5080));
            o.calls().responseSent(invite, Messages.CALLER, Messages.sipResponse(Messages.response(180, "Ringing", "INVITE", "c1",
                "z9hG4bK1", 1)), false);
            o.calls().responseSent(invite, Messages.CALLER, Messages.sipResponse(Messages.response(486, "Busy Here", "INVITE", "c1",
                "z9hG4bK1", 1)), false);
            SipRequest bye = Messages.sipRequest(Messages.request("BYE", "c1", "z9hG4bK2", 2));
            o.calls().requestReceived(Messages.context(bye));

            PrometheusScrape s = PrometheusScrape.parse(o.scrape().text());
            assertThat(s.types()).containsEntry("tandem_sip_requests_total", "counter")
                .containsEntry("tandem_sip_transactions_active", "gauge")
                .containsEntry("tandem_forwarding_latency_seconds", "histogram")
                .containsEntry("tandem_processor_latency_seconds", "histogram");
            assertThat(s.samples()).allSatisfy(x -> assertThat(x.labels()).containsEntry("edgeport", "edge-1"));
            assertThat(s.value("tandem_sip_requests_total", "method", "INVITE")).isEqualTo(1);
            assertThat(s.value("tandem_sip_requests_total", "method", "BYE")).isEqualTo(1);
            assertThat(s.value("tandem_sip_requests_total", "method", "OPTIONS")).isZero();
            assertThat(s.value("tandem_sip_responses_total", "code", "180")).isEqualTo(1);
            assertThat(s.value("tandem_sip_responses_total", "class", "4xx", "code", "486")).isEqualTo(1);
            assertThat(s.value("tandem_sip_transactions_active")).isEqualTo(2);
            assertThat(s.value("tandem_forwarding_latency_seconds_count")).isEqualTo(1);
            assertThat(s.value("tandem_processor_latency_seconds_count")).isEqualTo(1);
            assertThat(s.find("tandem_processor_latency_seconds_bucket")).hasSizeGreaterThan(10)
                .anySatisfy(b -> assertThat(b.labels()).containsEntry("le", "+Inf"));
            assertThat(s.value("tandem_proxy_requests_total")).as("the EdgePort's own registry").isEqualTo(3);
            assertThat(s.value("tandem_test_escapes_total", "reason", "a \"quoted\"\\value")).isEqualTo(7);
            assertThat(s.help("tandem_test_escapes_total")).isEqualTo("help with \\\\ and\\nnewline");
            assertThat(s.types()).containsKeys("jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes", "process_cpu_usage",
                "jvm_threads_live_threads");

            o.calls().transactionEnded(invite, 486);
            o.calls().transactionEnded(bye, 0);
            assertThat(PrometheusScrape.parse(o.scrape().text()).value("tandem_sip_transactions_active")).isZero();

            // the lines are encoded once per set of series: one registered later is in the next scrape
            registry.counter("tandem_test_later_total", "registered after the first scrape", () -> -42, "x", "y");
            edge.gauge("tandem_proxy_a_gauge", "the EdgePort's, sorted first", () -> Long.MAX_VALUE);
            PrometheusScrape later = PrometheusScrape.parse(o.scrape().text());
            assertThat(later.value("tandem_test_later_total", "x", "y")).isEqualTo(-42);
            assertThat(later.value("tandem_proxy_a_gauge")).isEqualTo((double) Long.MAX_VALUE);
            assertThat(later.value("tandem_sip_requests_total", "method", "INVITE")).isEqualTo(1);
        }
    }
}
