package io.tandem.media.ng;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One rtpengine instance: its ng socket and its health. It is {@link Health#UP} after a ping or a
 * request answered, {@link Health#DOWN} after one timed out or found the port closed; a down
 * instance takes no new calls but keeps serving the calls it holds (their media is there).
 */
public final class RtpEngine implements AutoCloseable {
    /** What the last exchange with the instance showed. */
    public enum Health { UNKNOWN, UP, DOWN }

    private final NgSocket socket;
    private volatile Health health = Health.UNKNOWN;
    private volatile String lastProblem = "not pinged yet";
    private final AtomicLong lastRoundTripMicros = new AtomicLong(-1);

    RtpEngine(NgSocket socket) {
        this.socket = socket;
        socket.observe(new NgSocket.Waiter() { // every outcome, before its waiter: no stage per request
            @Override
            public void answered(NgReply reply) {
                lastRoundTripMicros.set(reply.roundTripNanos() / 1000);
                health = Health.UP;
            }

            @Override
            public void failed(NgFailure f) {
                if (f.instanceAtFault()) {
                    lastProblem = f.getMessage();
                    health = Health.DOWN;
                } else if (f.kind() == NgFailure.Kind.REFUSED) {
                    health = Health.UP; // it answered, with an error about this request
                }
            }
        });
    }

    public InetSocketAddress address() {
        return socket.address();
    }

    /** {@code host:port}, the instance's name in logs and metric labels. */
    public String name() {
        return address().getHostString() + ":" + address().getPort();
    }

    public Health health() {
        return health;
    }

    public String lastProblem() {
        return lastProblem;
    }

    /** The round trip of the last reply, in microseconds; -1 before the first. */
    public long lastRoundTripMicros() {
        return lastRoundTripMicros.get();
    }

    /** Sends {@code command}; the outcome updates the health. */
    public CompletableFuture<NgReply> request(Map<String, Object> command) {
        return request(command, false);
    }

    /** As {@link #request(Map)}; {@code refusable} (a new call's offer): queued, or refused with BUSY, when the instance has its fill in flight. */
    public CompletableFuture<NgReply> request(Map<String, Object> command, boolean refusable) {
        return socket.request(command, refusable);
    }

    /** As {@link NgSocket#request(Map, boolean, boolean, NgSocket.Waiter)}; the outcome updates the health. */
    void request(Map<String, Object> command, boolean refusable, boolean mayQueue, NgSocket.Waiter waiter) {
        socket.request(command, refusable, mayQueue, waiter);
    }

    /** Its ng socket (counters: in flight, queued, expired, retransmissions, refused as busy). */
    public NgSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.close();
    }
}
