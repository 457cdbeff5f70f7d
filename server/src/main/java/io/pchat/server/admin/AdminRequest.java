package io.pchat.server.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One admin call as a resource sees it: who makes it ({@value AdminAudit#WHO} for the token's
 * holder, a user's SIP URI in the console's room management), the method, the path, the values of
 * the route's {@code {placeholders}} (URL-decoded), the query parameters and the raw body (at most
 * the server's body limit).
 */
public record AdminRequest(String actor, String method, String path, Map<String, String> params,
        Map<String, List<String>> query, byte[] body) {

    public AdminRequest {
        params = Map.copyOf(params);
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    /** A path placeholder's value; the route guarantees it is there. */
    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no {" + name + "}");
        }
        return value;
    }

    /** A query parameter's first value, if given and not blank. */
    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty()
                : Optional.of(values.get(0).strip());
    }

    /** A whole-number query parameter in {@code min..max}, {@code absent} when not given; anything else is a 400. */
    public long number(String name, long absent, long min, long max) {
        Optional<String> text = query(name);
        if (text.isEmpty()) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AdminException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max
                + ", was '" + text.get() + "'");
    }

    /** The body as a JSON object (an empty body is an empty object); bad JSON is a 400. */
    public JsonBody json() {
        return JsonBody.parse(body);
    }
}
