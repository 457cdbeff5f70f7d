package io.pchat.server.node;

import java.lang.management.ManagementFactory;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * The file descriptors the node's configured caps allow it to open, against the process's limit
 * ({@code ulimit -n}), read at start: when the caps add up to more, the node warns, naming the
 * settings, because the first resource to run out would then be descriptors (and SIP {@code accept}
 * would fail for everyone) instead of a cap that refuses only the excess.
 */
final class DescriptorBudget {
    private static final Logger log = LoggerFactory.getLogger(DescriptorBudget.class);
    /** Jars, log files, the database, event loops' pipes: what a node holds besides connections. */
    static final int BASELINE = 256;

    private DescriptorBudget() {
    }

    /** What {@code config} may open at most. */
    static long needed(NodeConfig config) {
        long sip = config.sessions().maxConnections() * (config.tls().isPresent() ? 2L : 1L);
        long http = config.http().files().maxConnections() + (long) config.http().admin().maxConnections();
        long databases = (long) config.storage().primary().maxPoolSize()
                + config.storage().mirror().map(m -> m.maxPoolSize()).orElse(0)
                + config.storage().backup().map(b -> b.maxPoolSize()).orElse(0);
        long link = 2L * config.pool().members().size();
        return sip + http + databases + link + BASELINE;
    }

    /** The process's descriptor limit, where the platform tells. */
    static Optional<Long> limit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? Optional.of(unix.getMaxFileDescriptorCount()) : Optional.empty();
    }

    /** Warns when the caps exceed the limit; returns the warning, if any. */
    static Optional<String> check(NodeConfig config) {
        Optional<Long> limit = limit();
        long needed = needed(config);
        if (limit.isEmpty() || needed <= limit.get()) {
            return Optional.empty();
        }
        String warning = "the configured caps allow " + needed + " open files (sip.maxConnections "
                + config.sessions().maxConnections() + (config.tls().isPresent() ? " twice, plain and TLS" : "")
                + ", files.maxConnections " + config.http().files().maxConnections() + ", admin.maxConnections "
                + config.http().admin().maxConnections() + ", database pools, the node link and " + BASELINE
                + " for the process) but this process may open only " + limit.get()
                + " (ulimit -n): raise the limit or lower sip.maxConnections, or clients will be refused by the system";
        log.warn(warning);
        return Optional.of(warning);
    }
}
