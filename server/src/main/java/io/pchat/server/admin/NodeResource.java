package io.pchat.server.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pchat.server.metrics.MetricHistory;
import io.pchat.server.metrics.MetricSampler;

import io.pchat.storage.db.Database;
import io.pchat.storage.pool.PoolRecord;

/**
 * The node itself: {@code GET /health} (open to probes, no token) and {@code POST /shutdown}.
 *
 * <p>Health: {@code live} is true whenever the API answers; {@code ready} when the node is
 * started and the writing database answers; {@code role} is {@code active} for a single node, and
 * in a stretched pool when the active list names this node and its lease is live, else
 * {@code idle}; with the
 * pool state and epoch from the pool record and the database endpoint in use. 200 when ready,
 * 503 otherwise, with the same body.
 *
 * <p>Shutdown answers 202 first, then stops the node in order from a thread of its own.
 */
final class NodeResource {
    private static final Logger log = LoggerFactory.getLogger(NodeResource.class);

    private final AdminContext context;

    NodeResource(AdminContext context) {
        this.context = context;
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/health", r -> health())
                .add("GET", "/metrics", r -> metrics())
                .add("GET", "/metrics/history", r -> history())
                .add("POST", "/shutdown", r -> shutdown());
    }

    /** Prometheus text format (token required, like every call but health). */
    private AdminResponse metrics() {
        String text = context.metrics().get();
        return AdminResponse.stream("text/plain; version=0.0.4; charset=utf-8", out -> out.write(text));
    }

    /**
     * {@code GET /metrics/history}: the last 15 minutes of posts/s, deliveries/s, sessions, p99
     * post acknowledgement and fan-out latency, and the backup's lag, one point per 5 s.
     */
    private AdminResponse history() {
        ObjectNode json = AdminJson.object().put("intervalSeconds", MetricSampler.INTERVAL.toSeconds())
                .put("spanSeconds", MetricSampler.SPAN.toSeconds());
        ArrayNode points = json.putArray("points");
        for (MetricHistory.Point p : context.history().points()) {
            ObjectNode o = points.addObject().put("at", AdminJson.time(p.at())).put("sessions", Math.round(p.sessions()));
            number(o, "postsPerSecond", p.postsPerSecond());
            number(o, "deliveriesPerSecond", p.deliveriesPerSecond());
            number(o, "postAckP99Millis", p.postAckP99Millis());
            number(o, "fanOutP99Millis", p.fanOutP99Millis());
            number(o, "backupLagSeconds", p.backupLagSeconds());
            o.put("backupUnshipped", p.backupUnshipped()); // null stays null
        }
        return AdminResponse.ok(json);
    }

    private static void number(ObjectNode o, String name, Double value) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, Math.round(value * 1000) / 1000.0);
        }
    }

    private AdminResponse health() {
        Database writer = context.store().endpoints().writer();
        ObjectNode database = AdminJson.object().put("endpoint", writer.name()).put("dialect", writer.dialect().name());
        ObjectNode health = AdminJson.object().put("live", true);
        boolean ready = context.ready().getAsBoolean();
        try {
            PoolRecord pool = context.store().pool().read();
            // In a stretched pool the node's own view decides (listed and its lease live); a single node is always active.
            boolean active = context.pool() != null ? context.pool().view().selfActive()
                    : pool.activeNodes().isEmpty() || pool.activeNodes().contains(context.nodeName());
            health.put("ready", ready).put("role", active ? "active" : "idle").put("poolState", pool.state().name())
                    .put("epoch", pool.epoch());
            database.put("reachable", true);
        } catch (RuntimeException e) {
            ready = false;
            health.put("ready", false).putNull("role").putNull("poolState").putNull("epoch");
            database.put("reachable", false).put("problem", e.getMessage());
        }
        health.set("database", database);
        health.put("node", context.nodeName()).put("nodeUri", context.nodeUri().get()).put("domain", context.domain());
        return AdminResponse.status(ready ? 200 : 503, health);
    }

    private AdminResponse shutdown() {
        AdminAudit.changed("node shutdown", "requested");
        return AdminResponse.status(202, AdminJson.object().put("status", "stopping")).then(() -> {
            Thread stopper = new Thread(() -> {
                try {
                    context.shutdown().run();
                } catch (RuntimeException e) {
                    log.warn("shutdown failed: {}", e.toString());
                }
            }, "pchat-admin-shutdown");
            stopper.start();
        });
    }
}
