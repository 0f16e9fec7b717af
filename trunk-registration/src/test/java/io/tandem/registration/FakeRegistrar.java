package io.tandem.registration;

import io.tandem.edgeport.uac.UserAgentClient;
import io.tandem.processor.ListeningPoint;
import io.tandem.processor.Transport;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link TrunkRegistration.Sender} that keeps each REGISTER (Contact stamped) until the test answers it. */
final class FakeRegistrar implements TrunkRegistration.Sender {
    static final UserAgentClient.Origin ORIGIN = new UserAgentClient.Origin(
        new ListeningPoint(Transport.UDP, "127.0.0.1", 5070, "127.0.0.1", 5070), "127.0.0.1", new InetSocketAddress("127.0.0.1", 5080));

    record Pending(SipRequest request, CompletableFuture<SipResponse> reply) {
    }

    final List<Pending> sent = new ArrayList<>();

    @Override
    public CompletionStage<SipResponse> send(SipRequest register, UserAgentClient.Stamp stamp) {
        Pending p = new Pending(stamp.apply(register, ORIGIN), new CompletableFuture<>());
        sent.add(p);
        return p.reply();
    }

    SipRequest last() {
        return sent.getLast().request();
    }

    /** Answers the last REGISTER with {@code status} and the given header lines. */
    void answer(int status, String... headers) {
        answer(sent.getLast(), status, headers);
    }

    static void answer(Pending p, int status, String... headers) {
        var e = SipResponse.forRequest(p.request(), status, "Reason").edit().toTag("reg");
        for (String h : headers) {
            int colon = h.indexOf(':');
            e.add(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        p.reply().complete(e.build());
    }
}
