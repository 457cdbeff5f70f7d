package io.pchat.storage.room;

import java.time.Instant;
import java.util.Optional;

/**
 * A room as stored (docs/storage.md "Access rules"), without its roles ({@link RoomRoles}). Immutable; a change
 * is made with {@link RoomStore#update} from {@link #spec()}.
 *
 * @param id the room's GUID string, used in {@code ma-chan://<domain>/<id>}
 */
public record Room(String id, String name, String description, String topic, String categoryId, Privacy privacy,
        RoomType type, boolean disabled, Optional<String> addinUrl, Inheritable invitations, Inheritable fileUpload,
        Inheritable logged, Instant createdAt, Instant updatedAt) {

    /** The editable properties, to change and pass to {@link RoomStore#update}. */
    public RoomSpec spec() {
        return new RoomSpec(name, description, topic, categoryId, privacy, type, disabled, addinUrl, invitations,
                fileUpload, logged);
    }

    static Room of(String id, RoomSpec spec, Instant createdAt, Instant updatedAt) {
        return new Room(id, spec.name(), spec.description(), spec.topic(), spec.categoryId(), spec.privacy(),
                spec.type(), spec.disabled(), spec.addinUrl(), spec.invitations(), spec.fileUpload(), spec.logged(),
                createdAt, updatedAt);
    }
}
