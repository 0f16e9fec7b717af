package io.tandem.launcher.ctl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP to a running Tandem's {@code --http} server, with the API key as {@code Authorization: Basic} when there is
 * one. An answer other than 2xx becomes a {@link CtlFailure} carrying the server's message: the API's
 * {@code {"code", "message"}} as {@code CODE: message} (the message names the field), a plain text answer as is.
 */
final class CtlClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String http;
    private final String base;
    private final String authorization;
    private final javax.net.ssl.SSLContext tls;

    /** @param tls for an {@code https://} address, else null */
    CtlClient(String http, String key, javax.net.ssl.SSLContext tls) {
        this.http = http;
        this.base = http.startsWith("https://") ? http : "http://" + http;
        this.tls = tls;
        this.authorization = key == null || key.isEmpty() ? null
            : "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code method path} with {@code body} (JSON, or null); the 2xx answer's body, parsed as JSON when it is. */
    String send(String method, String path, JsonNode body, boolean json) throws CtlFailure {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (json) {
            b.header("Accept", "application/json");
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r;
        HttpClient.Builder cb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            cb.sslContext(tls);
        }
        try (HttpClient client = cb.build()) {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CtlFailure("nothing answers on " + http + " (is Tandem running with --http " + http + "?)", CtlFailure.FAILED);
        } catch (HttpTimeoutException e) {
            throw new CtlFailure(http + " did not answer " + method + " " + path + " in time", CtlFailure.FAILED);
        } catch (javax.net.ssl.SSLException e) {
            throw new CtlFailure("TLS with " + http + " failed: " + e.getMessage() + " (--ca FILE to trust its certificate; "
                + "--cert and --cert-key when it asks for a client certificate)", CtlFailure.FAILED);
        } catch (IOException e) { // with TLS 1.3, a server that wants a client certificate closes after the handshake
            throw new CtlFailure("cannot talk to " + http + ": " + e + (tls == null ? ""
                : " (if it asks for a client certificate: --cert and --cert-key)"), CtlFailure.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlFailure("interrupted", CtlFailure.FAILED);
        }
        if (r.statusCode() / 100 != 2) {
            throw new CtlFailure(message(r), r.statusCode() == 404 ? CtlFailure.NOT_FOUND : CtlFailure.FAILED);
        }
        return r.body();
    }

    /** The answer as JSON. */
    JsonNode json(String method, String path, JsonNode body) throws CtlFailure {
        String text = send(method, path, body, true);
        try {
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (tools.jackson.core.JacksonException e) {
            throw new CtlFailure(http + " answered " + method + " " + path + " with something else than JSON (is it Tandem?)", CtlFailure.FAILED);
        }
    }

    private static String message(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body().trim();
        try {
            JsonNode err = JSON.readTree(body);
            if (err.path("code").isString() && err.path("message").isString()) {
                return err.path("code").stringValue() + ": " + err.path("message").stringValue();
            }
        } catch (tools.jackson.core.JacksonException e) {
            // plain text: as is
        }
        return body.isEmpty() ? "HTTP " + r.statusCode() : body;
    }
}
