package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.DOMAIN;
import static io.tandem.launcher.e2e.EmbeddedDefaultsIT.finalStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem run --config DIR} with a dispatcher.yaml: every request goes through the
 * Dispatcher. A method no processor takes is answered 405 with their methods in Allow; an entry
 * whose addr (gRPC) nothing listens on is answered 503; Connect, without an addr, runs in process; the CEL matchFunc chooses the processor per
 * request (INVITE to "voicemail", to 1002, to "voicemail" again); the two built-in header
 * middlewares add their headers after Connect decided, the inner one first, to the responses the
 * caller sees and to the INVITE the callee (a SIPp UAS) receives.
 */
class DispatcherIT extends E2eFixture {
    /** The voicemail entry's addr is a port nothing listens on (%d). */
    static final String DISPATCHER = """
        kind: MessageDispatcher
        apiVersion: v2beta1
        ref: dispatcher-e2e
        spec:
          processors:
            - ref: voicemail
              addr: 127.0.0.1:%d
              methods: [INVITE]
              matchFunc: "requestUriUser == 'voicemail'"
            - ref: connect-processor
              methods: [REGISTER, INVITE, ACK, BYE, CANCEL]
              matchFunc: "req => true"
          middlewares:
            - ref: outer
              addr: "header:X-Tandem-Mw: outer"
              postProcessor: true
            - ref: inner
              addr: "header:X-Tandem-Mw: inner"
              postProcessor: true
        """;
    /** The middlewares' after() run in reverse order, each appending its header. */
    static final List<String> MIDDLEWARE_HEADERS = List.of("inner", "outer");

    @Test
    void methodsNotTaken405UnreachableProcessor503CelChosenPerRequestAndMiddlewaresInOrder() throws Exception {
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        int closedPort = Ports.free();
        write(config, "dispatcher.yaml", DISPATCHER.formatted(closedPort));
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", freeHttp(), "--digest", "MD5");
        // ready but for the voicemail processor, which nothing serves: /readyz names it and nothing else
        String voicemailDown = "processor voicemail: unreachable at 127.0.0.1:" + closedPort + " (TRANSIENT_FAILURE)\n";
        TandemProcess.Http ready = tandem.awaitHttp("/readyz", h -> h.body().equals(voicemailDown),
            "/readyz naming only the unreachable voicemail processor", Duration.ofSeconds(90));
        assertThat(ready.status()).isEqualTo(503);
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);

        // REGISTER reaches Connect: challenged, then accepted, both answers marked by the middlewares
        int port1002 = Ports.free();
        Sipp.Run reg = sipp.uac("agent-register.xml", port1002, edge).name("register-1002")
            .set("USER", "1002").set("PASSWORD", "pw-1002").set("DOMAIN", DOMAIN).start().assertSuccess();
        assertThat(finalStatuses(reg)).containsExactly(401, 200);
        assertThat(reg.receivedResponses()).allSatisfy(r -> assertThat(r.headers("X-Tandem-Mw")).isEqualTo(MIDDLEWARE_HEADERS));

        // no processor takes MESSAGE: 405, Allow lists what they take
        Sipp.Run message = sipp.uac("message.xml", Ports.free(), edge).name("message-405").service("1002")
            .set("USER", "1001").set("DOMAIN", DOMAIN).set("STATUS", 405).start().assertSuccess();
        SipResponse r405 = finalResponse(message);
        assertThat(r405.header("Allow")).isEqualTo("INVITE, REGISTER, ACK, BYE, CANCEL");
        assertThat(r405.headers("X-Tandem-Mw")).isEqualTo(MIDDLEWARE_HEADERS);

        // the matchFunc picks the unreachable voicemail entry for this Request-URI only: 503
        voicemailCall(edge, "voicemail-first");

        // ... and Connect for 1002: the call goes through, the forwarded INVITE carries the middlewares' headers
        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("callee-1002").start();
        Sipp.Run caller = sipp.uac("agent-call.xml", Ports.free(), edge).name("caller-1001").service("1002")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", DOMAIN).set("HOLD_MS", 100).start();
        caller.assertSuccess();
        callee.assertSuccess();
        assertThat(finalStatuses(caller)).containsExactly(407, 200);
        assertThat(callee.received("INVITE")).isNotEmpty().allSatisfy(invite ->
            assertThat(invite.headers("X-Tandem-Mw")).as("the INVITE as the callee received it").isEqualTo(MIDDLEWARE_HEADERS));

        // decided again for the next request: voicemail once more
        voicemailCall(edge, "voicemail-again");
        assertThat(tandem.stdout()).contains("processor voicemail at 127.0.0.1:" + closedPort + " is unreachable");
    }

    private void voicemailCall(InetSocketAddress edge, String name) throws IOException {
        Sipp.Run vm = sipp.uac("carrier-call-rejected.xml", Ports.free(), edge).name(name).service("voicemail")
            .set("FROM_USER", "1001").set("FROM_HOST", DOMAIN).set("HOST", DOMAIN).set("HEADER", "X-Test: " + name)
            .set("STATUS", 503).start().assertSuccess();
        SipResponse r503 = finalResponse(vm);
        assertThat(r503.reason()).isEqualTo("Service Unavailable (processor voicemail unreachable)");
        assertThat(r503.headers("X-Tandem-Mw")).isEqualTo(MIDDLEWARE_HEADERS);
    }

    private static SipResponse finalResponse(Sipp.Run run) {
        return run.receivedResponses().stream().filter(r -> r.status() >= 200).reduce((a, b) -> b).orElseThrow(() ->
            new AssertionError("no final response\n" + run.describe()));
    }
}
