package io.pchat.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.server.config.NodeConfigLoader;
import io.pchat.server.node.CannotStartException;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.storage.StorageException;
import io.pchat.storage.config.InvalidConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pchat node}: runs a chat node until it is stopped (Ctrl-C or SIGTERM), then stops it in
 * order so that no acknowledged message is lost. Settings come from the defaults, then the
 * configuration file ({@code --config}), then {@code PCHAT_...} environment variables, then the
 * options below. With nothing at all: the embedded default, one node on H2 under
 * {@code ./data}, SIP on 127.0.0.1:5041, domain example.com, {@code auth: none}.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a chat node (with no options: the embedded default on 127.0.0.1:5041, data in ./data).")
public final class NodeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = {"-c", "--config"}, description = "YAML configuration file (see pchat.example.yaml).")
    Path configFile;

    @Option(names = "--data-dir", description = "node.dataDirectory: embedded database and posted files (default ./data).")
    String dataDirectory;

    @Option(names = "--domain", description = "sip.domain: the chat domain (default example.com).")
    String domain;

    @Option(names = "--sip-host", description = "sip.host: address the SIP listener binds (default 127.0.0.1).")
    String sipHost;

    @Option(names = "--sip-port", description = "sip.port: SIP/TCP port, 0 for any free one (default 5041).")
    String sipPort;

    @Option(names = "--file-port", description = "files.port: HTTP port of the file endpoint, 0 for any free one (default 8081).")
    String filePort;

    @Option(names = "--node-name", description = "node.name: the user part of this node's SIP URI (default node1).")
    String nodeName;

    @Option(names = "--auth", description = "sip.auth: none (loopback only), digest or trusted (default none).")
    String auth;

    @Option(names = "--admin-host", description = "admin.host: address the admin HTTP API binds (default 127.0.0.1).")
    String adminHost;

    @Option(names = "--admin-port", description = "admin.port: port of the admin HTTP API, 0 for any free one (default 8080).")
    String adminPort;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin API's bearer token (default: <data-dir>/admin.token, generated on first start).")
    Path adminTokenFile;

    @Option(names = "--front-end", description = "sip.frontEnd: builtin, the node answers REGISTER and SUBSCRIBE itself"
            + " (standalone, what SIPE needs); external, a real front end is the registrar and they get 405 (default builtin).")
    String frontEnd;

    @Option(names = "--create-room", hidden = true, paramLabel = "NAME",
            description = "Development aid: create this open room at start if absent (repeatable).")
    List<String> createRooms = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        NodeConfig config;
        try {
            config = config(System.getenv());
        } catch (InvalidConfigurationException | IOException e) {
            System.err.println("pchat node: invalid configuration: " + e.getMessage());
            return 2;
        }
        ChatNode node = new ChatNode(config).createRoomsOnStart(createRooms);
        try {
            node.start();
        } catch (StorageException e) {
            System.err.println("pchat node: cannot open the store: " + e.getMessage());
            return 3;
        } catch (CannotStartException e) {
            System.err.println("pchat node: cannot start: " + e.getMessage());
            return 3;
        } catch (Exception e) {
            System.err.println("pchat node: cannot start: " + e);
            return 3;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            try {
                node.stop();
            } catch (Exception e) {
                log.warn("shutdown: {}", e.toString());
            }
        }, "pchat-shutdown"));
        node.stopped().join(); // Ctrl-C, SIGTERM or the admin API's POST /shutdown
        return 0;
    }

    NodeConfig config(Map<String, String> environment) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        put(options, "node.dataDirectory", dataDirectory);
        put(options, "node.name", nodeName);
        put(options, "sip.domain", domain);
        put(options, "sip.host", sipHost);
        put(options, "sip.port", sipPort);
        put(options, "sip.auth", auth);
        put(options, "files.port", filePort);
        put(options, "admin.host", adminHost);
        put(options, "admin.port", adminPort);
        put(options, "sip.frontEnd", frontEnd);
        if (adminTokenFile != null) {
            options.put("admin.token", Files.readString(adminTokenFile).strip());
        }
        return NodeConfigLoader.load(configFile, environment, options);
    }

    private static void put(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }
}
