package io.pchat.storage.room;

import java.time.Instant;
import java.util.Set;

/**
 * A category as stored: its settings and its three principal lists (lower-cased users and
 * {@code @domain}s). Immutable; the sets are unmodifiable copies.
 *
 * @param id       GUID string, used in {@code ma-cat://<domain>/<id>}
 * @param root     whether this is the one root category (it cannot be deleted)
 * @param allowed  the scope: who may see the category's rooms; empty means everyone
 * @param denied   who may never see or join the category's rooms
 * @param creators who may create rooms in the category
 */
public record Category(String id, String name, String description, boolean root, boolean invitations,
        boolean fileUpload, boolean logged, Set<String> allowed, Set<String> denied, Set<String> creators,
        Instant createdAt) {

    public Category {
        allowed = Set.copyOf(allowed);
        denied = Set.copyOf(denied);
        creators = Set.copyOf(creators);
    }

    public CategorySettings settings() {
        return new CategorySettings(name, description, invitations, fileUpload, logged);
    }

    /** The list of one kind. */
    public Set<String> principals(CategoryPrincipalKind kind) {
        return kind == CategoryPrincipalKind.ALLOWED ? allowed : kind == CategoryPrincipalKind.DENIED ? denied : creators;
    }
}
