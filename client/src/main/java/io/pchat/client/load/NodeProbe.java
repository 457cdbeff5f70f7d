package io.pchat.client.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run reads the node's CPU time and memory from, and its own CPU time.
 *
 * <ul>
 * <li>{@link #sameJvm()}: the node runs in this JVM ({@code pchat bench} without {@code
 * --server}): node CPU = this process's CPU minus the generator's threads ({@code pchat-load-*},
 * by {@link ThreadMXBean}); memory = heap in use after a full GC (node and clients share the
 * heap, so per-session figures include the client side).</li>
 * <li>{@link #process(long)}: an external node on this Linux machine, by pid: CPU and resident
 * memory from {@code /proc/PID/stat} and {@code /proc/PID/status}; the generator's CPU is this
 * whole process.</li>
 * <li>{@link #NONE}: an external node we cannot see: node figures are reported as n/a.</li>
 * </ul>
 */
public interface NodeProbe {

    /** The names of the generator's threads start with this ({@code LoadGenerator}'s threads). */
    String GENERATOR_THREADS = "pchat-load-";

    /** Cumulative CPU time of the node ({@link CpuTimes#UNKNOWN} when it cannot be read). */
    CpuTimes nodeCpu();

    /** Memory the node uses, in bytes, or -1 when unknown; {@link #memoryKind} says which. */
    long nodeMemoryBytes();

    /** What {@link #nodeMemoryBytes} measures. */
    String memoryKind();

    /** Cumulative CPU time of the load generator in nanoseconds. */
    long generatorCpuNanos();

    /** Lets memory settle before a reading (a full GC in the same JVM); default nothing. */
    default void settle() {
    }

    NodeProbe NONE = new NodeProbe() {
        @Override
        public CpuTimes nodeCpu() {
            return CpuTimes.UNKNOWN;
        }

        @Override
        public long nodeMemoryBytes() {
            return -1;
        }

        @Override
        public String memoryKind() {
            return "n/a";
        }

        @Override
        public long generatorCpuNanos() {
            return processCpuNanos();
        }
    };

    /** The node runs in this JVM. */
    static NodeProbe sameJvm() {
        return new NodeProbe() {
            @Override
            public CpuTimes nodeCpu() {
                // this process minus the generator's threads, split into user and system where /proc tells the split
                CpuTimes generator = threadsCpu(GENERATOR_THREADS);
                CpuTimes process = CpuTimes.ofProcStat(Path.of("/proc/self/stat"));
                if (!process.known()) {
                    return new CpuTimes(Math.max(0, processCpuNanos() - generator.totalNanos()), -1, -1);
                }
                long user = Math.max(0, process.userNanos() - generator.userNanos());
                long system = Math.max(0, process.systemNanos() - generator.systemNanos());
                return new CpuTimes(user + system, user, system);
            }

            @Override
            public long nodeMemoryBytes() {
                return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }

            @Override
            public String memoryKind() {
                return "heap used after GC, node and clients in one JVM";
            }

            @Override
            public long generatorCpuNanos() {
                return threadsCpu(GENERATOR_THREADS).totalNanos();
            }

            @Override
            public void settle() {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
            }
        };
    }

    /** An external node process on this machine (Linux {@code /proc}). */
    static NodeProbe process(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(stat)) {
            throw new IllegalArgumentException("no process " + pid + " to read (" + stat + ")");
        }
        return new NodeProbe() {
            @Override
            public CpuTimes nodeCpu() {
                return CpuTimes.ofProcStat(stat);
            }

            @Override
            public long nodeMemoryBytes() {
                try {
                    List<String> lines = Files.readAllLines(status);
                    for (String line : lines) {
                        if (line.startsWith("VmRSS:")) {
                            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    return -1;
                }
                return -1;
            }

            @Override
            public String memoryKind() {
                return "resident set of pid " + pid;
            }

            @Override
            public long generatorCpuNanos() {
                return processCpuNanos();
            }
        };
    }

    /** This JVM's CPU time. */
    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time of this JVM's live threads whose name starts with {@code prefix}, in all and in user mode. */
    static CpuTimes threadsCpu(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        long user = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                user += Math.max(0, threads.getThreadUserTime(info.getThreadId()));
            }
        }
        return new CpuTimes(total, user, total - user);
    }
}
