package io.pchat.server.admin;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pchat.storage.Principals;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.EffectiveSettings;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRoles;
import io.pchat.storage.user.User;

/**
 * The JSON forms of the admin API, written out field by field so that the wire contract is
 * visible here (docs/admin.md describes the same): enum values in lower case, times as ISO-8601
 * UTC instants, principal lists sorted.
 */
public final class AdminJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"error": message, "status": status}}. */
    public static ObjectNode error(int status, String message) {
        return object().put("error", message).put("status", status);
    }

    static ObjectNode category(Category c, String domain) {
        ObjectNode n = object().put("id", c.id()).put("name", c.name()).put("uri", "ma-cat://" + domain + "/" + c.id())
                .put("description", c.description()).put("root", c.root()).put("invitations", c.invitations())
                .put("fileUpload", c.fileUpload()).put("logged", c.logged());
        n.set("allowed", sorted(c.allowed()));
        n.set("denied", sorted(c.denied()));
        n.set("creators", sorted(c.creators()));
        return n.put("createdAt", time(c.createdAt()));
    }

    /** A room in a listing: its properties and category name, no roles. */
    static ObjectNode room(Room r, String categoryName, String domain) {
        return object().put("id", r.id()).put("name", r.name()).put("uri", "ma-chan://" + domain + "/" + r.id())
                .put("category", categoryName).put("categoryId", r.categoryId()).put("privacy", lower(r.privacy()))
                .put("type", lower(r.type())).put("disabled", r.disabled()).put("description", r.description())
                .put("topic", r.topic()).put("addin", r.addinUrl().orElse(null))
                .put("invitations", lower(r.invitations())).put("fileUpload", lower(r.fileUpload()))
                .put("logged", lower(r.logged())).put("createdAt", time(r.createdAt()))
                .put("updatedAt", time(r.updatedAt()));
    }

    /** A room shown whole: properties, roles, settings in force, and who is joined on this node. */
    static ObjectNode roomDetail(Room r, String categoryName, String domain, RoomRoles roles, EffectiveSettings in,
            int joinedHere) {
        ObjectNode n = room(r, categoryName, domain);
        n.set("members", sorted(roles.members()));
        n.set("managers", sorted(roles.managers()));
        n.set("presenters", sorted(roles.presenters()));
        n.set("effective", object().put("invitations", in.invitations()).put("fileUpload", in.fileUpload())
                .put("logged", in.logged()));
        return n.put("joinedHere", joinedHere);
    }

    static ObjectNode user(User u) {
        return object().put("uri", u.uri()).put("displayName", u.displayName()).put("enabled", u.enabled())
                .put("hasPassword", u.hasPassword()).put("createdAt", time(u.createdAt()));
    }

    static ArrayNode array(Collection<ObjectNode> items) {
        ArrayNode a = MAPPER.createArrayNode();
        items.forEach(a::add);
        return a;
    }

    static ArrayNode sorted(Collection<String> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.stream().sorted().forEach(a::add);
        return a;
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} named {@code text} (any case), else a 400 naming the field and the choices. */
    static <E extends Enum<E>> E enumValue(String field, String text, Class<E> type) {
        String wanted = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw AdminException.badRequest("field '" + field + "' must be one of " + Arrays.stream(type.getEnumConstants())
                .map(AdminJson::lower).collect(Collectors.joining(", ")) + ", was '" + text + "'");
    }

    /** Users ({@code sip:a@x}) or domains ({@code @x}) in their stored form, else a 400 naming the field. */
    static List<String> principals(String field, List<String> values) {
        try {
            return values.stream().map(String::strip).filter(s -> !s.isEmpty()).map(Principals::normalise)
                    .distinct().toList();
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("field '" + field + "': " + e.getMessage());
        }
    }
}
