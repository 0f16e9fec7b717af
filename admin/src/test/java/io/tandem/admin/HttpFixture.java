package io.tandem.admin;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

/** {@link AdminFixture} with the JSON/HTTP API mounted on an HTTP server on a free loopback port, and a client. */
abstract class HttpFixture extends AdminFixture {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private HttpServer http;
    private final HttpClient web = HttpClient.newHttpClient();

    @BeforeEach
    void serve() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        http.createContext(HttpApi.PREFIX, server.http());
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    /** {@code method path} with {@code body} (or none) and an {@code Authorization} (or none). */
    HttpResponse<String> send(String method, String path, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return web.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
