package io.pchat.storage.room;

import java.util.Objects;
import java.util.Optional;

/**
 * The editable properties of a room: what {@link RoomStore#create} and {@link RoomStore#update}
 * take. {@link #named} gives a new room's defaults (closed, normal, enabled, every setting
 * inherited); {@link Room#spec()} gives a stored room's, to change with the {@code with*} methods.
 *
 * @param name        unique case-insensitively among rooms, 1..256 characters, not blank
 * @param addinUrl    the add-in shown with the room, if any
 */
public record RoomSpec(String name, String description, String topic, String categoryId, Privacy privacy,
        RoomType type, boolean disabled, Optional<String> addinUrl, Inheritable invitations,
        Inheritable fileUpload, Inheritable logged) {

    static final int MAX_NAME = 256;

    public RoomSpec {
        name = checkName(name, "room");
        description = Objects.requireNonNullElse(description, "");
        topic = Objects.requireNonNullElse(topic, "");
        Objects.requireNonNull(categoryId, "categoryId");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(type, "type");
        addinUrl = addinUrl == null ? Optional.empty() : addinUrl.filter(u -> !u.isBlank());
        Objects.requireNonNull(invitations, "invitations");
        Objects.requireNonNull(fileUpload, "fileUpload");
        Objects.requireNonNull(logged, "logged");
    }

    /** A new room's properties: closed, normal, enabled, every setting inherited from the category. */
    public static RoomSpec named(String name, String categoryId) {
        return new RoomSpec(name, "", "", categoryId, Privacy.CLOSED, RoomType.NORMAL, false, Optional.empty(),
                Inheritable.INHERIT, Inheritable.INHERIT, Inheritable.INHERIT);
    }

    public RoomSpec withName(String v) {
        return new RoomSpec(v, description, topic, categoryId, privacy, type, disabled, addinUrl, invitations, fileUpload, logged);
    }

    public RoomSpec withDescription(String v) {
        return new RoomSpec(name, v, topic, categoryId, privacy, type, disabled, addinUrl, invitations, fileUpload, logged);
    }

    public RoomSpec withTopic(String v) {
        return new RoomSpec(name, description, v, categoryId, privacy, type, disabled, addinUrl, invitations, fileUpload, logged);
    }

    public RoomSpec withCategory(String v) {
        return new RoomSpec(name, description, topic, v, privacy, type, disabled, addinUrl, invitations, fileUpload, logged);
    }

    public RoomSpec withPrivacy(Privacy v) {
        return new RoomSpec(name, description, topic, categoryId, v, type, disabled, addinUrl, invitations, fileUpload, logged);
    }

    public RoomSpec withType(RoomType v) {
        return new RoomSpec(name, description, topic, categoryId, privacy, v, disabled, addinUrl, invitations, fileUpload, logged);
    }

    public RoomSpec withDisabled(boolean v) {
        return new RoomSpec(name, description, topic, categoryId, privacy, type, v, addinUrl, invitations, fileUpload, logged);
    }

    public RoomSpec withAddinUrl(Optional<String> v) {
        return new RoomSpec(name, description, topic, categoryId, privacy, type, disabled, v, invitations, fileUpload, logged);
    }

    public RoomSpec withInvitations(Inheritable v) {
        return new RoomSpec(name, description, topic, categoryId, privacy, type, disabled, addinUrl, v, fileUpload, logged);
    }

    public RoomSpec withFileUpload(Inheritable v) {
        return new RoomSpec(name, description, topic, categoryId, privacy, type, disabled, addinUrl, invitations, v, logged);
    }

    public RoomSpec withLogged(Inheritable v) {
        return new RoomSpec(name, description, topic, categoryId, privacy, type, disabled, addinUrl, invitations, fileUpload, v);
    }

    /** Trims a room or category name and refuses blank or over-long ones. */
    static String checkName(String name, String what) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME) {
            throw new IllegalArgumentException(what + " name must have 1 to " + MAX_NAME + " characters");
        }
        return n;
    }
}
