package io.tandem.observability.hep;

import io.tandem.observability.capture.CapturedMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each captured message to a HEP collector (Homer's heplify-server, port 9060 by default)
 * over UDP, from the capture thread. The socket is non-blocking: a datagram the kernel cannot take
 * at once, or that fails, is counted as lost, never retried.
 */
public final class HepSender implements Consumer<CapturedMessage>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HepSender.class);

    private final InetSocketAddress collector;
    private final int captureId;
    private final String password;
    private final DatagramChannel channel;
    private final LongAdder sent = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private volatile boolean warned;

    public HepSender(InetSocketAddress collector, int captureId, String password) throws IOException {
        this.collector = collector;
        this.captureId = captureId;
        this.password = password;
        this.channel = DatagramChannel.open();
        channel.configureBlocking(false);
    }

    @Override
    public void accept(CapturedMessage m) {
        try {
            if (channel.send(ByteBuffer.wrap(HepPacket.encode(m, captureId, password)), collector) > 0) {
                sent.increment();
                return;
            }
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("HEP capture to {} failed (counted in tandem_hep_lost_total, logged once): {}", collector, e.toString());
            }
        }
        lost.increment();
    }

    public long sent() {
        return sent.sum();
    }

    public long lost() {
        return lost.sum();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the HEP socket", e);
        }
    }
}
