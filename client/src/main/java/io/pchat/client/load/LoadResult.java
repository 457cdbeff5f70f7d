package io.pchat.client.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one {@code pchat bench} run measured. Figures that could not be measured are -1
 * (printed as n/a).
 *
 * @param shape              {@code mix}, {@code A}, {@code B}, {@code C} or {@code sessions}
 * @param target             {@code in-process} or the node's host:port
 * @param users              simulated users asked for
 * @param rooms              rooms used
 * @param sessionsOpen       sessions open at the end of the run (before cleanup)
 * @param connectFailures    sessions that could not be opened
 * @param joinFailures       users whose joins failed
 * @param connectSeconds     time to open every session (and join, except in sessions mode)
 * @param measured           the measured window of a steady run (null for a ramp or an idle run)
 * @param stages             a ramp's stages, in order (empty otherwise)
 * @param highestSustainedRate  a ramp's highest sustained post rate, -1 when none was
 * @param cpu                node and generator CPU over the measured time (all of a ramp's stages)
 * @param strays             deliveries that named no post of the run, or reached a user outside its room
 * @param nodeMemoryBytes    node memory at the end (see {@code memoryKind})
 * @param memoryPerSessionBytes  growth of node memory from before connecting to after every session
 *                           is open and joined (before posting), per open session
 * @param memoryKind         what the memory figures are
 * @param loadAverage        the machine's 1-minute load average when the run ended
 * @param cores              processors of this machine
 */
public record LoadResult(String shape, String target, int users, int rooms, int sessionsOpen, int connectFailures,
        int joinFailures, double connectSeconds, StageResult measured, List<StageResult> stages,
        double highestSustainedRate, CpuShare cpu, long strays, long nodeMemoryBytes,
        long memoryPerSessionBytes, String memoryKind, double loadAverage, int cores) {

    public LoadResult {
        stages = List.copyOf(stages);
    }

    /**
     * Errors of every kind: failed sessions, failed joins, failed posts (503s are counted apart),
     * deliveries missing after the drain, duplicated deliveries, stray deliveries.
     */
    public long errors() {
        long n = connectFailures + joinFailures + strays;
        for (StageResult s : allStages()) {
            n += s.errors() + s.missing() + s.duplicates();
        }
        return n;
    }

    /** Node CPU over the measured time, percent of one core (-1 unknown). */
    public double nodeCpuPercent() {
        return cpu.nodePercent();
    }

    /** The measured window and a ramp's stages, whichever there are. */
    public List<StageResult> allStages() {
        List<StageResult> all = new ArrayList<>(stages);
        if (measured != null) {
            all.add(0, measured);
        }
        return all;
    }

    /** Posts refused with 503. */
    public long refused() {
        return allStages().stream().mapToLong(StageResult::refused).sum();
    }
}
