package io.pchat.storage.room;

/** A room's override of one of its category's defaults; {@link #INHERIT} unless set. */
public enum Inheritable {
    INHERIT,
    ON,
    OFF;

    /** The value in force: the override, or the category's default when inherited. */
    public boolean resolve(boolean categoryDefault) {
        return this == INHERIT ? categoryDefault : this == ON;
    }

    public static Inheritable of(boolean value) {
        return value ? ON : OFF;
    }
}
