package io.tandem.launcher.e2e;

import static io.tandem.launcher.e2e.ConfigDirectoryCallsIT.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.sip.message.SipMessage;
import io.tandem.sip.message.SipRequest;
import io.tandem.sip.message.SipResponse;
import io.tandem.testkit.Ports;
import io.tandem.testkit.PrometheusScrape;
import io.tandem.testkit.Sipp;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Observability through the real launcher: after SIPp calls, {@code /metrics} parses as strict
 * Prometheus text and its counters match what SIPp sent and received; every message reached the
 * HEP listener; a call forked to two registrations and CANCELled has its every message in the
 * flow, in each peer's order, which {@code tandem ctl calls flow} shows as a ladder and writes as a
 * PCAP that {@code tcpdump -r} reads with the same count.
 */
class ObservabilityIT extends E2eFixture {
    private static final int CALLS = 2;

    @Test
    void metricsMatchSippAndEveryMessageReachesHep() throws Exception {
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        List<byte[]> hep = new CopyOnWriteArrayList<>();
        DatagramSocket collector = closeAfter(new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
        Thread.ofVirtual().start(() -> receive(collector, hep));
        String http = freeHttp();
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http, "--digest", "MD5",
            "--hep", "127.0.0.1:" + collector.getLocalPort());
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        int port1002 = Ports.free();
        register(edge, port1002, "reg-1002");
        PrometheusScrape before = scrape(tandem);

        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("callee-1002").calls(CALLS).start();
        Sipp.Run caller = sipp.uac("agent-call.xml", Ports.free(), edge).name("caller-1001").service("1002").calls(CALLS)
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", DOMAIN).start();
        caller.assertSuccess();
        callee.assertSuccess();
        tandem.awaitHttp("/metrics", h -> PrometheusScrape.parse(h.body()).value("tandem_sip_transactions_active") == 0,
            "every transaction ended", Duration.ofSeconds(40));
        PrometheusScrape after = scrape(tandem);

        assertThat(after.samples()).allSatisfy(s -> assertThat(s.labels()).containsEntry("edgeport", "edgeport-e2e"));
        for (String method : List.of("INVITE", "ACK", "BYE")) {
            assertThat(delta(before, after, "tandem_sip_requests_total", "method", method)).as(method)
                .isEqualTo(transactions(caller, method));
        }
        assertThat(transactions(caller, "INVITE")).isEqualTo(2 * CALLS);
        for (int code : List.of(407, 180, 200)) {
            assertThat(delta(before, after, "tandem_sip_responses_total", "code", Integer.toString(code))).as("responses " + code)
                .isEqualTo(caller.receivedResponses().stream().filter(r -> r.status() == code).count());
        }
        assertThat(after.value("tandem_sip_responses_total", "class", "2xx", "code", "200")).isPositive();
        assertThat(delta(before, after, "tandem_forwarding_latency_seconds_count")).as("the INVITEs and BYEs forwarded")
            .isEqualTo(2 * CALLS);
        assertThat(delta(before, after, "tandem_processor_latency_seconds_count")).isGreaterThanOrEqualTo(3 * CALLS);
        assertThat(after.find("tandem_forwarding_latency_seconds_bucket")).isNotEmpty();
        assertThat(after.value("tandem_location_bindings")).isGreaterThanOrEqualTo(1);
        assertThat(after.types()).containsEntry("tandem_transport_connections", "gauge")
            .containsEntry("tandem_proxy_dropped_total", "counter").containsEntry("tandem_dispatcher_unmatched_total", "counter")
            .containsKeys("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "process_cpu_usage");
        assertThat(after.find("tandem_transport_messages_in_total", "transport", "udp")).singleElement()
            .satisfies(s -> assertThat(s.value()).isPositive());

        // HEP: one packet per message in and out, the capture queue lost none
        long sipMessages = (long) after.value("tandem_capture_messages_total");
        tandem.awaitHttp("/metrics", h -> hep.size() >= PrometheusScrape.parse(h.body()).value("tandem_hep_sent_total")
            && hep.size() > 0, "the HEP packets", Duration.ofSeconds(10));
        PrometheusScrape last = scrape(tandem);
        assertThat(last.value("tandem_hep_lost_total")).isZero();
        assertThat(last.value("tandem_capture_lost_total")).isZero();
        tandem.awaitHttp("/metrics", h -> {
            PrometheusScrape m = PrometheusScrape.parse(h.body());
            return m.value("tandem_hep_sent_total") == m.value("tandem_capture_messages_total");
        }, "a HEP packet for every message the flows captured", Duration.ofSeconds(10));
        assertThat(last.types()).containsEntry("tandem_sip_retransmissions_total", "counter")
            .containsEntry("tandem_backend_up", "gauge").containsEntry("tandem_backend_check_microseconds", "gauge");
        assertThat(last.value("tandem_backend_up", "backend", "location")).as("the memory Location answers").isEqualTo(1);
        assertThat(last.value("tandem_backend_up", "backend", "provisioning")).isEqualTo(1);
        assertThat(sipMessages).isPositive();
        String callId = caller.log().getFirst().message().callId();
        assertThat(hep).anySatisfy(p -> assertThat(new String(p, StandardCharsets.ISO_8859_1)).contains("Call-ID: " + callId));
        byte[] first = hep.getFirst();
        assertThat(new String(first, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("HEP3");
        assertThat(ByteBuffer.wrap(first, 4, 2).getShort() & 0xffff).isEqualTo(first.length);
    }

    @Test
    void aForkedCancelledCallHasEveryMessageInItsFlowLadderAndPcap() throws Exception {
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        String http = freeHttp();
        TandemProcess tandem = tandem("tandem", "run", "--config", config.toString(), "--http", http, "--digest", "MD5");
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        int portA = Ports.free();
        int portB = Ports.free();
        register(edge, portA, "reg-1002-a");
        register(edge, portB, "reg-1002-b");

        Sipp.Run a = sipp.uas("call-uas-cancelled.xml", portA).name("callee-a").set("CALLEE", "1002").start();
        Sipp.Run b = sipp.uas("call-uas-cancelled.xml", portB).name("callee-b").set("CALLEE", "1002").start();
        Sipp.Run caller = sipp.uac("call-uac-cancel.xml", Ports.free(), edge).name("caller-cancels")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", DOMAIN).set("CALLEE", "1002").start();
        caller.assertSuccess();
        a.assertSuccess();
        b.assertSuccess();
        String callId = caller.log().getFirst().message().callId();
        List<Sipp.Run> peers = List.of(caller, a, b);
        long expected = peers.stream().mapToLong(r -> r.log().size()).sum();

        TandemProcess.Http flow = tandem.awaitHttp("/calls/" + callId + "/flow", h -> h.status() == 200
            && count(h.body(), "\"direction\"") == expected, expected + " messages in the flow", Duration.ofSeconds(15));
        List<String[]> messages = messages(flow.body());
        assertThat(messages.getFirst()).startsWith("in", "INVITE");
        assertThat(messages).filteredOn(m -> m[1].equals("INVITE") && m[0].equals("out")).hasSize(2);
        assertThat(messages).filteredOn(m -> m[1].equals("CANCEL") && m[0].equals("out")).hasSize(2);
        int cancelIn = indexOf(messages, "in", "CANCEL");
        assertThat(cancelIn).isLessThan(indexOf(messages, "out", "CANCEL"));
        // what each peer sent, in its order, and what it received, in its order (messages crossing
        // on the wire, a CANCEL and a 180, are in a different order on either side: not compared)
        for (Sipp.Run peer : peers) {
            for (boolean toPeer : new boolean[] {false, true}) {
                List<String> bySipp = peer.log().stream().filter(l -> l.received() == toPeer).map(l -> label(l.message())).toList();
                List<String> inFlow = messages.stream().filter(m -> m[2].endsWith(":" + peer.port()))
                    .filter(m -> m[0].equals(toPeer ? "out" : "in")).map(m -> m[1]).toList();
                assertThat(inFlow).as((toPeer ? "messages to " : "messages from ") + peer.name()).isEqualTo(bySipp);
            }
        }

        TandemProcess.Result ladder = TandemProcess.run(dir, "ctl-ladder", Duration.ofSeconds(60), "ctl", "calls", "flow", callId,
            "--http", http);
        assertThat(ladder.exitCode()).as(ladder.description()).isZero();
        assertThat(ladder.stdout().lines().filter(l -> l.contains("ms ")).count()).isEqualTo(expected);
        assertThat(ladder.stdout()).contains("Call-ID " + callId).contains("CANCEL").contains("487 Request Terminated")
            .contains("tandem");

        Path pcap = dir.resolve("flow.pcap");
        TandemProcess.Result written = TandemProcess.run(dir, "ctl-pcap", Duration.ofSeconds(60), "ctl", "calls", "flow", callId,
            "--http", http, "--pcap", pcap.toString());
        assertThat(written.exitCode()).as(written.description()).isZero();
        Process p = new ProcessBuilder("tcpdump", "-n", "-r", pcap.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(dump).isZero();
        assertThat(dump.lines().filter(l -> l.contains(" IP ")).count()).as(dump).isEqualTo(expected);

        TandemProcess.Result unknown = TandemProcess.run(dir, "ctl-unknown", Duration.ofSeconds(60), "ctl", "calls", "flow",
            "no-such-call", "--http", http);
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.stderr()).contains("no flow recorded for Call-ID no-such-call");
    }

    @Test
    void jsonLogLinesAndOneTracePerCallAttemptToAnOtlpReceiver() throws Exception {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        receiver.createContext("/v1/traces", ex -> {
            exports.add(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        closeAfter(() -> receiver.stop(0));
        int sipPort = Ports.free();
        Path config = dir.resolve("config");
        ConfigDirectoryCallsIT.writeConfig(config, sipPort, Ports.free());
        String http = freeHttp();
        TandemProcess tandem = closeAfter(TandemProcess.start(dir, "tandem-json", java.util.Map.of("TANDEM_LOG_FORMAT", "json",
            "TANDEM_LOG_LEVEL", "debug"), "run", "--config", config.toString(), "--http", http, "--digest", "MD5",
            "--otlp", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces"));
        diagnostic("tandem-json", tandem::describe);
        tandem.awaitReady(Duration.ofSeconds(90));
        InetSocketAddress edge = new InetSocketAddress("127.0.0.1", sipPort);
        int port1002 = Ports.free();
        register(edge, port1002, "reg-1002");
        Sipp.Run callee = sipp.uas("uas-answer.xml", port1002).name("callee-1002").start();
        sipp.uac("agent-call.xml", Ports.free(), edge).name("caller-1001").service("1002")
            .set("USER", "1001").set("PASSWORD", "pw-1001").set("DOMAIN", DOMAIN).start().assertSuccess();
        callee.assertSuccess();

        // the spans' names are plain strings in the OTLP protobuf: seen without decoding it
        List<String> spans = List.of("edgeport INVITE", "edgeport REGISTER", "edgeport BYE", "dispatcher", "processor connect",
            "location lookup", "branch UDP 127.0.0.1:" + port1002);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String exported = "";
        while (System.nanoTime() < end && !spans.stream().allMatch(exported::contains)) {
            TandemProcess.sleep(250);
            exported = exports.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).reduce("", String::concat);
        }
        for (String span : spans) {
            assertThat(exported).as("span '" + span + "' exported").contains(span);
        }

        tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
        List<String> lines = tandem.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(10);
        for (String line : lines) {
            tools.jackson.databind.JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            for (String field : List.of("@timestamp", "level", "logger_name", "thread_name", "message")) {
                assertThat(node.has(field)).as(field + " in " + line).isTrue();
            }
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"message\":\"in  UDP INVITE"));
        // the lines of a call carry its Call-ID, and, once its attempt is traced, the trace id the OTLP export has
        List<tools.jackson.databind.JsonNode> forwarded = lines.stream().map(json::readTree)
            .filter(n -> n.path("message").asString("").startsWith("out UDP INVITE")).toList();
        assertThat(forwarded).isNotEmpty();
        for (tools.jackson.databind.JsonNode n : forwarded) {
            assertThat(n.path("message").asString()).endsWith(n.path("call_id").asString());
            String traceId = n.path("trace_id").asString("");
            assertThat(traceId).as("trace_id of " + n).matches("[0-9a-f]{32}");
            assertThat(exported).as("trace " + traceId + " exported").contains(new String(java.util.HexFormat.of().parseHex(traceId),
                StandardCharsets.ISO_8859_1));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"message\":\"Tandem started").doesNotContain("call_id"));
    }

    private void register(InetSocketAddress edge, int port, String name) throws IOException {
        sipp.uac("agent-register.xml", port, edge).name(name).set("USER", "1002").set("PASSWORD", "pw-1002")
            .set("DOMAIN", DOMAIN).start().assertSuccess();
    }

    private static PrometheusScrape scrape(TandemProcess t) {
        TandemProcess.Http h = t.get("/metrics");
        assertThat(h.status()).isEqualTo(200);
        return PrometheusScrape.parse(h.body());
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    /**
     * Requests of {@code method} the caller sent, a retransmission counted once (one Via branch and
     * CSeq); an ACK only for a 2xx (its own branch: the ACK of a non-2xx belongs to the INVITE's
     * transaction, which absorbs it).
     */
    private static long transactions(Sipp.Run caller, String method) {
        List<String> inviteBranches = caller.log().stream()
            .filter(l -> !l.received() && l.message() instanceof SipRequest r && r.method().name().equals("INVITE"))
            .map(l -> l.message().topVia().branch()).toList();
        return caller.log().stream().filter(l -> !l.received() && l.message() instanceof SipRequest r && r.method().name().equals(method))
            .filter(l -> !method.equals("ACK") || !inviteBranches.contains(l.message().topVia().branch()))
            .map(l -> l.message().topVia().branch() + " " + l.message().cseq()).distinct().count();
    }

    private static String label(SipMessage m) {
        return m instanceof SipResponse r ? Integer.toString(r.status()) : ((SipRequest) m).method().name();
    }

    /** direction, label (method or status code), peer ("ip:port") of each message of a flow's JSON. */
    private static List<String[]> messages(String json) {
        Matcher m = Pattern.compile("\"direction\":\"(in|out)\",\"transport\":\"[A-Z]+\",\"source\":\"([^\"]+)\","
            + "\"destination\":\"([^\"]+)\",\"firstLine\":\"([^\"]+)\"").matcher(json);
        List<String[]> out = new ArrayList<>();
        while (m.find()) {
            String line = m.group(4);
            String label = line.startsWith("SIP/2.0 ") ? line.substring(8, 11) : line.substring(0, line.indexOf(' '));
            out.add(new String[] {m.group(1), label, m.group(1).equals("in") ? m.group(2) : m.group(3)});
        }
        return out;
    }

    private static int indexOf(List<String[]> messages, String direction, String label) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i)[0].equals(direction) && messages.get(i)[1].equals(label)) {
                return i;
            }
        }
        return -1;
    }

    private static long count(String s, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(s).results().count();
    }

    private static void receive(DatagramSocket s, List<byte[]> into) {
        byte[] buf = new byte[65_535];
        while (!s.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
                into.add(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            } catch (IOException e) {
                return;
            }
        }
    }
}
