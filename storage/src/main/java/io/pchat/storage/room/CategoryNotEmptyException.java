package io.pchat.storage.room;

import io.pchat.storage.StorageException;

/** A category still holding rooms cannot be deleted; nothing was changed. Move or delete the rooms first. */
public final class CategoryNotEmptyException extends StorageException {
    private static final long serialVersionUID = 1L;

    public CategoryNotEmptyException(String categoryId, long rooms) {
        super("category '" + categoryId + "' still holds " + rooms + " room(s): move or delete them first");
    }
}
