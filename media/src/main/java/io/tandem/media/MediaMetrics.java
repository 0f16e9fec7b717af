package io.tandem.media;

import io.tandem.media.ng.RtpEngine;
import io.tandem.media.ng.RtpEngines;
import io.tandem.metrics.Counter;
import io.tandem.metrics.MetricsRegistry;
import java.util.HashMap;
import java.util.Map;

/** What media anchoring counts, registered once in the server's registry. */
public final class MediaMetrics {
    /** The ng commands counted, and why one fails. */
    static final String[] COMMANDS = {"offer", "answer", "delete"};
    static final String[] REASONS = {"bad_sdp", "refused", "timeout", "unreachable", "no_instance", "busy", "expired"};

    private final Map<String, Counter> done = new HashMap<>();
    private final Map<String, Counter> failed = new HashMap<>();
    final Counter roundTripMicros;
    final Counter replies;

    public MediaMetrics(MetricsRegistry r, RtpEngines engines, MediaCalls calls) {
        for (String c : COMMANDS) {
            done.put(c, r.counter("tandem_media_commands_total", "ng commands rtpengine answered, by command", "command", c));
            for (String why : REASONS) {
                failed.put(c + " " + why, r.counter("tandem_media_failures_total",
                    "ng commands that failed, by command and reason", "command", c, "reason", why));
            }
        }
        roundTripMicros = r.counter("tandem_media_ng_round_trip_microseconds_total",
            "sum of ng round trips (divide by tandem_media_ng_replies_total for the mean)");
        replies = r.counter("tandem_media_ng_replies_total", "ng replies received (offer, answer, delete)");
        for (RtpEngine e : engines.instances()) {
            r.gauge("tandem_media_rtpengine_up", "1 when the instance answers, 0 when it is down or not yet pinged",
                () -> e.health() == RtpEngine.Health.UP ? 1 : 0, "instance", e.name());
            r.gauge("tandem_media_rtpengine_round_trip_microseconds", "the instance's last ng round trip",
                e::lastRoundTripMicros, "instance", e.name());
            r.gauge("tandem_media_ng_in_flight", "ng requests waiting for the instance's reply", () -> e.socket().inFlight(),
                "instance", e.name());
            r.gauge("tandem_media_ng_retransmissions", "ng requests sent again (each copy), since the start",
                () -> e.socket().retransmissions(), "instance", e.name());
            r.gauge("tandem_media_ng_queued", "new calls' offers waiting in the instance's queue for a place (maxInFlight)",
                () -> e.socket().queued(), "instance", e.name());
            r.counter("tandem_media_ng_queued_total", "new calls' offers that waited in the instance's queue",
                () -> e.socket().queuedTotal(), "instance", e.name());
            r.counter("tandem_media_ng_expired_total", "queued offers that found no place within the request timeout (503)",
                () -> e.socket().expired(), "instance", e.name());
            r.counter("tandem_media_ng_refused_busy_total", "new calls' offers refused at once, the queue full (503)",
                () -> e.socket().refusedBusy(), "instance", e.name());
        }
        r.gauge("tandem_media_calls", "calls anchored now", calls::size);
    }

    void answered(String command, long roundTripNanos) {
        done.get(command).increment();
        replies.increment();
        roundTripMicros.add(roundTripNanos / 1000);
    }

    void failed(String command, String reason) {
        Counter c = failed.get(command + " " + reason);
        if (c != null) {
            c.increment();
        }
    }
}
