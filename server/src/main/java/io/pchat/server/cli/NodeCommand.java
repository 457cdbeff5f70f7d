package io.pchat.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.sip.AuthMode;
import io.pchat.server.sip.FrontEndMode;
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

    @Option(names = "--front-end", description = "builtin: the node answers REGISTER and SUBSCRIBE itself (standalone,"
            + " what SIPE needs); external: a real front end is the registrar and they get 405 (default: ${DEFAULT-VALUE}).")
    String frontEnd = "builtin";

    @Option(names = "--create-room", hidden = true, paramLabel = "NAME",
            description = "Development aid: create this open room at start if absent (repeatable).")
    List<String> createRooms = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        NodeConfig config;
        try {
            config = config();
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            System.err.println("pchat node: invalid configuration: " + e.getMessage());
            return 2;
        }
        ChatNode node = new ChatNode(config).createRoomsOnStart(createRooms);
        try {
            node.start();
        } catch (StorageException e) {
            System.err.println("pchat node: cannot open the store: " + e.getMessage());
            return 3;
        } catch (Exception e) {
            System.err.println("pchat node: cannot start: " + e);
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            try {
                node.stop();
            } catch (Exception e) {
                log.warn("shutdown: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }, "pchat-shutdown"));
        stopped.await();
        return 0;
    }

    NodeConfig config() {
        AuthMode mode = AuthMode.valueOf(auth.trim().toUpperCase(java.util.Locale.ROOT));
        NodeConfig embedded = NodeConfig.embedded(dataDirectory);
        return embedded
                .withSessions(embedded.sessions().toBuilder().bindHost(sipHost).port(sipPort).domain(domain)
                        .nodeName(nodeName).poolUri("sip:pchat@" + domain).legacyUri("sip:ocschat@" + domain)
                        .authMode(mode).digestRealm(domain).frontEnd(FrontEndMode.parse(frontEnd)).build())
                .withFilePort(filePort);
    }
}
