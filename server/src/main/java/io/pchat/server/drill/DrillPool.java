package io.pchat.server.drill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.server.admin.AdminSettings;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.pool.PoolMember;
import io.pchat.server.pool.PoolSettings;
import io.pchat.server.sip.SessionSettings;
import io.pchat.server.tls.PoolCertificates;
import io.pchat.server.tls.TlsSettings;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.StorageConfig;

/**
 * A whole stretched pool on loopback: three H2 database servers (primary and mirror in dc1,
 * backup in dc2), each a process of its own killed with SIGKILL ({@link H2ServerProcess}), and
 * chat nodes in both data centers in this process, each a real {@link ChatNode} with its SIP
 * listener, node link and admin API. Parts can be killed and started again, which is what
 * {@code pchat drill} and the pool tests do. Ports are taken free at construction.
 */
public final class DrillPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DrillPool.class);
    public static final String DOMAIN = "example.com";

    /** The sizes and timing of a drill pool. */
    public record Shape(int activePerDataCenter1, int idlePerDataCenter2, Duration shipInterval, Duration heartbeat,
            Duration leaseExpiry, Duration takeoverAfter, Duration drainPeriod) {

        public static Shape small() {
            return new Shape(2, 2, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(2000),
                    Duration.ofMillis(1000), Duration.ofMillis(500));
        }
    }

    private final Path dir;
    private final Shape shape;
    private final Map<String, Integer> dbPorts = new LinkedHashMap<>();
    private final Map<String, H2ServerProcess> databases = new LinkedHashMap<>();
    private final List<PoolMember> members = new ArrayList<>();
    private final Map<String, ChatNode> nodes = new LinkedHashMap<>();
    private final Path linkCertificates;

    public DrillPool(Path dir, Shape shape) throws IOException {
        this.dir = dir;
        this.shape = shape;
        for (String db : List.of("primary", "mirror", "backup")) {
            dbPorts.put(db, LoopbackPorts.free());
        }
        for (int i = 1; i <= shape.activePerDataCenter1(); i++) {
            members.add(member("dc1-n" + i, "dc1"));
        }
        for (int i = 1; i <= shape.idlePerDataCenter2(); i++) {
            members.add(member("dc2-n" + i, "dc2"));
        }
        // the node link runs as operators run it: mutual TLS with certificates of a pool CA, one per node
        this.linkCertificates = dir.resolve("link-tls");
        PoolCertificates.write(linkCertificates, members.stream().map(PoolMember::id).toList());
    }

    private static PoolMember member(String id, String dc) throws IOException {
        return PoolMember.parse(id + " " + dc + " 127.0.0.1:" + LoopbackPorts.free() + " 127.0.0.1:" + LoopbackPorts.free());
    }

    /** Starts the three database servers and every node (dc1's nodes become the active list). */
    public DrillPool start() throws Exception {
        startDatabases();
        for (PoolMember m : members) {
            startNode(m.id());
        }
        return this;
    }

    public void startDatabases() throws IOException {
        for (String db : dbPorts.keySet()) {
            startDatabase(db);
        }
    }

    public void startDatabase(String name) throws IOException {
        databases.put(name, H2ServerProcess.start(name, dbPorts.get(name), dir.resolve("db-" + name)));
        log.info("drill: database {} up on port {}", name, dbPorts.get(name));
    }

    /** Kills a database server with SIGKILL: its connections break at once, as when its machine dies. */
    public void killDatabase(String name) {
        H2ServerProcess server = databases.remove(name);
        if (server != null) {
            server.kill();
            log.warn("drill: database {} killed (SIGKILL)", name);
        }
    }

    public ChatNode startNode(String id) throws Exception {
        return startNode(id, url("primary"), url("mirror"), url("backup"));
    }

    /**
     * Starts a node whose database URLs are given (a test puts a cuttable proxy in the way of one
     * node, see {@link #databasePort}).
     */
    public ChatNode startNode(String id, String primaryUrl, String mirrorUrl, String backupUrl) throws Exception {
        PoolMember m = members.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        StorageConfig storage = StorageConfig.builder()
                .primary(EndpointConfig.of(primaryUrl))
                .mirror(EndpointConfig.of(mirrorUrl))
                .backup(EndpointConfig.of(backupUrl))
                .replication(ReplicationMode.BUILTIN)
                .shipInterval(shape.shipInterval())
                .connectionTimeout(Duration.ofMillis(500))
                .build();
        SessionSettings sessions = SessionSettings.builder().port(m.sip().getPort()).nodeName(id).domain(DOMAIN)
                .maxCommandsPerSecond(100_000).build();
        PoolSettings pool = new PoolSettings(members, shape.heartbeat(), shape.leaseExpiry(), shape.takeoverAfter(),
                PoolSettings.DEFAULT_TAKEOVER_AFTER_REFUSED, shape.drainPeriod(), "127.0.0.1", m.link().getPort(), false, Optional.empty())
                .withLinkTls(new TlsSettings(linkCertificates.resolve(id + ".crt"), linkCertificates.resolve(id + ".key"),
                        Optional.of(linkCertificates.resolve("ca.crt")), TlsSettings.clientAuth("require")));
        NodeConfig config = NodeConfig.embedded(dir.resolve("node-" + id)).withStorage(storage).withSessions(sessions)
                .withFilePort(0).withAdmin(AdminSettings.defaults().withPort(0)).withPool(pool);
        ChatNode node = new ChatNode(config);
        node.start();
        nodes.put(id, node);
        return node;
    }

    /** Stops a node abruptly enough for a drill (its dialogs end, its lease is not renewed). */
    public void killNode(String id) {
        ChatNode node = nodes.remove(id);
        if (node != null) {
            try {
                node.stop();
            } catch (Exception e) {
                log.warn("drill: {} did not stop cleanly: {}", id, e.toString());
            }
        }
    }

    public ChatNode node(String id) {
        return nodes.get(id);
    }

    public List<PoolMember> members() {
        return List.copyOf(members);
    }

    public List<String> members(String dataCenter) {
        return members.stream().filter(m -> m.dataCenter().equals(dataCenter)).map(PoolMember::id).toList();
    }

    /** Every node's SIP address, "host:port", in member order (what a client is given). */
    public List<String> sipAddresses() {
        return members.stream().map(m -> m.sip().getHostString() + ":" + m.sip().getPort()).toList();
    }

    public String url(String database) {
        return url(dbPorts.get(database));
    }

    /** The URL of the pool's database reached through {@code port} (its own, or a proxy's). */
    public static String url(int port) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/pchat;DB_CLOSE_DELAY=-1";
    }

    /** The port a database server listens on. */
    public int databasePort(String database) {
        return dbPorts.get(database);
    }

    public Shape shape() {
        return shape;
    }

    @Override
    public void close() {
        for (String id : new ArrayList<>(nodes.keySet())) {
            killNode(id);
        }
        for (String db : new ArrayList<>(databases.keySet())) {
            killDatabase(db);
        }
    }

}
