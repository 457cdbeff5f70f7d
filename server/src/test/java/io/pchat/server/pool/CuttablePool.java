package io.pchat.server.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.h2.tools.Server;

import io.pchat.server.admin.AdminSettings;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.sip.SessionSettings;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.StorageConfig;

/** Like DrillPool, but a node's database URLs can go through a TCP proxy that a test cuts: one node losing its path to a database. */
final class CuttablePool implements AutoCloseable {
    /** A TCP proxy that can be cut (listener and live connections closed) as a network partition would. */
    static final class Proxy implements AutoCloseable {
        final int port;
        private final int target;
        private final ServerSocket listener;
        private final List<Socket> live = new CopyOnWriteArrayList<>();
        private volatile boolean cut;

        Proxy(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.port = listener.getLocalPort();
            Thread t = new Thread(this::accept, "review-proxy-" + port);
            t.setDaemon(true);
            t.start();
        }

        private void accept() {
            while (!cut) {
                try {
                    Socket in = listener.accept();
                    if (cut) {
                        in.close();
                        continue;
                    }
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    live.add(in);
                    live.add(out);
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    // cut
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                    for (int n; (n = i.read(buf)) >= 0;) {
                        o.write(buf, 0, n);
                        o.flush();
                    }
                } catch (IOException e) {
                    // closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException e) {
                        // ignore
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** Partition: connections drop, new ones are refused. */
        void cut() throws IOException {
            cut = true;
            listener.close();
            for (Socket s : live) {
                s.close();
            }
        }

        @Override
        public void close() throws IOException {
            cut();
        }
    }

    final Path dir;
    final Map<String, Integer> dbPorts = new LinkedHashMap<>();
    final Map<String, Server> databases = new LinkedHashMap<>();
    final List<PoolMember> members = new ArrayList<>();
    final Map<String, ChatNode> nodes = new LinkedHashMap<>();
    final List<Proxy> proxies = new ArrayList<>();
    Duration heartbeat = Duration.ofMillis(200);
    Duration leaseExpiry = Duration.ofMillis(2000);
    Duration takeoverAfter = Duration.ofMillis(1000);
    Duration drainPeriod = Duration.ofMillis(500);
    Duration connectionTimeout = Duration.ofMillis(500);

    CuttablePool(Path dir, String... memberSpecs) throws IOException {
        this.dir = dir;
        for (String db : List.of("primary", "mirror", "backup")) {
            dbPorts.put(db, freePort());
        }
        for (String spec : memberSpecs) { // "id dc"
            String[] p = spec.split(" ");
            members.add(PoolMember.parse(p[0] + " " + p[1] + " 127.0.0.1:" + freePort() + " 127.0.0.1:" + freePort()));
        }
    }

    void startDatabases() throws Exception {
        for (String db : dbPorts.keySet()) {
            startDatabase(db);
        }
    }

    void startDatabase(String name) throws Exception {
        databases.put(name, Server.createTcpServer("-tcpPort", Integer.toString(dbPorts.get(name)), "-ifNotExists",
                "-baseDir", dir.resolve("db-" + name).toString()).start());
    }

    void killDatabase(String name) {
        Server s = databases.remove(name);
        if (s != null) {
            s.stop();
        }
    }

    Proxy proxy(String database) throws IOException {
        Proxy p = new Proxy(dbPorts.get(database));
        proxies.add(p);
        return p;
    }

    String url(int port) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/pchat;DB_CLOSE_DELAY=-1";
    }

    String url(String database) {
        return url(dbPorts.get(database));
    }

    ChatNode startNode(String id, String primaryUrl, String mirrorUrl, String backupUrl) throws Exception {
        PoolMember m = members.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        StorageConfig storage = StorageConfig.builder()
                .primary(EndpointConfig.of(primaryUrl))
                .mirror(EndpointConfig.of(mirrorUrl))
                .backup(EndpointConfig.of(backupUrl))
                .replication(ReplicationMode.BUILTIN)
                .shipInterval(Duration.ofMillis(200))
                .connectionTimeout(connectionTimeout)
                .build();
        SessionSettings sessions = SessionSettings.builder().port(m.sip().getPort()).nodeName(id).domain("example.com")
                .maxCommandsPerSecond(100_000).build();
        PoolSettings pool = new PoolSettings(members, heartbeat, leaseExpiry, takeoverAfter, drainPeriod, "127.0.0.1",
                m.link().getPort(), false);
        NodeConfig config = NodeConfig.embedded(dir.resolve("node-" + id)).withStorage(storage).withSessions(sessions)
                .withFilePort(0).withAdmin(AdminSettings.defaults().withPort(0)).withPool(pool);
        ChatNode node = new ChatNode(config);
        node.start();
        nodes.put(id, node);
        return node;
    }

    ChatNode startNode(String id) throws Exception {
        return startNode(id, url("primary"), url("mirror"), url("backup"));
    }

    ChatNode node(String id) {
        return nodes.get(id);
    }

    @Override
    public void close() {
        for (ChatNode n : nodes.values()) {
            try {
                n.stop();
            } catch (Exception e) {
                // ignore
            }
        }
        for (Proxy p : proxies) {
            try {
                p.close();
            } catch (IOException e) {
                // ignore
            }
        }
        for (String db : new ArrayList<>(databases.keySet())) {
            killDatabase(db);
        }
    }

    static int freePort() throws IOException {
        return io.pchat.server.drill.LoopbackPorts.free();
    }
}
