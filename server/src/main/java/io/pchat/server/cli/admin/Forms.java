package io.pchat.server.cli.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small helpers shared by the sub-commands: reading answers into text, building request bodies. */
final class Forms {
    private Forms() {
    }

    /** A field as text; empty for absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** An array field joined with commas; "-" when empty. */
    static String list(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.isEmpty()) {
            return "-";
        }
        List<String> items = new ArrayList<>();
        v.forEach(item -> items.add(item.asText()));
        return String.join(",", items);
    }

    static String yesNo(JsonNode node, String field) {
        return node.path(field).asBoolean() ? "yes" : "no";
    }

    /** {@code key: value} lines, keys padded to the longest. */
    static String lines(String[][] pairs) {
        int width = 0;
        for (String[] p : pairs) {
            width = Math.max(width, p[0].length());
        }
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            out.append(p[0]).append(':').append(" ".repeat(width - p[0].length() + 1)).append(p[1])
                    .append(System.lineSeparator());
        }
        return out.toString();
    }

    static ArrayNode array(List<String> values) {
        ArrayNode a = AdminClient.JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    static ObjectNode object() {
        return AdminClient.JSON.createObjectNode();
    }

    /** {@code on|off|true|false|yes|no} as a boolean, else a usage failure naming the option. */
    static boolean onOff(String option, String value) throws AdminFailure {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "on":
            case "true":
            case "yes":
                return true;
            case "off":
            case "false":
            case "no":
                return false;
            default:
                throw new AdminFailure(AdminExit.USAGE, option + " must be on or off, was '" + value + "'");
        }
    }

    /** A room as key: value lines (the {@code GET /rooms/{room}} form). */
    static String room(JsonNode r) {
        JsonNode in = r.path("effective");
        return lines(new String[][] {
            {"name", text(r, "name")}, {"id", text(r, "id")}, {"uri", text(r, "uri")},
            {"category", text(r, "category")}, {"privacy", text(r, "privacy")}, {"type", text(r, "type")},
            {"disabled", yesNo(r, "disabled")}, {"description", text(r, "description")}, {"topic", text(r, "topic")},
            {"addin", text(r, "addin").isEmpty() ? "-" : text(r, "addin")},
            {"invitations", text(r, "invitations") + " (" + onOffText(in, "invitations") + ")"},
            {"file upload", text(r, "fileUpload") + " (" + onOffText(in, "fileUpload") + ")"},
            {"logged", text(r, "logged") + " (" + onOffText(in, "logged") + ")"},
            {"members", list(r, "members")}, {"managers", list(r, "managers")}, {"presenters", list(r, "presenters")},
            {"joined here", text(r, "joinedHere")},
        });
    }

    private static String onOffText(JsonNode node, String field) {
        return node.path(field).asBoolean() ? "on" : "off";
    }
}
