package io.tandem.dispatcher;

import io.tandem.processor.Decision;
import io.tandem.processor.Header;
import io.tandem.processor.MessageContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A trivial built-in middleware: adds one header line to every Respond and Forward decision
 * (a Drop is passed on unchanged). Needs {@code postProcessor: true} to take effect.
 */
public final class HeaderMiddleware implements Middleware {
    /** The dispatcher.yaml addr of a header middleware: {@code header:NAME: VALUE}. */
    public static final String ADDR_PREFIX = "header:";
    private final Header header;

    public HeaderMiddleware(String name, String value) {
        this.header = new Header(name, value);
    }

    @Override
    public CompletionStage<Decision> after(MessageContext context, Decision decision) {
        Decision out = switch (decision) {
            case Decision.Respond r -> new Decision.Respond(r.status(), r.reason(), plus(r.headers()), r.body(), r.contentType());
            case Decision.Forward f -> new Decision.Forward(f.targets(), f.fork(), plus(f.headers()), f.removeHeaders(), f.body());
            case Decision.Drop d -> d;
        };
        return CompletableFuture.completedFuture(out);
    }

    private List<Header> plus(List<Header> headers) {
        List<Header> out = new ArrayList<>(headers.size() + 1);
        out.addAll(headers);
        out.add(header);
        return out;
    }
}
