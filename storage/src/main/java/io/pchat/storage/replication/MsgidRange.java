package io.pchat.storage.replication;

import java.util.ArrayList;
import java.util.List;

/** A run of consecutive msgids, {@code first} to {@code last} inclusive. */
public record MsgidRange(long first, long last) {

    public MsgidRange {
        if (last < first) {
            throw new IllegalArgumentException("empty range " + first + ".." + last);
        }
    }

    public long count() {
        return last - first + 1;
    }

    /** The runs of an ascending list of msgids. */
    public static List<MsgidRange> of(List<Long> ascending) {
        List<MsgidRange> ranges = new ArrayList<>();
        Long first = null;
        long last = 0;
        for (long id : ascending) {
            if (first == null) {
                first = id;
            } else if (id != last + 1) {
                ranges.add(new MsgidRange(first, last));
                first = id;
            }
            last = id;
        }
        if (first != null) {
            ranges.add(new MsgidRange(first, last));
        }
        return ranges;
    }

    /** The msgids of ascending {@code a} that are not in ascending {@code b}. */
    static List<Long> missing(List<Long> a, List<Long> b) {
        List<Long> out = new ArrayList<>();
        int j = 0;
        for (long id : a) {
            while (j < b.size() && b.get(j) < id) {
                j++;
            }
            if (j >= b.size() || b.get(j) != id) {
                out.add(id);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return first == last ? Long.toString(first) : first + ".." + last;
    }
}
