package io.tandem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
    final MetricsRegistry registry = new MetricsRegistry();

    @Test
    void countersAndGaugesAreReadWhenExported() {
        Counter in = registry.counter("tandem_sip_requests_total", "requests", "method", "INVITE");
        AtomicLong open = new AtomicLong(3);
        registry.gauge("tandem_connections", "open connections", open::get, "transport", "tcp");
        in.increment();
        in.add(2);
        open.set(5);
        assertThat(registry.value("tandem_sip_requests_total", "method", "INVITE")).isEqualTo(3);
        assertThat(registry.snapshot()).extracting(Metric::name, Metric::value)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("tandem_connections", 5L),
                org.assertj.core.groups.Tuple.tuple("tandem_sip_requests_total", 3L));
        assertThat(registry.snapshot().get(1).labels()).containsExactly("method", "INVITE");
    }

    @Test
    void aSeriesIsRegisteredOnceAndAFamilyKeepsItsType() {
        registry.counter("tandem_x_total", "x", "a", "1");
        registry.counter("tandem_x_total", "x", "a", "2");
        assertThatThrownBy(() -> registry.counter("tandem_x_total", "x", "a", "1"))
            .hasMessageContaining("tandem_x_total [a, 1] is registered already");
        assertThatThrownBy(() -> registry.gauge("tandem_x_total", "x", () -> 1, "a", "3"))
            .hasMessageContaining("registered as a COUNTER");
        assertThat(registry.value("tandem_unknown")).isEqualTo(-1);
    }

    @Test
    void badNamesAndLabelsAreRefusedNamingThem() {
        assertThatThrownBy(() -> registry.counter("tandem-bad", "x")).hasMessageContaining("'tandem-bad'");
        assertThatThrownBy(() -> registry.counter("tandem_ok", "x", "odd")).hasMessageContaining("pairs");
        assertThatThrownBy(() -> registry.counter("tandem_ok", "x", "1abc", "v")).hasMessageContaining("'1abc'");
    }
}
