package io.tandem.accounting.cdr;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * CDRs to NATS JetStream: each one a JSON message on {@code subject}, with {@code Nats-Msg-Id} set
 * to the CDR id, so that the stream (created when missing, with a duplicate window) keeps one copy
 * of a CDR sent again after a failure; a batch counts as written only when every message is
 * acknowledged by the stream. Connects on the first write and reconnects for ever.
 */
public final class CdrStream implements CdrOutlet {
    private static final long ACK_TIMEOUT_MS = 5_000;

    private final String url;
    private final String stream;
    private final String subject;
    private final Duration duplicateWindow;
    private final LongAdder duplicates = new LongAdder();
    private Connection connection;
    private JetStream jetStream;

    public CdrStream(String url, String stream, String subject, Duration duplicateWindow) {
        this.url = url;
        this.stream = stream;
        this.subject = subject;
        this.duplicateWindow = duplicateWindow;
    }

    @Override
    public String name() {
        return "nats";
    }

    /** Acknowledgements the stream marked duplicate: CDRs it already had (a retry after a lost ack). */
    public long duplicates() {
        return duplicates.sum();
    }

    @Override
    public void write(List<Cdr> batch) throws Exception {
        JetStream js = jetStream();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
        for (Cdr c : batch) {
            PublishOptions po = PublishOptions.builder().messageId(c.id()).expectedStream(stream).build();
            acks.add(js.publishAsync(subject, CdrJson.of(c).getBytes(StandardCharsets.UTF_8), po));
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_TIMEOUT_MS);
        for (CompletableFuture<PublishAck> a : acks) {
            PublishAck ack = a.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (ack.isDuplicate()) {
                duplicates.increment();
            }
        }
    }

    private JetStream jetStream() throws Exception {
        if (jetStream == null) {
            Options options = Options.builder().server(url).connectionName("tandem-cdrs").maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250)).connectionTimeout(Duration.ofSeconds(2)).build();
            Connection c = Nats.connect(options);
            try {
                ensureStream(c.jetStreamManagement());
                jetStream = c.jetStream();
                connection = c;
            } catch (Exception e) {
                c.close();
                throw e;
            }
        }
        return jetStream;
    }

    private void ensureStream(JetStreamManagement jsm) throws Exception {
        try {
            jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(StorageType.File)
                .duplicateWindow(duplicateWindow).build());
        }
    }

    @Override
    public void close() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
