package io.tandem.edgeport.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.SipParseException;
import io.tandem.sip.message.SipMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what the transport hands up. */
final class RecordingHandler implements InboundHandler {
    record Received(SipMessage message, Flow flow) {
    }

    final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<SipParseException> unparsable = new LinkedBlockingQueue<>();
    final BlockingQueue<Flow> closed = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(SipMessage message, Flow flow) {
        messages.add(new Received(message, flow));
    }

    @Override
    public void onUnparsable(SipParseException error, Flow flow) {
        unparsable.add(error);
    }

    @Override
    public void onFlowClosed(Flow flow) {
        closed.add(flow);
    }

    Received next() throws InterruptedException {
        Received r = messages.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a message within 5 s (unparsable: %s)", unparsable).isNotNull();
        return r;
    }

    Flow nextClosed() throws InterruptedException {
        Flow f = closed.poll(5, TimeUnit.SECONDS);
        assertThat(f).as("a closed flow within 5 s").isNotNull();
        return f;
    }
}
