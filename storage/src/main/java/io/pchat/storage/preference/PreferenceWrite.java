package io.pchat.storage.preference;

/** The outcome of {@link PreferenceStore#put}: stored, or refused because the caller's revision was stale. */
public sealed interface PreferenceWrite {

    /** Stored at {@code revision} (the expected revision + 1). */
    record Stored(long revision) implements PreferenceWrite {
    }

    /** Nothing stored: the preference is at {@code currentRevision}, not the expected one (the node answers 409). */
    record Stale(long currentRevision) implements PreferenceWrite {
    }
}
