package io.pchat.server.cli.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calls the node's admin API ({@code java.net.http}): JSON in, JSON out, the bearer token on
 * every call. A 2xx answer is returned; anything else is an {@link AdminFailure} carrying the
 * server's {@code error} text and the exit status (3 for 4xx, 5 for 5xx); no connection is 4.
 */
public final class AdminClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    /** A successful answer: its status and body text (JSON, or empty for 204). */
    public record Reply(int status, String body) {
        public JsonNode json() throws AdminFailure {
            try {
                return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AdminFailure(AdminExit.SERVER_ERROR, "the server's answer is not JSON: " + e.getMessage());
            }
        }
    }

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    public AdminClient(URI base, Optional<String> token) {
        this(base, token, Optional.empty());
    }

    /** With {@code tls}: the context to speak HTTPS with (trusting the node's certificate). */
    public AdminClient(URI base, Optional<String> token, Optional<SSLContext> tls) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    public Reply get(String path) throws AdminFailure {
        return call("GET", path, null, false);
    }

    public Reply post(String path, JsonNode body) throws AdminFailure {
        return call("POST", path, body, false);
    }

    public Reply put(String path, JsonNode body) throws AdminFailure {
        return call("PUT", path, body, false);
    }

    public Reply patch(String path, JsonNode body) throws AdminFailure {
        return call("PATCH", path, body, false);
    }

    public Reply delete(String path) throws AdminFailure {
        return call("DELETE", path, null, false);
    }

    /** A call whose non-2xx answers are returned too (health: 503 has a body worth showing). */
    public Reply getAnyStatus(String path) throws AdminFailure {
        return call("GET", path, null, true);
    }

    /** A streamed GET (the compliance export): the body as it arrives; the caller closes it. */
    public InputStream stream(String path) throws AdminFailure {
        HttpRequest request = request("GET", path, null).build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw refusal(response.statusCode(), body);
        }
        return response.body();
    }

    /** A path segment, percent-encoded ("Sales Team" to "Sales%20Team"). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Reply call(String method, String path, JsonNode body, boolean anyStatus) throws AdminFailure {
        HttpRequest request = request(method, path, body).timeout(CALL_TIMEOUT).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() >= 300 && !anyStatus) {
            throw refusal(response.statusCode(), response.body());
        }
        return new Reply(response.statusCode(), response.body());
    }

    private HttpRequest.Builder request(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws AdminFailure {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new AdminFailure(AdminExit.NO_CONNECTION, "cannot connect to " + base + ": " + describe(e));
        } catch (HttpTimeoutException e) {
            throw new AdminFailure(AdminExit.NO_CONNECTION, "no answer from " + base + " in time");
        } catch (IOException e) {
            throw new AdminFailure(AdminExit.NO_CONNECTION, "cannot talk to " + base + ": " + describe(e) + tlsHint(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminFailure(AdminExit.NO_CONNECTION, "interrupted");
        }
    }

    /** What to do when the failure looks like plain HTTP to a TLS port, or TLS without trusting the node. */
    private String tlsHint(IOException e) {
        String text = String.valueOf(describe(e));
        if ("http".equalsIgnoreCase(base.getScheme()) && text.contains("received no bytes")) {
            return " (the node closed a plain HTTP connection at once: when it has tls.certificate, its admin API"
                    + " speaks HTTPS: --url https://" + base.getAuthority() + " --tls-trust <the node's certificate>)";
        }
        if ("https".equalsIgnoreCase(base.getScheme()) && (text.contains("PKIX") || text.contains("certificate"))) {
            return " (trust the node's certificate: --tls-trust FILE, e.g. data/tls/pchat-dev.crt)";
        }
        return "";
    }

    private AdminFailure refusal(int status, String body) {
        String message;
        try {
            JsonNode json = JSON.readTree(body);
            message = json != null && json.hasNonNull("error") ? json.get("error").asText() : body.strip();
        } catch (IOException e) {
            message = body.strip();
        }
        String hint = status == 401 && token.isEmpty() ? " (no token given: use --token or --token-file)" : "";
        return new AdminFailure(AdminExit.forStatus(status), status + " " + message + hint);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
