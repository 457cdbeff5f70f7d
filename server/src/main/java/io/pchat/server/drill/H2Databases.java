package io.pchat.server.drill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.db.Database;

/**
 * A drill's databases as three H2 servers, each a process of its own ({@link H2ServerProcess}),
 * replicated by pchat ({@code storage.replication: builtin}): their administrator only starts
 * them again.
 */
final class H2Databases implements DrillDatabases {
    private static final Logger log = LoggerFactory.getLogger(H2Databases.class);

    private final Path dir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, H2ServerProcess> running = new LinkedHashMap<>();

    H2Databases(Path dir) throws IOException {
        this.dir = dir;
        for (String db : NAMES) {
            ports.put(db, LoopbackPorts.free());
        }
    }

    @Override
    public void start() throws IOException {
        for (String db : NAMES) {
            start(db);
        }
    }

    private void start(String name) throws IOException {
        running.put(name, H2ServerProcess.start(name, ports.get(name), dir.resolve("db-" + name)));
        log.info("drill: database {} up on port {}", name, ports.get(name));
    }

    @Override
    public void kill(String name) {
        H2ServerProcess server = running.remove(name);
        if (server != null) {
            server.kill();
            log.warn("drill: database {} killed (SIGKILL)", name);
        }
    }

    @Override
    public String replication() {
        return "builtin";
    }

    @Override
    public String endpointYaml(String name) {
        return "    url: \"" + url(name) + "\"\n";
    }

    private String url(String name) {
        return DrillPool.url(ports.get(name));
    }

    @Override
    public Database open(String name) {
        return Database.open(name, EndpointConfig.of(url(name)), url(name), Duration.ofSeconds(5));
    }

    @Override
    public String afterMirrorTakeover() {
        return "";
    }

    @Override
    public String restoreDataCenter1() throws IOException {
        start("primary");
        start("mirror");
        return "";
    }

    @Override
    public String afterFailback() {
        return "";
    }

    @Override
    public boolean pchatReplicates() {
        return true;
    }

    @Override
    public String describe() {
        return "3 H2 database processes (primary + mirror in dc1, backup in dc2; pchat replicates)";
    }

    @Override
    public void close() {
        for (String db : NAMES) {
            kill(db);
        }
    }
}
