package io.tandem.media;

import io.tandem.media.ng.RtpEngines;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;

/**
 * Media anchoring as a whole, from its settings: the rtpengine instances (pinged), the anchored
 * calls, the middleware that offers and answers, the call listener that deletes, the counters.
 */
public final class MediaAnchoring implements AutoCloseable {
    private final MediaSettings settings;
    private final RtpEngines engines;
    private final MediaAnchor anchor;
    private final MediaCallEnd callEnd;

    private MediaAnchoring(MediaSettings settings, RtpEngines engines, MediaAnchor anchor) {
        this.settings = settings;
        this.engines = engines;
        this.anchor = anchor;
        this.callEnd = new MediaCallEnd(anchor);
    }

    /** Opens the ng sockets and starts the pings; counters go into {@code metrics}; no per-resource lookup. */
    public static MediaAnchoring start(MediaSettings settings, MetricsRegistry metrics) {
        return start(settings, CallResources.NONE, metrics);
    }

    /** As {@link #start(MediaSettings, MetricsRegistry)}, the per-resource entries matched against {@code resources}. */
    public static MediaAnchoring start(MediaSettings settings, CallResources resources, MetricsRegistry metrics) {
        return start(settings, resources, metrics, RecordingListener.NONE);
    }

    /** As above, {@code recordings} told the file of each call rtpengine records. */
    public static MediaAnchoring start(MediaSettings settings, CallResources resources, MetricsRegistry metrics,
                                       RecordingListener recordings) {
        RtpEngines engines = RtpEngines.open(settings.rtpengines(), settings.timeoutMillis(), settings.retransmitMillis(),
            settings.pingMillis(), settings.maxInFlight(), settings.maxQueued());
        MediaCalls calls = new MediaCalls();
        MediaAnchor anchor = new MediaAnchor(engines, settings, resources, calls, new MediaMetrics(metrics, engines, calls),
            recordings);
        return new MediaAnchoring(settings, engines, anchor);
    }

    public MediaAnchor middleware() {
        return anchor;
    }

    /** {@code processor} with this anchoring around it, for a Processor that is no Dispatcher of ours (see {@link AnchoredProcessor}). */
    public io.tandem.processor.Processor around(io.tandem.processor.Processor processor) {
        return new AnchoredProcessor(processor, anchor);
    }

    public CallListener callListener() {
        return callEnd;
    }

    public RtpEngines engines() {
        return engines;
    }

    /** One line for the log: policy and instances. */
    public String describe() {
        return "policy " + settings.policy().name().toLowerCase(java.util.Locale.ROOT) + ", rtpengine " + engines.describe();
    }

    @Override
    public void close() {
        engines.close();
    }
}
