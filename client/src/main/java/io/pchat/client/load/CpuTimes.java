package io.pchat.client.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cumulative CPU time of a process, in nanoseconds: in all, and split into user and system (kernel)
 * time. The split is -1 where it is unknown; {@link #UNKNOWN} has no figure at all.
 */
public record CpuTimes(long totalNanos, long userNanos, long systemNanos) {

    public static final CpuTimes UNKNOWN = new CpuTimes(-1, -1, -1);

    /** Linux's USER_HZ: {@code /proc/PID/stat} counts CPU time in ticks of 10 ms. */
    private static final long TICK_NANOS = 1_000_000_000L / 100;

    public boolean known() {
        return totalNanos >= 0;
    }

    /** {@code utime} and {@code stime} of a {@code /proc/PID/stat} file, or {@link #UNKNOWN}. */
    static CpuTimes ofProcStat(Path stat) {
        try {
            String s = Files.readString(stat);
            // the command name (field 2) may hold spaces: fields are counted after its closing parenthesis
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long user = Long.parseLong(f[11]) * TICK_NANOS;
            long system = Long.parseLong(f[12]) * TICK_NANOS;
            return new CpuTimes(user + system, user, system);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
