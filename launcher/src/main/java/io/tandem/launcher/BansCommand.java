package io.tandem.launcher;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem bans}: lists, lifts or sets the bans of a running {@code tandem run}, through its /bans endpoint. */
@Command(name = "bans", mixinStandardHelpOptions = true,
    description = "List the bans of a running Tandem and its security counters; lift one (--unban) or set one (--ban).")
final class BansCommand implements Callable<Integer> {
    @Option(names = "--http", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:8080",
        description = "The health server of the running Tandem (its --http; default: ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--unban", paramLabel = "ADDR[/N]", description = "Lift the ban of this address or network.")
    String unban;

    @Option(names = "--ban", paramLabel = "ADDR[/N]", description = "Ban this address or network (rule 'manual').")
    String ban;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0",
        description = "With --ban: how long (default: spec.security.bans.banSeconds; the ban is permanent with a negative value).")
    long seconds;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "set by hand", description = "With --ban: why.")
    String reason;

    @Override
    public Integer call() throws Exception {
        String base = "http://" + http + "/bans";
        HttpRequest.Builder req;
        if (unban != null) {
            req = HttpRequest.newBuilder(URI.create(base + "/" + unban)).DELETE();
        } else if (ban != null) {
            String q = (seconds != 0 ? "seconds=" + Math.max(0, seconds) + "&" : "") + "reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8);
            req = HttpRequest.newBuilder(URI.create(base + "/" + ban + "?" + q)).POST(HttpRequest.BodyPublishers.noBody());
        } else {
            req = HttpRequest.newBuilder(URI.create(base)).GET();
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<String> r = client.send(req.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            (r.statusCode() / 100 == 2 ? System.out : System.err).print(r.body());
            return r.statusCode() / 100 == 2 ? 0 : 1;
        } catch (ConnectException e) {
            System.err.println("tandem bans: nothing answers on " + http + " (is tandem run started with --http " + http + "?)");
            return 1;
        }
    }
}
