package io.tandem.launcher;

import io.tandem.edgeport.EdgePort;
import io.tandem.edgeport.door.InboundFilter;
import io.tandem.edgeport.door.SourceFilter;
import io.tandem.processor.CallListener;
import io.tandem.processor.Processor;
import java.util.List;

/**
 * A feature as {@code tandem run} assembles it (security, accounting, media, observability): what
 * it attaches to the EdgePort's seams, how it wraps the routing Processor, and its part in the
 * server's life. The launcher knows features only through this; each is built by its own class
 * (e.g. {@link CallAccounting}) from the configuration, with the one metrics registry.
 */
interface ServerFeature {
    /** Door filters on sources (connection accept, datagrams), in order. */
    default List<SourceFilter> sourceFilters() {
        return List.of();
    }

    /** Door filters on parsed messages, in order. */
    default List<InboundFilter> inboundFilters() {
        return List.of();
    }

    /** Door filters on every message sent (e.g. topology hiding), in order. */
    default List<io.tandem.edgeport.door.OutboundFilter> outboundFilters() {
        return List.of();
    }

    /** Listeners of the call events. */
    default List<CallListener> callListeners() {
        return List.of();
    }

    /** What taps every message in and out (capture); the first feature that has one gives it. */
    default io.tandem.edgeport.transport.MessageTap tap() {
        return null;
    }

    /** The EdgePort's resolver as this feature needs it (e.g. traced); by default unchanged. */
    default io.tandem.edgeport.dns.TargetResolver resolver(io.tandem.edgeport.dns.TargetResolver next) {
        return next;
    }

    /** The routing Processor as this feature needs it (e.g. call limits in front of it); by default unchanged. */
    default Processor wrap(Processor next) {
        return next;
    }

    /**
     * What {@code /readyz} checks for this feature: name (the problem line starts with it) to a
     * check that fails, with the reason, while the feature cannot serve (e.g. a remote processor
     * that cannot be reached). Read once, at start.
     */
    default java.util.Map<String, java.util.function.Supplier<java.util.concurrent.CompletionStage<?>>> readiness() {
        return java.util.Map.of();
    }

    /** Adds this feature's endpoints to the health server (e.g. {@code /bans}); called once, at start. */
    default void serve(io.tandem.launcher.health.HealthServer health) {
    }

    /** The EdgePort is up (e.g. its user agent client can be used now). */
    default void started(EdgePort edgePort) {
    }

    /** The EdgePort has stopped; {@code graceMillis} is what is left of the stop's grace. */
    default void stop(long graceMillis) {
    }
}
