package io.pchat.storage.log;

/**
 * Msgids {@code first..last} (inclusive) of a room that name no message and never will: the
 * numbering skipped them (a failover resumed beyond what the lost side may have handed out).
 */
public record MsgidGap(long first, long last) {
    public MsgidGap {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("a gap is 1 <= first <= last, was " + first + ".." + last);
        }
    }

    public long size() {
        return last - first + 1;
    }
}
