package io.pchat.server.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request body: one JSON object, read field by field. Every refusal is a 400 that names the
 * field ("field 'privacy' must be one of open, closed, secret"), and {@link #allowOnly} refuses
 * fields the call does not know, so a typo is never silently ignored. An absent field and a
 * JSON {@code null} are the same: not given.
 */
public final class JsonBody {
    private final ObjectNode node;
    /** The path of this object in the body ("add."), for messages. */
    private final String prefix;

    private JsonBody(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    static JsonBody parse(byte[] body) {
        if (body.length == 0) {
            return new JsonBody(AdminJson.MAPPER.createObjectNode(), "");
        }
        JsonNode tree;
        try {
            tree = AdminJson.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw AdminException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AdminException.badRequest("the body cannot be read: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            return new JsonBody(AdminJson.MAPPER.createObjectNode(), "");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw AdminException.badRequest("the body must be a JSON object");
        }
        return new JsonBody(object, "");
    }

    /** The object as parsed (read only: for a printer that formats the call). */
    JsonNode node() {
        return node;
    }

    /** Refuses any field not in {@code names}. */
    public JsonBody allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw AdminException.badRequest("unknown field '" + prefix + name + "'; known fields: " + String.join(", ", names));
            }
        }
        return this;
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    /** A required non-blank string. */
    public String text(String name) {
        return optText(name).filter(s -> !s.isBlank())
                .orElseThrow(() -> AdminException.badRequest("field '" + prefix + name + "' is required"));
    }

    public Optional<String> optText(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isTextual()) {
            throw AdminException.badRequest("field '" + prefix + name + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    public Optional<Boolean> optBool(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isBoolean()) {
            throw AdminException.badRequest("field '" + prefix + name + "' must be true or false");
        }
        return Optional.of(value.asBoolean());
    }

    public Optional<Integer> optInt(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw AdminException.badRequest("field '" + prefix + name + "' must be an integer");
        }
        return Optional.of(value.asInt());
    }

    /** A list of strings: a JSON array of strings (a single string is a list of one). */
    public Optional<List<String>> optList(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        List<String> out = new ArrayList<>();
        if (value.isTextual()) {
            out.add(value.asText());
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw AdminException.badRequest("field '" + prefix + name + "' must be an array of strings");
                }
                out.add(item.asText());
            }
        } else {
            throw AdminException.badRequest("field '" + prefix + name + "' must be an array of strings");
        }
        return Optional.of(out);
    }

    /** An enum constant named case-insensitively. */
    public <E extends Enum<E>> Optional<E> optEnum(String name, Class<E> type) {
        return optText(name).map(text -> AdminJson.enumValue(prefix + name, text, type));
    }

    /** A nested object (for {@code {"add": {...}, "remove": {...}}}). */
    public Optional<JsonBody> optObject(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!(value instanceof ObjectNode object)) {
            throw AdminException.badRequest("field '" + prefix + name + "' must be an object");
        }
        return Optional.of(new JsonBody(object, prefix + name + "."));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
