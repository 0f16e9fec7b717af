package io.tandem.launcher;

import io.tandem.dispatcher.Dispatcher;
import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.dispatcher.Middleware;
import io.tandem.config.ConfigException;
import io.tandem.config.ConfigProblem;
import io.tandem.media.CallResources;
import io.tandem.media.MediaAnchoring;
import io.tandem.media.MediaSettings;
import io.tandem.metrics.MetricsRegistry;
import io.tandem.processor.CallListener;
import io.tandem.processor.Processor;
import io.tandem.provisioning.Agent;
import io.tandem.provisioning.Domain;
import io.tandem.provisioning.Peer;
import io.tandem.provisioning.Provisioning;
import io.tandem.provisioning.Resource;
import io.tandem.provisioning.Trunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Media anchoring in the launcher: {@code media.yaml} in the configuration directory turns it on.
 * Its middleware goes first in the Dispatcher (outermost), so that its {@code after} sees the
 * decision every other middleware made, and it sees each relayed response last.
 */
final class MediaSetup {
    /** The ref and addr of the built-in media middleware entry. */
    static final String REF = "tandem-media";

    private MediaSetup() {
    }

    /** The settings of {@code dir}'s media document; null when there is none. Refusals are ConfigExceptions. */
    static MediaSettings load(Path dir) {
        Path file = MediaSettings.file(dir);
        return file == null ? null : MediaSettings.load(file);
    }

    /**
     * Opens the rtpengine sockets; null settings: no anchoring (null). Per-resource entries are
     * matched against {@code provisioning}; {@code recordings} is told each recorded call's file.
     */
    static MediaAnchoring start(MediaSettings settings, Provisioning provisioning, MetricsRegistry metrics,
                                io.tandem.media.RecordingListener recordings) {
        return settings == null ? null : MediaAnchoring.start(settings, CallResources.of(provisioning), metrics, recordings);
    }

    /** Refuses a {@code spec.resources[i].ref} of {@code dir}'s media document that is no Domain, Trunk, Peer or Agent. */
    static void checkRefs(Path dir, MediaSettings settings, Provisioning provisioning) {
        if (settings == null) {
            return;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < settings.resources().size(); i++) {
            String ref = settings.resources().get(i).ref();
            Resource r = provisioning.resource(ref);
            if (!(r instanceof Domain || r instanceof Trunk || r instanceof Peer || r instanceof Agent)) {
                problems.add(new ConfigProblem("spec.resources[" + i + "].ref", r == null ? "no resource '" + ref + "' is provisioned"
                    : "'" + ref + "' is a " + r.kind() + ", not a Domain, Trunk, Peer or Agent"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(MediaSettings.file(dir).toString(), problems);
        }
    }

    /** A Dispatcher for {@code config}, with the media middleware outermost when {@code media} is not null. */
    static Dispatcher dispatcher(DispatcherConfig config, Map<String, Processor> processors, Map<String, Middleware> middlewares,
                                 MediaAnchoring media) {
        if (media == null) {
            return Dispatcher.create(config, processors, middlewares);
        }
        List<DispatcherConfig.MiddlewareSpec> specs = new ArrayList<>();
        specs.add(new DispatcherConfig.MiddlewareSpec(REF, null, true));
        specs.addAll(config.middlewares());
        Map<String, Middleware> all = new HashMap<>(middlewares);
        all.put(REF, media.middleware());
        return Dispatcher.create(new DispatcherConfig(config.file(), config.ref(), config.apiVersion(), config.bindAddr(),
            config.processors(), specs), processors, all);
    }

    /** Anchoring as a server feature: rtpengine deletes on the call events; the sockets close with the server. */
    record Feature(MediaAnchoring media) implements ServerFeature {
        @Override
        public List<CallListener> callListeners() {
            return List.of(media.callListener());
        }

        @Override
        public void stop(long graceMillis) {
            media.close();
        }
    }
}
