package io.tandem.observability;

import io.tandem.observability.hep.HepCollector;
import java.net.URI;

/**
 * What observability does beyond {@code /metrics} (always on): per-call flow recording, HEP
 * capture and OpenTelemetry traces. Each refusal names the {@code tandem run} option.
 *
 * @param flowCalls calls whose messages are kept for {@code /calls/ID/flow}; 0: none recorded
 * @param flowMessages messages kept per call (the first ones)
 * @param hep the HEP collector (UDP or TCP), or null for no HEP capture
 * @param hepCaptureId the capture agent id put in each HEP packet
 * @param hepPassword the HEP authentication key, or null
 * @param otlp the OTLP/HTTP traces endpoint (e.g. http://localhost:4318/v1/traces), or null for no tracing
 * @param captureQueue messages waiting for the capture thread before more are lost
 */
public record ObservabilitySettings(int flowCalls, int flowMessages, HepCollector hep, int hepCaptureId,
                                    String hepPassword, URI otlp, int captureQueue) {
    public static final ObservabilitySettings DEFAULT = new ObservabilitySettings(1000, 200, null, 2001, null, null, 20_000);

    public ObservabilitySettings {
        if (flowCalls < 0 || flowCalls > 1_000_000) {
            throw new IllegalArgumentException("--flow-calls: " + flowCalls + " is not between 0 and 1000000");
        }
        if (flowMessages < 1 || flowMessages > 10_000) {
            throw new IllegalArgumentException("--flow-messages: " + flowMessages + " is not between 1 and 10000");
        }
        if (captureQueue < 1) {
            throw new IllegalArgumentException("--capture-queue: must be at least 1");
        }
        if (otlp != null && !("http".equals(otlp.getScheme()) || "https".equals(otlp.getScheme()))) {
            throw new IllegalArgumentException("--otlp: '" + otlp + "' is not an http:// or https:// URL");
        }
    }

    /** Whether a tap must see the messages (flows or HEP). */
    public boolean captures() {
        return flowCalls > 0 || hep != null;
    }
}
