package io.tandem.launcher;

import io.tandem.config.ConfigProblem;
import io.tandem.dispatcher.Dispatcher;
import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.config.ConfigException;
import io.tandem.dispatcher.HeaderMiddleware;
import io.tandem.dispatcher.Middleware;
import io.tandem.edgeport.config.EdgePortConfig;
import io.tandem.processor.Processor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds a MessageDispatcher document to what runs in this JVM, once at start (per request only
 * the Dispatcher's matching remains):
 * <ul>
 *   <li>a processor entry with an {@code addr} runs in another process and is reached over gRPC at
 *       that address ({@link RemoteProcessors}; unreachable: 503);
 *   <li>one without, whose ref names "connect" (Routr's {@code connect-processor}), gets the Connect
 *       processor of this process; any other is unknown here and answers 503;
 *   <li>a middleware entry whose addr is {@code header:NAME: VALUE} is Tandem's built-in
 *       {@link HeaderMiddleware} (it takes effect with {@code postProcessor: true}); one with a
 *       HOST:PORT addr is in another process ({@code RemoteMiddleware}); one without an addr answers 503.
 * </ul>
 */
final class Dispatchers {
    /** The addr prefix of the built-in header middleware. */
    static final String HEADER_ADDR = HeaderMiddleware.ADDR_PREFIX;

    private Dispatchers() {
    }

    static Dispatcher inProcess(DispatcherConfig config, Processor connect) {
        return inProcess(config, connect, null);
    }

    /** As above, with media anchoring when {@code media} is not null (see {@link MediaSetup}). */
    static Dispatcher inProcess(DispatcherConfig config, Processor connect, io.tandem.media.MediaAnchoring media) {
        return inProcess(config, connect, media, RemoteProcessors.NONE);
    }

    /** As above, the entries with an addr going to {@code remotes}. */
    static Dispatcher inProcess(DispatcherConfig config, Processor connect, io.tandem.media.MediaAnchoring media,
                                RemoteProcessors remotes) {
        Map<String, Processor> processors = new HashMap<>(remotes.byRef());
        for (DispatcherConfig.ProcessorSpec p : config.processors()) {
            if (p.addr() == null && p.ref().toLowerCase(Locale.ROOT).contains("connect")) {
                processors.put(p.ref(), connect);
            }
        }
        Map<String, Middleware> middlewares = new HashMap<>(builtInMiddlewares(config));
        middlewares.putAll(remotes.middlewares());
        return MediaSetup.dispatcher(config, processors, middlewares, media);
    }

    /**
     * Without a dispatcher.yaml: Connect takes every request the EdgePort lets through (its
     * {@code spec.methods}, plus ACK, which reaches the processor without that check).
     */
    static Dispatcher connectOnly(List<String> edgePortMethods, Processor connect) {
        return connectOnly(edgePortMethods, connect, null);
    }

    /** As above, with media anchoring when {@code media} is not null. */
    static Dispatcher connectOnly(List<String> edgePortMethods, Processor connect, io.tandem.media.MediaAnchoring media) {
        Set<String> methods = new LinkedHashSet<>(edgePortMethods);
        methods.addAll(EdgePortConfig.DEFAULT_METHODS);
        DispatcherConfig config = new DispatcherConfig("(built in: no dispatcher.yaml)", "connect-only", "v2beta1", null,
            List.of(DispatcherConfig.ProcessorSpec.of("connect-processor", List.copyOf(methods), "true")), List.of());
        return MediaSetup.dispatcher(config, Map.of("connect-processor", connect), Map.of(), media);
    }

    /** The built-in middlewares the document names; a malformed {@code header:} addr is refused. */
    static Map<String, Middleware> builtInMiddlewares(DispatcherConfig config) {
        Map<String, Middleware> out = new HashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < config.middlewares().size(); i++) {
            String addr = config.middlewares().get(i).addr();
            if (addr == null || !addr.startsWith(HEADER_ADDR)) {
                continue;
            }
            String line = addr.substring(HEADER_ADDR.length());
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            if (!isToken(name) || value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                problems.add(new ConfigProblem("spec.middlewares[" + i + "].addr",
                    "'" + addr + "': a header middleware is written header:NAME: VALUE (e.g. header:X-Tenant: acme)"));
            } else {
                out.put(addr, new HeaderMiddleware(name, value));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(config.file(), problems);
        }
        return out;
    }

    /** RFC 3261 §25.1 token. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-.!%*_+`'~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
