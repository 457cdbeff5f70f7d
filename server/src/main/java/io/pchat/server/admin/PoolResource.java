package io.pchat.server.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pchat.server.pool.ChatPool;
import io.pchat.server.pool.PoolMember;
import io.pchat.server.pool.PoolOperations;
import io.pchat.server.pool.PoolView;
import io.pchat.storage.StorageException;
import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.pool.EndpointProbe;
import io.pchat.storage.pool.NodeLease;
import io.pchat.storage.pool.PoolRecord;
import io.pchat.storage.replication.RecoveryPoint;
import io.pchat.storage.replication.RoomLoss;

/**
 * The stretched pool: {@code GET /pool} (record, members, leases, this node's view, endpoints),
 * {@code PUT /pool/active} {@code {"nodes":[...]}}, {@code POST /pool/active/add},
 * {@code POST /pool/active/remove}, {@code POST /pool/swap}, {@code POST /pool/failover}
 * {@code {"to":"dc2","waitSeconds":30}} and {@code POST /pool/failback} {@code {"activeNodes":[...]}} (optional:
 * default the home data center's nodes) and {@code POST /pool/mirror/rebuild} (the mirror copied
 * anew from the primary, after a failback or when it diverged). On a single node
 * (no {@code pool.nodes}) every change is 409.
 */
final class PoolResource {
    private final AdminContext context;

    PoolResource(AdminContext context) {
        this.context = context;
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/pool", r -> AdminResponse.ok(show()))
                .add("PUT", "/pool/active", r -> active(r, "set"))
                .add("POST", "/pool/active/add", r -> active(r, "add"))
                .add("POST", "/pool/active/remove", r -> active(r, "remove"))
                .add("POST", "/pool/swap", r -> changed("swap", ops().swap()))
                .add("GET", "/pool/failover/preview", this::previewFailover)
                .add("POST", "/pool/failover", this::failover)
                .add("POST", "/pool/failback", this::failback)
                .add("POST", "/pool/mirror/rebuild", r -> rebuildMirror());
    }

    private PoolOperations ops() {
        ChatPool pool = context.pool();
        if (pool == null) {
            throw AdminException.conflict("this node is not part of a stretched pool (pool.nodes is empty)");
        }
        return new PoolOperations(pool, context.store(), context.clock());
    }

    private AdminResponse active(AdminRequest request, String how) {
        JsonBody body = request.json().allowOnly("nodes");
        List<String> nodes = body.optList("nodes").orElseThrow(() -> AdminException.badRequest("nodes: required"));
        PoolOperations ops = ops();
        try {
            List<String> result = switch (how) {
                case "set" -> ops.setActive(nodes);
                case "add" -> ops.addActive(nodes);
                default -> ops.removeActive(nodes);
            };
            return changed("active " + how, result);
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("nodes: " + e.getMessage());
        }
    }

    private AdminResponse changed(String what, List<String> active) {
        AdminAudit.changed("pool " + what, "active " + active);
        return AdminResponse.ok(show());
    }

    /** {@code GET /pool/failover/preview?to=DC}: the nodes a failover would make active and what it would lose now. */
    private AdminResponse previewFailover(AdminRequest request) {
        String to = request.query("to").orElseThrow(() -> AdminException.badRequest("to: required (the data center to fail over to)"));
        PoolOperations.FailoverPreview p;
        try {
            p = ops().previewFailover(to);
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("to: " + e.getMessage());
        } catch (StorageException e) {
            if (e instanceof StorageUnavailableException) {
                throw e;
            }
            throw AdminException.conflict(e.getMessage());
        }
        RecoveryPoint point = p.recoveryPoint();
        ObjectNode json = AdminJson.object().put("to", to).put("writer", point.writer()).put("backup", point.backup())
                .put("measured", point.measured());
        if (point.measured()) {
            json.put("unshippedMessages", point.unshippedMessages());
        } else {
            json.putNull("unshippedMessages").put("problem", point.problem());
        }
        json.set("unshipped", losses(point.unshipped()));
        ArrayNode active = json.putArray("activeNodes");
        p.activeNodes().forEach(active::add);
        // the lag only: the unshipped count was just measured, exactly, per room
        context.store().replication().backupLag().ifPresent(lag -> json.put("backupLagMillis", lag.toMillis()));
        return AdminResponse.ok(json);
    }

