package io.pchat.storage.preference;

import java.util.Arrays;

/**
 * One stored preference of a user ({@code getpref}/{@code setpref}). The content is copied in
 * and out, so an instance never changes.
 *
 * @param revision 1 for the first stored content, +1 on every change (the wire's {@code seqid})
 */
public record Preference(String userUri, String label, long revision, byte[] content) {

    public Preference {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preference p && p.userUri.equals(userUri) && p.label.equals(label)
                && p.revision == revision && Arrays.equals(p.content, content);
    }

    @Override
    public int hashCode() {
        return (userUri.hashCode() * 31 + label.hashCode()) * 31 + Long.hashCode(revision);
    }

    @Override
    public String toString() {
        return "Preference[" + userUri + ", " + label + ", revision=" + revision + ", " + content.length + " bytes]";
    }
}
