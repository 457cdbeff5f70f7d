package io.pchat.server.admin;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a resource answers: a status with a JSON body (or none, for 204), a streamed text body
 * (the compliance export), bytes of a given type (the console's files), or an answer that comes
 * later ({@link #later}: a test message waits for SIP, not on a storage thread). {@code headers}
 * are added to the HTTP answer (a session cookie, a security policy); {@code afterSent} runs once
 * the answer has been written (shutdown).
 */
public record AdminResponse(int status, JsonNode json, String contentType, StreamingBody stream, byte[] bytes,
        Map<String, String> headers, CompletionStage<AdminResponse> deferred, Runnable afterSent) {

    /** A body written piece by piece on a storage thread, never held whole in memory. */
    @FunctionalInterface
    public interface StreamingBody {
        void writeTo(Writer out) throws IOException;
    }

    public AdminResponse {
        headers = Map.copyOf(headers);
    }

    public static AdminResponse ok(JsonNode json) {
        return status(200, json);
    }

    public static AdminResponse created(JsonNode json) {
        return status(201, json);
    }

    public static AdminResponse noContent() {
        return status(204, null);
    }

    public static AdminResponse status(int status, JsonNode json) {
        return new AdminResponse(status, json, null, null, null, Map.of(), null, null);
    }

    public static AdminResponse stream(String contentType, StreamingBody body) {
        return new AdminResponse(200, null, contentType, body, null, Map.of(), null, null);
    }

    public static AdminResponse bytes(int status, String contentType, byte[] body) {
        return new AdminResponse(status, null, contentType, null, body, Map.of(), null, null);
    }

    /** An answer completed elsewhere; its failure is mapped like a thrown one. */
    public static AdminResponse later(CompletionStage<AdminResponse> answer) {
        return new AdminResponse(0, null, null, null, null, Map.of(), answer, null);
    }

    public AdminResponse then(Runnable action) {
        return new AdminResponse(status, json, contentType, stream, bytes, headers, deferred, action);
    }

    /** This answer with one more header (a later one of the same name replaces it). */
    public AdminResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminResponse(status, json, contentType, stream, bytes, more, deferred, afterSent);
    }
}
