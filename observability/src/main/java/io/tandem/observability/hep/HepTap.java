package io.tandem.observability.hep;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import io.tandem.edgeport.transport.MessageTap;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HEP capture as a message tap: the thread that read or wrote a message encodes its packet at
 * once, while the bytes are in its cache, into a buffer of its own (a lane). An event loop's lane
 * is its own alone: no lock, no atomic operation, no other thread touches it. The first packet
 * into an empty lane schedules, on that same loop (no wake-up of another thread), the hand-off
 * of the lane's buffer {@link #FLUSH_AFTER_MILLIS} later to the sender's loop, which writes it in
 * one go: one cross-thread hand-off per loop and flush, none per message. Threads that are no
 * event loop (timers, a Processor's own threads) share one lane under its monitor, flushed by
 * the sender's loop. Nothing is scheduled while no message comes.
 */
public final class HepTap implements MessageTap, AutoCloseable {
    /** How long the first packet of a flush may wait: what HEP capture lags behind SIP. */
    static final long FLUSH_AFTER_MILLIS = 20;
    /** What one thread may hold between two flushes; beyond it, packets are lost (counted). */
    private static final int LANE_BYTES = 4 << 20;
    /** A lane's first buffer: what a busy thread writes in a flush's time, without growing it. */
    private static final int LANE_START = 256 << 10;

    private final HepSender sender;
    private final int captureId;
    private final byte[] key;
    /** Every event loop's lane, for {@link #drain}. */
    private final Queue<Lane> lanes = new ConcurrentLinkedQueue<>();
    /** The lane of the threads that are no event loop; guarded by its monitor. */
    private final Lane shared;
    private final FastThreadLocal<Lane> lane = new FastThreadLocal<>() {
        @Override
        protected Lane initialValue() {
            EventExecutor loop = ThreadExecutorMap.currentExecutor();
            if (loop == null) {
                return shared;
            }
            Lane l = new Lane(loop);
            lanes.add(l);
            return l;
        }
    };

    /** @param password the HEP authentication key, or null */
    public HepTap(HepSender sender, int captureId, String password) {
        this.sender = sender;
        this.captureId = captureId;
        this.key = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.shared = new Lane(sender.loop());
    }

    @Override
    public void message(Direction direction, Transport transport, InetSocketAddress local, InetSocketAddress remote, byte[] bytes,
                        long epochMicros) {
        Lane l = lane.get();
        if (l != shared) {
            if (l.append(direction, transport, local, remote, bytes, epochMicros) == 1) {
                l.loop.schedule(l::handOff, FLUSH_AFTER_MILLIS, TimeUnit.MILLISECONDS); // on this loop: no wake-up
            }
            return;
        }
        int appended;
        synchronized (shared) {
            appended = shared.append(direction, transport, local, remote, bytes, epochMicros);
        }
        if (appended == 1) {
            sender.loop().schedule(this::handOffShared, FLUSH_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** On the sender's loop: the shared lane's packets to the socket. */
    private void handOffShared() {
        synchronized (shared) {
            shared.handOff();
        }
    }

    /**
     * Sends what every thread holds now and waits (at most {@code millis}) until it was handed to
     * the socket: tests, shutdown. Not on an event loop whose lane it must wait for.
     */
    public boolean drain(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            for (Lane l : lanes) {
                if (l.loop.inEventLoop() || l.loop.isTerminated()) {
                    l.handOff(); // its own thread, or none any more: nobody else writes it
                } else {
                    l.loop.submit(l::handOff).get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            }
            // the hand-offs above queued their buffers on the sender's loop before this
            sender.loop().submit(this::handOffShared).get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            return false;
        }
    }

    public HepSender sender() {
        return sender;
    }

    @Override
    public void close() {
        drain(1000);
        sender.close();
    }

    /** One thread's (or the shared) packets since the last hand-off, back to back in one direct buffer. */
    private final class Lane {
        final EventExecutor loop;
        private ByteBuf packets;
        private int count;

        Lane(EventExecutor loop) {
            this.loop = loop;
        }

        /** @return 1 when the packet went into an empty lane, 0 into one with packets, -1 when it was not written (counted lost) */
        int append(Direction direction, Transport transport, InetSocketAddress local, InetSocketAddress remote, byte[] bytes,
                   long epochMicros) {
            if (packets == null) {
                packets = PooledByteBufAllocator.DEFAULT.directBuffer(LANE_START, LANE_BYTES);
            }
            if (!HepPacket.write(packets, direction, transport, local, remote, bytes, epochMicros, captureId, key)) {
                sender.lost(1);
                return -1;
            }
            return count++ == 0 ? 1 : 0;
        }

        /** On the lane's thread: what it holds to the sender's loop, written and flushed there; the lane starts again empty. */
        void handOff() {
            ByteBuf taken = packets;
            int n = count;
            packets = null;
            count = 0;
            if (taken == null) {
                return;
            }
            if (n == 0) {
                taken.release();
                return;
            }
            if (sender.loop().inEventLoop()) {
                sender.ship(taken, n);
                sender.flush();
                return;
            }
            try {
                sender.loop().execute(() -> {
                    sender.ship(taken, n);
                    sender.flush();
                });
            } catch (RejectedExecutionException e) { // the sender is closed
                taken.release();
                sender.lost(n);
            }
        }
    }
}
