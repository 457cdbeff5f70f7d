package io.pchat.storage.room;

import java.util.Objects;

/**
 * The editable properties of a category: what {@link CategoryStore#create} and
 * {@link CategoryStore#update} take. Principal lists are changed one principal at a time.
 *
 * @param name        unique case-insensitively among categories
 * @param description free text, never null
 * @param invitations default for the rooms: invite users when they become members
 * @param fileUpload  default for the rooms: files may be posted
 * @param logged      default for the rooms: chat history is available
 */
public record CategorySettings(String name, String description, boolean invitations, boolean fileUpload,
        boolean logged) {

    public CategorySettings {
        name = RoomSpec.checkName(name, "category");
        description = Objects.requireNonNullElse(description, "");
    }

    /** A category with the given name and the defaults: invitations, file upload and history on. */
    public static CategorySettings named(String name) {
        return new CategorySettings(name, "", true, true, true);
    }

    public CategorySettings withName(String value) {
        return new CategorySettings(value, description, invitations, fileUpload, logged);
    }

    public CategorySettings withDescription(String value) {
        return new CategorySettings(name, value, invitations, fileUpload, logged);
    }

    public CategorySettings withInvitations(boolean value) {
        return new CategorySettings(name, description, value, fileUpload, logged);
    }

    public CategorySettings withFileUpload(boolean value) {
        return new CategorySettings(name, description, invitations, value, logged);
    }

    public CategorySettings withLogged(boolean value) {
        return new CategorySettings(name, description, invitations, fileUpload, value);
    }
}
