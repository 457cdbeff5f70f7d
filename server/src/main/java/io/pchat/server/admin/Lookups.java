package io.pchat.server.admin;

import java.util.Locale;
import java.util.Optional;

import io.pchat.storage.ChatStore;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Room;

/**
 * Finds the room or category an admin call names: by id, by {@code ma-chan://}/{@code ma-cat://}
 * URI, or by name (case-insensitive). Unknown is a 404 that repeats what was asked for.
 * Blocking: storage threads only.
 */
final class Lookups {
    private final ChatStore store;

    Lookups(ChatStore store) {
        this.store = store;
    }

    Room room(String idOrName) {
        String key = stripScheme(idOrName, "ma-chan://");
        Optional<Room> byId = looksLikeId(key) ? store.rooms().get(key) : Optional.empty();
        return byId.or(() -> store.rooms().byName(idOrName))
                .orElseThrow(() -> AdminException.notFound("room '" + idOrName + "' not found"));
    }

    Category category(String idOrName) {
        String key = stripScheme(idOrName, "ma-cat://").toLowerCase(Locale.ROOT);
        String name = idOrName.strip().toLowerCase(Locale.ROOT);
        return store.categories().list().stream()
                .filter(c -> c.id().equalsIgnoreCase(key) || c.name().toLowerCase(Locale.ROOT).equals(name))
                .findFirst()
                .orElseThrow(() -> AdminException.notFound("category '" + idOrName + "' not found"));
    }

    /** The category a new room goes to when none is named: the root. */
    Category rootCategory() {
        return store.categories().root().orElseThrow(() -> AdminException.notFound("there is no root category yet"));
    }

    String categoryName(String categoryId) {
        return store.categories().get(categoryId).map(Category::name).orElse(categoryId);
    }

    /** {@code ma-chan://example.com/<id>} to {@code <id>}; anything else unchanged. */
    private static String stripScheme(String value, String scheme) {
        String v = value.strip();
        if (v.regionMatches(true, 0, scheme, 0, scheme.length())) {
            int slash = v.indexOf('/', scheme.length());
            return slash < 0 ? v : v.substring(slash + 1);
        }
        return v;
    }

    /** Room ids are GUIDs: only those are tried as ids (a name never hits the id cache). */
    private static boolean looksLikeId(String s) {
        return s.length() == 36 && s.chars().allMatch(ch -> ch == '-' || Character.digit(ch, 16) >= 0);
    }
}
