package io.pchat.server.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.protocol.link.Deliver;
import io.pchat.protocol.link.ForwardPost;
import io.pchat.protocol.link.PostResult;
import io.pchat.protocol.link.PostStatus;
import io.pchat.protocol.link.Presence;
import io.pchat.server.chat.ChatService;
import io.pchat.server.fanout.FanOut;
import io.pchat.server.net.LogThrottle;
import io.pchat.server.room.LiveRooms;
import io.pchat.server.room.Participant;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.replication.MirrorState;
import io.pchat.storage.replication.Replication;

/**
 * What the node link hands to the pool from the other nodes (docs/pool.md "The node link"):
 * forwarded posts (checked, then sequenced here as the room's owner), room claims, copies of the
 * rooms' messages for local fan-out (only from the room's owner), presence, the peers' comings
 * and goings, and the question asked before a mirror takeover. It also announces this node's
 * joins and parts to the peers.
 *
 * <p>Invariant: a copy of a message is fanned out only when it comes from the room's owner in the
 * current view; refused frames are logged at most once per 10 s (a peer can send them at will).
 * Called on link event loops: nothing here blocks (post checks run on {@code checks}).
 */
final class FramesFromPeers implements NodeLink.Frames {
    private static final Logger log = LoggerFactory.getLogger(FramesFromPeers.class);

    private final RoomOwnership ownership;
    private final PoolRoster roster;
    private final Replication replication;
    private final Executor checks;
    private final Supplier<PoolSequencer> sequencer;
    private final Supplier<NodeLink> link;
    private final LogThrottle refusedFrames = new LogThrottle(Duration.ofSeconds(10));
    /** Set once before traffic; null: forwarded posts are not checked. */
    private volatile ForwardedPostCheck postCheck;
    /** The chat layer, once attached (null before: copies and presence have nowhere to go yet). */
    private volatile ChatService chat;

    FramesFromPeers(RoomOwnership ownership, PoolRoster roster, Replication replication, Executor checks,
            Supplier<PoolSequencer> sequencer, Supplier<NodeLink> link) {
        this.ownership = ownership;
        this.roster = roster;
        this.replication = replication;
        this.checks = checks;
        this.sequencer = sequencer;
        this.link = link;
    }

    void checkForwardedPosts(ForwardedPostCheck check) {
        this.postCheck = check;
    }

    void attach(ChatService value) {
        this.chat = value;
    }

    @Override
    public CompletableFuture<PostResult> forwarded(String peer, ForwardPost post) {
        ForwardedPostCheck check = postCheck;
        if (check == null) {
            return sequencer.get().forwarded(post);
        }
        return CompletableFuture.supplyAsync(() -> check.problem(post), checks).thenCompose(problem -> {
            if (problem.isEmpty()) {
                return sequencer.get().forwarded(post);
            }
            refused("a post forwarded by " + peer + " to room " + post.roomId(), problem.get());
            return CompletableFuture.completedFuture(new PostResult(post.requestId(), PostStatus.REFUSED, 0, problem.get()));
        });
    }

    @Override
    public CompletableFuture<Boolean> acquire(String peer, String roomId) {
        return ownership.onAcquire(peer, roomId);
    }

    @Override
    public void deliver(String peer, Deliver copy) {
        String owner = ownership.view().ownerOf(copy.roomId());
        if (!peer.equals(owner)) {
            // only the room's owner sequences it: a copy from anyone else is not a message of the room
            refused("a copy of msgid " + copy.msgid() + " of room " + copy.roomId() + " from " + peer,
                    "the room's owner is " + owner);
            return;
        }
        ChatService c = chat;
        if (c != null) {
            FanOut fanOut = c.fanOut();
            fanOut.deliver(new StoredMessage(copy.roomId(), copy.msgid(), copy.ts(), copy.author(), copy.text(),
                    copy.alert(), copy.storyTitle()));
        }
    }

    private void refused(String what, String why) {
        long count = refusedFrames.occurred();
        if (count > 0) {
            log.warn("node link: refused {} ({}); {} refused in the last {} s", what, why, count,
                    refusedFrames.periodSeconds());
        }
    }

    @Override
    public void presence(String peer, Presence presence) {
        roster.apply(peer, presence);
        ChatService c = chat;
        if (c != null) {
            c.joinedElsewhere(presence.roomId(), presence.user(), presence.joined(), presence.viaBjoin());
        }
    }

    @Override
    public void peerUp(String peer) {
        roster.forget(peer); // it announces everything again on this new connection
    }

    @Override
    public void peerDown(String peer) {
        roster.forget(peer);
    }

    @Override
    public boolean mirrorInSync() {
        // Nothing acknowledged here is missing from the mirror: copies in step, no mirror, or writing to it already.
        MirrorState state = replication.mirrorState();
        return state == MirrorState.IN_SYNC || state == MirrorState.NONE || replication.writerRole() != EndpointRole.PRIMARY;
    }

    @Override
    public void dialled(String peer) {
        ChatService c = chat;
        NodeLink l = link.get();
        LinkPeer p = l == null ? null : l.peer(peer);
        if (c == null || p == null) {
            return;
        }
        for (Participant participant : c.liveRooms().participants()) {
            p.write(new Presence(participant.roomId(), participant.user(), true, participant.isManager(),
                    participant.viaBjoin()));
        }
        p.flush();
    }

    /** Tells every peer that a user joined or left a room here (a part only when no other dialog of the user is left in it). */
    void announce(Participant p, boolean joined) {
        NodeLink l = link.get();
        ChatService c = chat;
        if (l == null) {
            return;
        }
        LiveRooms rooms = c == null ? null : c.liveRooms();
        if (!joined && rooms != null && rooms.room(p.roomId()) != null && rooms.room(p.roomId()).users().contains(p.user())) {
            return; // another dialog of the user is still in the room here: it is still present
        }
        Presence presence = new Presence(p.roomId(), p.user(), joined, p.isManager(), p.viaBjoin());
        for (LinkPeer peer : l.peers()) {
            if (peer.write(presence)) {
                peer.flush();
            }
        }
    }
}
