package io.pchat.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.server.admin.AdminSettings;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.sip.AuthMode;
import io.pchat.storage.config.InvalidConfigurationException;
import io.pchat.storage.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pchat node}: runs a chat node until it is stopped (Ctrl-C or SIGTERM), then stops it in
 * order so that no acknowledged message is lost. With no options: the embedded default, one node
 * on H2 under {@code ./data}, SIP on 127.0.0.1:5041, domain example.com, {@code auth: none}.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a chat node (with no options: the embedded default on 127.0.0.1:5041, data in ./data).")
public final class NodeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = "--data-dir", description = "Data directory: embedded database and posted files (default: ${DEFAULT-VALUE}).")
    Path dataDirectory = Path.of("data");

    @Option(names = "--domain", description = "The chat domain (default: ${DEFAULT-VALUE}).")
    String domain = "example.com";

    @Option(names = "--sip-host", description = "Address the SIP listener binds (default: ${DEFAULT-VALUE}).")
    String sipHost = "127.0.0.1";

    @Option(names = "--sip-port", description = "SIP/TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int sipPort = NodeConfig.DEFAULT_SIP_PORT;

    @Option(names = "--file-port", description = "HTTP port of the file endpoint, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int filePort = NodeConfig.DEFAULT_FILE_PORT;

    @Option(names = "--node-name", description = "This node's name, the user part of its SIP URI (default: ${DEFAULT-VALUE}).")
    String nodeName = "node1";

    @Option(names = "--auth", description = "Client authentication: none (loopback only), digest, trusted (default: ${DEFAULT-VALUE}).")
    String auth = "none";

    @Option(names = "--admin-host", description = "Address the admin HTTP API binds (default: ${DEFAULT-VALUE}).")
    String adminHost = "127.0.0.1";

    @Option(names = "--admin-port", description = "Port of the admin HTTP API, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int adminPort = AdminSettings.DEFAULT_PORT;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin API's bearer token (default: <data-dir>/admin.token, generated on first start).")
    Path adminTokenFile;

    @Override
    public Integer call() throws Exception {
        NodeConfig config;
        try {
            config = config();
        } catch (InvalidConfigurationException | IllegalArgumentException | java.io.IOException e) {
            System.err.println("pchat node: invalid configuration: " + e.getMessage());
            return 2;
        }
        ChatNode node = new ChatNode(config);
        try {
            node.start();
        } catch (StorageException e) {
            System.err.println("pchat node: cannot open the store: " + e.getMessage());
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

    NodeConfig config() throws java.io.IOException {
        AuthMode mode = AuthMode.valueOf(auth.trim().toUpperCase(java.util.Locale.ROOT));
        NodeConfig embedded = NodeConfig.embedded(dataDirectory);
        return embedded
                .withSessions(embedded.sessions().toBuilder().bindHost(sipHost).port(sipPort).domain(domain)
                        .nodeName(nodeName).poolUri("sip:pchat@" + domain).legacyUri("sip:ocschat@" + domain)
                        .authMode(mode).digestRealm(domain).build())
                .withFilePort(filePort)
                .withAdmin(new AdminSettings(adminHost, adminPort, adminTokenFile == null ? java.util.Optional.empty()
                        : java.util.Optional.of(java.nio.file.Files.readString(adminTokenFile))));
    }
}
