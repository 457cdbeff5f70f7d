package io.pchat.storage.room;

/** The principal lists of a category. */
public enum CategoryPrincipalKind {
    /** The category's scope; an empty list means everyone (see {@link AccessRules}). */
    ALLOWED,
    /** Never in scope, whatever the other lists say. */
    DENIED,
    /** May create rooms in the category. */
    CREATOR
}
