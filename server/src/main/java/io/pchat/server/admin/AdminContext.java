package io.pchat.server.admin;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.pchat.server.chat.ChatService;
import io.pchat.server.metrics.MetricHistory;
import io.pchat.server.node.NodeConfig;
import io.pchat.server.pool.ChatPool;
import io.pchat.storage.ChatStore;

/**
 * What the admin API works on: the node's store and command layer, and the few node facts and
 * actions it reports or triggers. Built by the node; every part is required.
 *
 * @param store         the node's store (blocking: used from storage threads only)
 * @param chat          the command layer, told about room changes and invitations
 * @param dataDirectory where the token and saved chat limits live
 * @param domain        the chat domain (room URIs, the admin's compliance identity)
 * @param digestRealm   the realm passwords are stored for
 * @param nodeName      this node's name (its entry in the pool's active nodes)
 * @param nodeUri       this node's SIP URI, once the listener is bound
 * @param chatLimits    the chat limits the node runs with
 * @param ready         whether the node is started and taking sessions
 * @param shutdown      stops the whole node in order (called from its own thread)
 * @param sipAddress    where this node's SIP listener answers (the test message connects to it)
 * @param history       the last minutes of the node's figures (the console's charts)
 */
public record AdminContext(ChatStore store, ChatService chat, Path dataDirectory, String domain, String digestRealm,
        String nodeName, Supplier<String> nodeUri, NodeConfig.ChatLimits chatLimits, BooleanSupplier ready,
        Runnable shutdown, Clock clock, Supplier<String> metrics, ChatPool pool, Supplier<InetSocketAddress> sipAddress,
        MetricHistory history) {

    public AdminContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(digestRealm, "digestRealm");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(nodeUri, "nodeUri");
        Objects.requireNonNull(chatLimits, "chatLimits");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sipAddress, "sipAddress");
        Objects.requireNonNull(history, "history");
    }

    /** Who admin changes are recorded as in compliance events. */
    public String adminUri() {
        return "sip:admin@" + domain;
    }
}
