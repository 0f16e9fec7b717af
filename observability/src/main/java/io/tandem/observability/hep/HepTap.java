package io.tandem.observability.hep;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.tandem.edgeport.transport.MessageTap;
import io.tandem.processor.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HEP capture as a message tap: each SIP thread encodes the packet of a message it read or wrote
 * at once, while the bytes are in its cache, into a buffer of its own (a lane), and the sender's
 * loop takes every lane's buffer a few milliseconds after the first packet went into it, to write
 * them in one go. No object per message, no queue and no other thread touch a message: what the
 * SIP thread pays is the copy. A lane is guarded by its own flag, taken by its thread for each
 * packet and by the sender for an instant at each flush: no lock is shared between SIP threads.
 * Nothing is scheduled while no message comes.
 */
public final class HepTap implements MessageTap, AutoCloseable {
    /** How long the first packet of a flush may wait: what HEP capture lags behind SIP. */
    private static final long FLUSH_AFTER_MILLIS = 20;
    /** What one thread may hold between two flushes; beyond it, packets are lost (counted). */
    private static final int LANE_BYTES = 4 << 20;
    /** A lane's first buffer: what a busy thread writes in a flush's time, without growing it. */
    private static final int LANE_START = 256 << 10;

    private final HepSender sender;
    private final int captureId;
    private final byte[] key;
    private final Queue<Lane> lanes = new ConcurrentLinkedQueue<>();
    private final FastThreadLocal<Lane> lane = new FastThreadLocal<>() {
        @Override
        protected Lane initialValue() {
            Lane l = new Lane();
            lanes.add(l);
            return l;
        }
    };
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    /** @param password the HEP authentication key, or null */
    public HepTap(HepSender sender, int captureId, String password) {
        this.sender = sender;
        this.captureId = captureId;
        this.key = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void message(Direction direction, Transport transport, InetSocketAddress local, InetSocketAddress remote, byte[] bytes,
                        long epochMicros) {
        int appended = lane.get().append(direction, transport, local, remote, bytes, epochMicros, captureId, key);
        if (appended < 0) {
            sender.lost(1);
        } else if (appended == 1 && !flushScheduled.get() && flushScheduled.compareAndSet(false, true)) {
            sender.loop().schedule(this::flush, FLUSH_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** On the sender's loop: every lane's packets to the socket. */
    private void flush() {
        flushScheduled.set(false); // a packet from now on schedules the next flush
        for (Lane l : lanes) {
            l.shipTo(sender);
        }
        sender.flush();
    }

    /** Sends what every thread holds now and waits (at most {@code millis}) until it was handed to the socket: tests, shutdown. */
    public boolean drain(long millis) {
        try {
            sender.loop().submit(this::flush).get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
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

    /** One thread's packets since the last flush, back to back in one direct buffer. */
    private static final class Lane {
        private final AtomicBoolean busy = new AtomicBoolean();
        private ByteBuf packets;
        private int count;

        /** @return 1 when the packet went into an empty lane, 0 into one with packets, -1 when it was not written */
        int append(Direction direction, Transport transport, InetSocketAddress local, InetSocketAddress remote, byte[] bytes,
                   long epochMicros, int captureId, byte[] key) {
            acquire();
            try {
                if (packets == null) {
                    packets = PooledByteBufAllocator.DEFAULT.directBuffer(LANE_START, LANE_BYTES);
                }
                if (!HepPacket.write(packets, direction, transport, local, remote, bytes, epochMicros, captureId, key)) {
                    return -1;
                }
                return count++ == 0 ? 1 : 0;
            } finally {
                busy.set(false);
            }
        }

        /** Hands what the lane holds to the sender (on its loop); the lane starts again empty. */
        void shipTo(HepSender sender) {
            ByteBuf taken;
            int n;
            acquire();
            try {
                taken = packets;
                n = count;
                packets = null;
                count = 0;
            } finally {
                busy.set(false);
            }
            if (taken == null) {
                return;
            }
            if (n == 0) {
                taken.release();
                return;
            }
            sender.ship(taken, n);
        }

        /** Held by the lane's thread for one packet, by the sender for a swap: a few nanoseconds either way. */
        private void acquire() {
            while (!busy.compareAndSet(false, true)) {
                Thread.onSpinWait();
            }
        }
    }
}
