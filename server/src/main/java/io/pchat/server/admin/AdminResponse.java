package io.pchat.server.admin;

import java.io.IOException;
import java.io.Writer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a resource answers: a status with a JSON body (or none, for 204), or a streamed text body
 * (the compliance export). {@code afterSent} runs once the answer has been written (shutdown).
 */
public record AdminResponse(int status, JsonNode json, String contentType, StreamingBody stream, Runnable afterSent) {

    /** A body written piece by piece on a storage thread, never held whole in memory. */
    @FunctionalInterface
    public interface StreamingBody {
        void writeTo(Writer out) throws IOException;
    }

    public static AdminResponse ok(JsonNode json) {
        return new AdminResponse(200, json, null, null, null);
    }

    public static AdminResponse created(JsonNode json) {
        return new AdminResponse(201, json, null, null, null);
    }

    public static AdminResponse noContent() {
        return new AdminResponse(204, null, null, null, null);
    }

    public static AdminResponse status(int status, JsonNode json) {
        return new AdminResponse(status, json, null, null, null);
    }

    public static AdminResponse stream(String contentType, StreamingBody body) {
        return new AdminResponse(200, null, contentType, body, null);
    }

    public AdminResponse then(Runnable action) {
        return new AdminResponse(status, json, contentType, stream, action);
    }
}