    private AdminResponse failover(AdminRequest request) {
        JsonBody body = request.json().allowOnly("to", "waitSeconds");
        String to = body.optText("to").orElseThrow(() -> AdminException.badRequest("to: required (the data center to fail over to)"));
        int wait = body.optInt("waitSeconds").orElse(30);
        if (wait < 0 || wait > 600) {
            throw AdminException.badRequest("waitSeconds: must be 0..600");
        }
        PoolOperations ops = ops();
        PoolOperations.Failover f;
        try {
            f = ops.failover(to, Duration.ofSeconds(wait));
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("to: " + e.getMessage());
        }
        AdminAudit.changed("pool failover", "to " + to + ", epoch " + f.report().epoch());
        ObjectNode json = AdminJson.object().put("to", to).put("epoch", f.report().epoch())
                .put("oldPrimaryReadable", f.report().oldPrimaryReadable()).put("lostMessages", f.report().lostMessages())
                .put("switchMillis", f.switchTime().toMillis());
        json.set("lost", losses(f.report().lost()));
        ObjectNode shipped = json.putObject("shippedThrough");
        f.report().shippedThrough().forEach(shipped::put);
        ObjectNode skipped = json.putObject("skipped");
        f.report().skipped().forEach((room, gap) -> skipped.put(room, gap.first() + ".." + gap.last()));
        ArrayNode active = json.putArray("activeNodes");
        f.activeNodes().forEach(active::add);
        if (f.recoveryTime().isPresent()) {
            json.put("recoveryMillis", f.recoveryTime().get().toMillis());
        } else {
            json.putNull("recoveryMillis");
        }
        return AdminResponse.ok(json);
    }

