package io.tandem.launcher;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import io.tandem.launcher.ctl.LiveCommands;
import io.tandem.launcher.ctl.ResourceCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem ctl}: administers a running Tandem over its {@code --http} port: the resources through the JSON/HTTP
 * admin API, and the live state (registrations, bans, calls).
 */
@Command(name = "ctl", mixinStandardHelpOptions = true, description = "Administer a running Tandem (over its --http port).",
    subcommands = {ResourceCommand.Domains.class, ResourceCommand.Agents.class, ResourceCommand.Peers.class, ResourceCommand.Trunks.class,
        ResourceCommand.Numbers.class, ResourceCommand.Credentials.class, ResourceCommand.Acls.class, LiveCommands.Registrations.class,
        LiveCommands.Bans.class, CtlCommand.Calls.class})
final class CtlCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code tandem ctl calls}. */
    @Command(name = "calls", mixinStandardHelpOptions = true, description = "The calls: in progress (list, hangup) and recent (flow).",
        subcommands = {LiveCommands.CallList.class, LiveCommands.HangUp.class, Flow.class})
    static final class Calls implements Runnable {
        @Override
        public void run() {
            new picocli.CommandLine(this).usage(System.out);
        }
    }

    /** {@code tandem ctl calls flow CALL-ID}: the call's messages as a ladder diagram, as JSON, or into a PCAP file. */
    @Command(name = "flow", mixinStandardHelpOptions = true,
        description = "Show the messages of a recent call (both legs, every branch) as a ladder diagram.")
    static final class Flow implements Callable<Integer> {
        @Parameters(paramLabel = "CALL-ID", description = "The call's Call-ID.")
        String callId;

        @Option(names = "--http", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:8080",
            description = "The running Tandem's --http address (default: ${DEFAULT-VALUE}).")
        String http;

        @Option(names = "--json", description = "Print the flow as JSON instead.")
        boolean json;

        @Option(names = "--pcap", paramLabel = "FILE", description = "Write the flow to FILE as PCAP (tcpdump -r, Wireshark).")
        Path pcap;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String view = pcap != null ? "flow.pcap" : json ? "flow" : "ladder";
            URI uri = URI.create("http://" + http + "/calls/" + URLEncoder.encode(callId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/" + view);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<byte[]> r;
            try {
                r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            } catch (ConnectException e) {
                System.err.println("tandem ctl: nothing answers on " + http + " (is Tandem running with --http " + http + "?)");
                return 1;
            }
            if (r.statusCode() != 200) {
                System.err.print("tandem ctl: " + new String(r.body(), StandardCharsets.UTF_8));
                return r.statusCode() == 404 ? 3 : 1;
            }
            if (pcap != null) {
                Files.write(pcap, r.body());
                System.out.println("wrote " + pcap + " (" + r.body().length + " bytes)");
            } else {
                System.out.print(new String(r.body(), StandardCharsets.UTF_8));
            }
            return 0;
        }
    }
}
