package io.tandem.launcher;

import io.tandem.dispatcher.Dispatcher;
import io.tandem.dispatcher.DispatcherConfig;
import io.tandem.processor.Processor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Binds a MessageDispatcher document to the processors running in this JVM: an entry whose ref or
 * addr names "connect" (Routr's {@code connect-processor}, {@code connect:51904}) gets the Connect
 * processor; any other is unreachable in one process and answers 503 (the gRPC split will reach it).
 */
final class Dispatchers {
    private Dispatchers() {
    }

    static Dispatcher inProcess(DispatcherConfig config, Processor connect) {
        Map<String, Processor> byName = new HashMap<>();
        for (DispatcherConfig.ProcessorSpec p : config.processors()) {
            for (String name : new String[] {p.ref(), p.addr()}) {
                if (name != null && name.toLowerCase(Locale.ROOT).contains("connect")) {
                    byName.put(name, connect);
                }
            }
        }
        return Dispatcher.create(config, byName);
    }
}