    private AdminResponse failback(AdminRequest request) {
        JsonBody body = request.json().allowOnly("activeNodes");
        List<String> wanted = body.optList("activeNodes").orElse(List.of());
        PoolOperations.Failback f;
        try {
            f = ops().failback(wanted);
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest("activeNodes: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw AdminException.conflict(e.getMessage());
        }
        AdminAudit.changed("pool failback", "epoch " + f.report().epoch());
        ObjectNode json = AdminJson.object().put("epoch", f.report().epoch()).put("shippedBack", f.report().shipped())
                .put("switchMillis", f.switchTime().toMillis());
        json.set("discarded", losses(f.report().discarded()));
        ArrayNode differences = json.putArray("differences");
        f.report().differences().forEach(d -> differences.addObject().put("room", d.roomId())
                .put("onlyOnPrimary", d.onlyOnPrimary().toString()).put("onlyOnBackup", d.onlyOnBackup().toString()));
        json.put("mirror", f.report().mirror());
        json.set("onMirror", losses(f.report().onMirror()));
        ArrayNode active = json.putArray("activeNodes");
        f.activeNodes().forEach(active::add);
        return AdminResponse.ok(json);
    }

    private AdminResponse rebuildMirror() {
        ops(); // a pool only
        long started = System.nanoTime();
        List<String> progress = new ArrayList<>();
        long copied;
        try {
            copied = context.store().replication().rebuildMirror(progress::add);
        } catch (StorageUnavailableException e) {
            throw e; // 503: an endpoint does not answer
        } catch (StorageException e) {
            throw AdminException.conflict(e.getMessage());
        }
        AdminAudit.changed("pool mirror rebuild", copied + " messages copied");
        ObjectNode json = AdminJson.object().put("copied", copied)
                .put("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        ArrayNode steps = json.putArray("progress");
        progress.forEach(steps::add);
        return AdminResponse.ok(json);
    }

    private static ArrayNode losses(List<RoomLoss> losses) {
        ArrayNode array = AdminJson.MAPPER.createArrayNode();
        for (RoomLoss loss : losses) {
            ArrayNode ranges = array.addObject().put("room", loss.roomId()).put("count", loss.count()).putArray("msgids");
            loss.ranges().forEach(r -> ranges.add(r.toString()));
        }
        return array;
    }

    /**
     * What the node knows of the pool, within about a second whatever is down: the record and the
     * leases read now from the writer when it answers (each read waits at most the probe timeout),
     * else this node's last view, said so; the endpoints as the pool's probe thread last saw them.
     */
    private ObjectNode show() {
        ObjectNode json = AdminJson.object();
        ChatPool pool = context.pool();
        PoolView view = pool == null ? null : pool.view();
        PoolRecord record = null;
        List<NodeLease> leases = null;
        try {
            record = context.store().pool().read();
            leases = context.store().pool().liveLeases();
        } catch (StorageException e) {
            if (view == null) {
                throw e; // a single node has nothing else to say
            }
            json.put("writerProblem", e.getMessage()).put("viewAt", view.at().toString());
        }
        json.put("state", record != null ? record.state().name() : view.state().name())
                .put("epoch", record != null ? record.epoch() : view.epoch());
        List<String> activeList = record != null ? record.activeNodes() : view.activeList();
        ArrayNode active = json.putArray("activeNodes");
        activeList.forEach(active::add);
        ArrayNode leaseArray = json.putArray("leases");
        Set<String> leased = new HashSet<>();
        if (leases != null) {
            for (NodeLease lease : leases) {
                leased.add(lease.nodeId());
                leaseArray.addObject().put("node", lease.nodeId()).put("dataCenter", lease.dataCenter())
                        .put("epoch", lease.epoch()).put("expiresAt", lease.expiresAt().toString());
            }
        } else {
            leased.addAll(view.leased());
            view.leased().stream().sorted().forEach(id -> leaseArray.addObject().put("node", id));
        }
        json.put("node", context.nodeName());
        if (pool == null) {
            json.put("pool", "single node");
        } else {
            ArrayNode members = json.putArray("members");
            for (PoolMember m : pool.settings().members()) {
                boolean self = m.id().equals(pool.self().id());
                members.addObject().put("id", m.id()).put("dataCenter", m.dataCenter())
                        .put("sip", m.sip().getHostString() + ":" + m.sip().getPort())
                        .put("link", m.link().getHostString() + ":" + m.link().getPort())
                        .put("active", activeList.contains(m.id()))
                        .put("live", leased.contains(m.id()))
                        .put("linked", self || (pool.link() != null && pool.link().peer(m.id()) != null
                                && pool.link().peer(m.id()).connected()));
            }
            json.put("role", view.selfActive() ? "active" : "idle").put("writer", view.writer().name())
                    .put("roomsSequencedHere", pool.ownership().claimed().size());
        }
        ArrayNode endpoints = json.putArray("endpoints");
        List<EndpointProbe> probes;
        if (pool != null && !pool.latestProbes().endpoints().isEmpty()) {
            probes = pool.latestProbes().endpoints();
            json.put("endpointsProbedAt", pool.latestProbes().at().toString());
        } else {
            probes = context.store().pool().probe(false);
        }
        for (EndpointProbe p : probes) {
            ObjectNode e = endpoints.addObject().put("role", p.role().name()).put("name", p.name()).put("reachable", p.reachable());
            if (p.reachable()) {
                e.put("state", p.state().name()).put("epoch", p.epoch());
            } else {
                e.put("problem", p.problem());
            }
        }
        ObjectNode mirror = json.putObject("mirror");
        mirror.put("state", context.store().replication().mirrorState().name());
        return json;
    }
}
