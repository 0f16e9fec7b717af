package io.tandem.accounting.cdr;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * CDRs to NATS JetStream: each one a JSON message on {@code subject}, with {@code Nats-Msg-Id} set
 * to the CDR id, so that the stream (created when missing, with a duplicate window) keeps one copy
 * of a CDR sent again after a failure; a batch counts as written only when every message is
 * acknowledged by the stream. Connects on the first write and reconnects for ever.
 *
 * <p>A batch is published as plain NATS messages, headers set directly, each with a reply subject
 * of this outlet's inbox ({@code INBOX.BATCH.INDEX}), without a flush per message; the stream's
 * acknowledgements ({@code {"stream":..,"seq":..[,"duplicate":true]}} or {@code {"error":..}})
 * come back to one subscription and are awaited once per batch, on the outlet's thread.
 */
public final class CdrStream implements CdrOutlet {
    private static final long ACK_TIMEOUT_MS = 5_000;
    /** The stream keeps one message per id within its duplicate window (JetStream's idempotent publish). */
    private static final String MSG_ID = "Nats-Msg-Id";
    private static final String EXPECTED_STREAM = "Nats-Expected-Stream";
    private static final String DUPLICATE = "\"duplicate\":true";
    private static final String ERROR = "\"error\"";

    private final String url;
    private final String stream;
    private final String subject;
    private final Duration duplicateWindow;
    private final LongAdder duplicates = new LongAdder();
    private final CdrJson json = new CdrJson();
    private Connection connection;
    private Subscription acks;
    private String inbox;
    private long batchNumber;

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
        Connection c = connection();
        String prefix = inbox + (++batchNumber) + '.';
        byte[][] bodies = new byte[batch.size()][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = json.bytes(batch.get(i));
        }
        // queued back to back, so that the connection's writer sends the batch in a few socket writes
        for (int i = 0; i < bodies.length; i++) {
            Headers h = new Headers().put(MSG_ID, batch.get(i).id()).put(EXPECTED_STREAM, stream);
            c.publish(subject, prefix + i, h, bodies[i]);
        }
        BitSet acked = new BitSet(batch.size());
        int missing = batch.size();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_TIMEOUT_MS);
        while (missing > 0) {
            long left = end - System.nanoTime();
            Message m = left > 0 ? acks.nextMessage(Duration.ofNanos(left)) : null;
            if (m == null) {
                throw new TimeoutException(missing + " of " + batch.size() + " CDRs not acknowledged by stream " + stream
                    + " within " + ACK_TIMEOUT_MS + " ms");
            }
            int i = index(m.getSubject(), prefix);
            if (i < 0 || i >= batch.size() || acked.get(i)) {
                continue; // an ack of an earlier batch that timed out: that batch was sent again
            }
            if (m.isStatusMessage()) { // 503: no stream listens on the subject
                throw new IOException("stream " + stream + " did not take CDR " + batch.get(i).id() + ": " + m.getStatus());
            }
            String ack = new String(m.getData(), StandardCharsets.UTF_8);
            if (ack.contains(ERROR)) {
                throw new IOException("stream " + stream + " refused CDR " + batch.get(i).id() + ": " + ack);
            }
            if (ack.contains(DUPLICATE)) {
                duplicates.increment();
            }
            acked.set(i);
            missing--;
        }
    }

    /** The batch index of an ack's subject {@code prefix + INDEX}; -1 when it is of another batch. */
    private static int index(String ackSubject, String prefix) {
        if (ackSubject == null || !ackSubject.startsWith(prefix)) {
            return -1;
        }
        int v = 0;
        for (int i = prefix.length(); i < ackSubject.length(); i++) {
            char d = ackSubject.charAt(i);
            if (d < '0' || d > '9' || v > 100_000_000) {
                return -1;
            }
            v = v * 10 + d - '0';
        }
        return ackSubject.length() == prefix.length() ? -1 : v;
    }

    private Connection connection() throws Exception {
        if (connection == null) {
            Options options = Options.builder().server(url).connectionName("tandem-cdrs").maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250)).connectionTimeout(Duration.ofSeconds(2)).build();
            Connection c = Nats.connect(options);
            try {
                ensureStream(c.jetStreamManagement());
                String box = c.createInbox() + '.';
                acks = c.subscribe(box + '>');
                inbox = box;
                connection = c;
            } catch (Exception e) {
                c.close();
                throw e;
            }
        }
        return connection;
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
