package io.pchat.server.drill;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.pchat.server.cli.admin.AdminClient;
import io.pchat.server.cli.admin.AdminFailure;
import io.pchat.server.pool.PoolMember;
import io.pchat.server.tls.PoolCertificates;

/**
 * A stretched pool run as operators run it, every part a process of its own on loopback: three
 * database servers (primary and mirror "in dc1", backup "in dc2", {@link DrillDatabases}) and
 * one {@code pchat node} per member ({@link NodeProcess}), each from its own YAML file with
 * the default settings but the addresses, the link certificates, the replication mode and (built-in)
 * {@code storage.shipInterval}.
 * Anything can be killed with SIGKILL and started again; the operator's calls go through each
 * node's admin API with that node's own token (its {@code admin.token} file).
 */
final class ProcessPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessPool.class);

    private final Path dir;
    private final Duration shipInterval;
    private final DrillDatabases databases;
    private final List<PoolMember> members = new ArrayList<>();
    private final Map<String, Integer> adminPorts = new LinkedHashMap<>();
    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();

    ProcessPool(Path dir, int perDataCenter, Duration shipInterval, DrillDatabases databases) throws IOException {
        this.dir = dir;
        this.shipInterval = shipInterval;
        this.databases = databases;
        for (String dc : List.of("dc1", "dc2")) {
            for (int i = 1; i <= perDataCenter; i++) {
                String id = dc + "-n" + i;
                members.add(PoolMember.parse(id + " " + dc + " 127.0.0.1:" + LoopbackPorts.free() + " 127.0.0.1:"
                        + LoopbackPorts.free()));
                adminPorts.put(id, LoopbackPorts.free());
            }
        }
        PoolCertificates.write(dir.resolve("link-tls"), members.stream().map(PoolMember::id).toList());
        for (PoolMember m : members) {
            Files.writeString(config(m.id()), yaml(m));
        }
    }

    /** The node's configuration: defaults but for what a pool must say, and the ship interval. */
    private String yaml(PoolMember m) {
        StringBuilder y = new StringBuilder();
        y.append("node:\n  name: ").append(m.id()).append("\n  dataDirectory: \"").append(dataDirectory(m.id())).append("\"\n");
        y.append("sip:\n  host: 127.0.0.1\n  port: ").append(m.sip().getPort()).append('\n');
        y.append("files:\n  port: 0\n");
        y.append("admin:\n  port: ").append(adminPorts.get(m.id())).append('\n');
        y.append("pool:\n  nodes:\n");
        for (PoolMember other : members) {
            y.append("    - \"").append(other.id()).append(' ').append(other.dataCenter()).append(" 127.0.0.1:")
                    .append(other.sip().getPort()).append(" 127.0.0.1:").append(other.link().getPort()).append("\"\n");
        }
        Path tls = dir.resolve("link-tls");
        y.append("  link:\n    host: 127.0.0.1\n    port: ").append(m.link().getPort())
                .append("\n    certificate: \"").append(tls.resolve(m.id() + ".crt"))
                .append("\"\n    privateKey: \"").append(tls.resolve(m.id() + ".key"))
                .append("\"\n    trustedCertificates: \"").append(tls.resolve("ca.crt")).append("\"\n");
        y.append("storage:\n");
        for (String db : DrillDatabases.NAMES) {
            y.append("  ").append(db).append(":\n").append(databases.endpointYaml(db));
        }
        y.append("  replication: ").append(databases.replication()).append('\n');
        if (databases.pchatReplicates()) {
            y.append("  shipInterval: ").append(shipInterval.toMillis()).append("ms\n");
        }
        return y.toString();
    }

    Path config(String id) {
        return dir.resolve(id + ".yaml");
    }

    private Path dataDirectory(String id) {
        return dir.resolve("node-" + id);
    }

    /** The pool's databases, and what their administrator does. */
    DrillDatabases databases() {
        return databases;
    }

    /** Starts {@code pchat node --config <id>.yaml} and waits until it answers SIP. */
    void startNode(String id) throws IOException, InterruptedException {
        PoolMember m = member(id);
        nodes.put(id, NodeProcess.start(List.of("--config", config(id).toString()), m.sip().getPort(),
                dir.resolve("node-" + id + ".log")));
        log.info("drill: node {} up (SIP {}, admin {})", id, m.sip().getPort(), adminPorts.get(id));
    }

    /** SIGKILL of a node process. */
    void killNode(String id) throws InterruptedException {
        NodeProcess node = nodes.remove(id);
        if (node != null) {
            node.kill();
            log.warn("drill: node {} killed (SIGKILL)", id);
        }
    }

    List<String> members(String dataCenter) {
        return members.stream().filter(m -> m.dataCenter().equals(dataCenter)).map(PoolMember::id).toList();
    }

    /** Every node's SIP address, "host:port", in member order (what a client is given). */
    List<String> sipAddresses() {
        return members.stream().map(m -> m.sip().getHostString() + ":" + m.sip().getPort()).toList();
    }

    private PoolMember member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    /** The admin API of one node, with that node's token. */
    AdminClient admin(String id) throws IOException {
        String token = Files.readString(dataDirectory(id).resolve("admin.token")).strip();
        return new AdminClient(URI.create("http://127.0.0.1:" + adminPorts.get(id)), Optional.of(token));
    }

    /** {@code GET /pool} on a node, or empty when it does not answer. */
    Optional<JsonNode> poolOf(String id) {
        try {
            return Optional.of(admin(id).get("/pool").json());
        } catch (IOException | AdminFailure e) {
            return Optional.empty();
        }
    }


    @Override
    public void close() {
        for (String id : new ArrayList<>(nodes.keySet())) {
            try {
                nodes.remove(id).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        databases.close();
    }
}
