package io.pchat.server.pool;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.pchat.protocol.link.Deliver;
import io.pchat.storage.log.DurableMessages;
import io.pchat.storage.log.StoredMessage;

/**
 * The owner's half of cross-node delivery (docs/design.md "Path of a message", step 5): every
 * message this node made durable goes, once, to each other node that has someone joined to its
 * room; that node fans it out to its own dialogs. Called on the log's writer thread in msgid
 * order per room; writes without flushing and flushes each peer once per batch.
 */
public final class RemoteFanOut implements DurableMessages {
    private final NodeLink link;
    private final PoolRoster roster;

    public RemoteFanOut(NodeLink link, PoolRoster roster) {
        this.link = link;
        this.roster = roster;
    }

    @Override
    public void durable(List<StoredMessage> batch) {
        Set<LinkPeer> written = null; // most batches of a pool with one busy node write to nobody
        for (StoredMessage m : batch) {
            Set<String> nodes = roster.nodesIn(m.roomId());
            if (nodes.isEmpty()) {
                continue;
            }
            Deliver copy = new Deliver(m.roomId(), m.msgid(), m.ts(), m.author(), m.text(), m.alert(), m.storyTitle());
            for (String node : nodes) {
                LinkPeer peer = link.peer(node);
                if (peer != null && peer.write(copy)) {
                    if (written == null) {
                        written = new HashSet<>();
                    }
                    written.add(peer);
                }
            }
        }
        if (written != null) {
            written.forEach(LinkPeer::flush);
        }
    }
}
