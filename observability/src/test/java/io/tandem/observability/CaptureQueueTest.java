package io.tandem.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.edgeport.transport.MessageTap;
import io.tandem.observability.capture.CaptureQueue;
import io.tandem.observability.capture.CapturedMessage;
import io.tandem.processor.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The tap never waits: beyond the queue's capacity a message is counted as lost. */
class CaptureQueueTest {
    @Test
    void consumersGetEveryMessageInOrderAndWhatDoesNotFitIsCountedLost() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (CaptureQueue q = new CaptureQueue(3, List.of(m -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(m.callId());
        }))) {
            for (int i = 0; i < 10; i++) {
                q.message(MessageTap.Direction.IN, Transport.UDP, Messages.TANDEM, Messages.CALLER,
                    Messages.bytes(Messages.request("OPTIONS", "c" + i, "z9hG4bK" + i, 1)), i);
            }
            assertThat(q.lost()).isEqualTo(7);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
            assertThat(seen).containsExactly("c0", "c1", "c2");
            assertThat(q.captured()).isEqualTo(3);
        }
    }

    @Test
    void callIdFirstLineAndCseqFromTheBytesCompactFormsToo() {
        CapturedMessage m = Messages.captured(MessageTap.Direction.IN, Messages.CALLER,
            "BYE sip:x SIP/2.0\r\nv: SIP/2.0/UDP h\r\ni:  compact-id \r\nCSeq: 7 BYE\r\n\r\nCall-ID: in-body", 0);
        assertThat(m.callId()).isEqualTo("compact-id");
        assertThat(m.firstLine()).isEqualTo("BYE sip:x SIP/2.0");
        assertThat(m.cseq()).isEqualTo("7 BYE");
        assertThat(m.source()).isEqualTo(Messages.CALLER);
        assertThat(m.destination()).isEqualTo(Messages.TANDEM);
    }
}
