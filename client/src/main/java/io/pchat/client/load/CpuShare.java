package io.pchat.client.load;

/**
 * CPU used by the node and by the load generator over one stretch of wall time (a stage, or a
 * whole measured run), in percent of one core; -1 where it could not be measured.
 *
 * <p>A stretch is <b>generator-bound</b> when the generator used over {@value #GENERATOR_BOUND_PERCENT}%
 * of the cores it may run on: it may then have been unable to offer the load, or to read the
 * deliveries as they came, so the stretch measures the generator, not the node.
 *
 * @param nodePercent        node CPU in all
 * @param nodeUserPercent    of which in user mode (-1 when the split is unknown)
 * @param nodeSystemPercent  of which in the kernel (-1 when the split is unknown)
 * @param generatorPercent   the generator's CPU
 * @param generatorCores     processors the generator may run on (1 when pinned to one core)
 * @param seconds            wall time of the stretch
 */
public record CpuShare(double nodePercent, double nodeUserPercent, double nodeSystemPercent, double generatorPercent,
        int generatorCores, double seconds) {

    public static final double GENERATOR_BOUND_PERCENT = 85;
    public static final CpuShare UNKNOWN = new CpuShare(-1, -1, -1, -1, 1, 0);

    public boolean generatorBound() {
        return generatorPercent > GENERATOR_BOUND_PERCENT * generatorCores;
    }

    /** Node CPU per delivery in microseconds, over {@code deliveries} made in this stretch; -1 when unknown. */
    public double nodeMicrosPerDelivery(long deliveries) {
        if (nodePercent < 0 || deliveries <= 0) {
            return -1;
        }
        return nodePercent / 100 * seconds * 1e6 / deliveries;
    }

    /** Starts measuring a stretch now. */
    static Mark mark(NodeProbe probe) {
        return new Mark(probe);
    }

    /** The start of a stretch: read it at the end with {@link #read()}. */
    static final class Mark {
        private final NodeProbe probe;
        private final long wall = System.nanoTime();
        private final CpuTimes node;
        private final long generator;

        private Mark(NodeProbe probe) {
            this.probe = probe;
            this.node = probe.nodeCpu();
            this.generator = probe.generatorCpuNanos();
        }

        CpuShare read() {
            double elapsed = System.nanoTime() - wall;
            CpuTimes n = probe.nodeCpu();
            long g = probe.generatorCpuNanos();
            return new CpuShare(
                    percent(node.totalNanos(), n.totalNanos(), elapsed),
                    percent(node.userNanos(), n.userNanos(), elapsed),
                    percent(node.systemNanos(), n.systemNanos(), elapsed),
                    percent(generator, g, elapsed),
                    Runtime.getRuntime().availableProcessors(), elapsed / 1e9);
        }

        private static double percent(long before, long after, double elapsedNanos) {
            return before < 0 || after < 0 ? -1 : 100 * Math.max(0, after - before) / elapsedNanos;
        }
    }
}
