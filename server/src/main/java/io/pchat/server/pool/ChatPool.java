package io.pchat.server.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.ssl.SslContext;
import io.pchat.protocol.link.Deliver;
import io.pchat.protocol.link.ForwardPost;
import io.pchat.protocol.link.PostResult;
import io.pchat.protocol.link.Presence;
import io.pchat.server.chat.ChatService;
import io.pchat.server.chat.MessageSequencer;
import io.pchat.server.chat.NodePlacement;
import io.pchat.server.fanout.FanOut;
import io.pchat.server.lifecycle.AbstractLifeCycle;
import io.pchat.server.room.LiveRooms;
import io.pchat.server.room.Participant;
import io.pchat.server.sip.SessionAdmission;
import io.pchat.storage.ChatStore;
import io.pchat.storage.FencedWriteException;
import io.pchat.storage.StorageException;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.pool.EndpointProbe;
import io.pchat.storage.pool.NodeLease;
import io.pchat.storage.pool.PoolRecord;
import io.pchat.storage.pool.PoolState;

/**
 * This node's membership of a stretched pool (docs/design.md "The pool and the two data centers"), as
 * one lifecycle part: the heartbeat, the node link, room ownership, post routing, cross-node
 * fan-out and presence, session admission and placement.
 *
 * <p>Every heartbeat, on the pool thread: find the writing endpoint (follow the pool when another
 * node promoted, failed over or back; promote the mirror when the writer has been unreachable for
 * {@code takeoverAfter}), read the pool record, renew this node's lease when it is in the active
 * list, read the live leases, and publish the {@link PoolView}. A node whose lease expired (by its
 * own clock: renewed more than {@code leaseExpiry} ago) is not active: it owns no room and takes
 * no session. A node left out when the pool changes state (failover, failback, its database
 * retired) ends its dialogs after {@code drainPeriod}, so clients reconnect to the active nodes;
 * one whose lease lapsed or that the admin removed from the active list keeps them.
 */
public final class ChatPool extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(ChatPool.class);
    static final long ROUTE_TIMEOUT_MILLIS = 5_000;

    private final PoolSettings settings;
    private final PoolMember self;
    private final ChatStore store;
    private final Clock clock;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final PoolRoster roster = new PoolRoster();
    private final java.util.concurrent.ScheduledThreadPoolExecutor thread;
    private final java.util.concurrent.ScheduledThreadPoolExecutor retries;
    private final java.util.concurrent.ScheduledThreadPoolExecutor prober;
    private final java.util.concurrent.ScheduledThreadPoolExecutor checks;
    private final RoomOwnership ownership;
    private final PoolAdmission admission;
    private volatile EndpointProbe latestMirror;
    private volatile EndpointProbe latestBackup;
    /** Every configured endpoint as the probe thread last saw it, and when: what {@code pool show} reports. */
    private volatile Probes latestProbes = new Probes(List.of(), Instant.EPOCH);
    private NodeLink link;
    private volatile RemoteFanOut remote;
    private PoolSequencer sequencer;
    private volatile FanOut fanOut;
    private volatile LiveRooms liveRooms;
    private volatile ChatService chat;
    /** Set once before traffic (see {@link #checkForwardedPosts}); null: forwarded posts are not checked. */
    private volatile ForwardedPostCheck postCheck;
    /** Refused link frames are logged at most once per 10 s: a peer can send them at will. */
    private final io.pchat.server.net.LogThrottle refusedFrames = new io.pchat.server.net.LogThrottle(java.time.Duration.ofSeconds(10));
    private volatile Consumer<String> drain = reason -> { };
    private Instant lastRenewStart;
    /** When the writer last answered the heartbeat: the takeover counts its unreachability from there. */
    private Instant writerAnsweredAt;
    /** When the heartbeat first found the writer not answering (null while it answers). */
    private Instant writerFailingSince;
    private long metadataVersion = -1;
    /** When each node's lease ends, as last read (pool thread only): a view made while the writer is gone uses it. */
    private java.util.Map<String, Instant> leaseEnds = java.util.Map.of();
    /** The nodes with a lease at the last heartbeat that read the pool record: who may have acknowledged posts. */
    private volatile Set<String> leasedWhenLastRead = Set.of();
    /** Whether the last heartbeat read the pool record: an idle node redirects only on what it knows now. */
    private volatile boolean viewFresh;
    private volatile boolean draining;
    private boolean takeoverHeldBack;

    public ChatPool(PoolSettings settings, String selfId, ChatStore store, Clock clock, SslContext serverTls,
            SslContext clientTls) {
        this.settings = settings;
        this.self = settings.member(selfId).orElseThrow(() -> new IllegalArgumentException(
                "node.name '" + selfId + "' is not one of pool.nodes " + settings.members().stream().map(PoolMember::id).toList()));
        this.store = store;
        this.clock = clock;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
        this.thread = daemonScheduler("pchat-pool");
        this.retries = daemonScheduler("pchat-pool-retry"); // claims and routing never wait behind a slow heartbeat
        this.prober = daemonScheduler("pchat-pool-probe"); // probes of the other endpoints never delay a renewal
        // forwarded posts are checked on threads of their own: never behind claims, never on a link event loop
        this.checks = daemonScheduler("pchat-pool-post-check");
        this.ownership = new RoomOwnership(selfId, store.messageLog(), retries, ROUTE_TIMEOUT_MILLIS);
        this.admission = new PoolAdmission(settings, self, ownership::view, () -> viewFresh);
        ownership.leaseCheck(() -> leaseLive(clock.instant()));
    }

    private static java.util.concurrent.ScheduledThreadPoolExecutor daemonScheduler(String name) {
        java.util.concurrent.ScheduledThreadPoolExecutor e = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a pending drain or retry does not outlive the stop
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    @Override
    public String name() {
        return "pool membership";
    }

    public PoolMember self() {
        return self;
    }

    public PoolSettings settings() {
        return settings;
    }

    /** Where posts go: give it to the chat service. */
    public MessageSequencer sequencer() {
        return message -> sequencer.append(message);
    }

    public PoolView view() {
        return ownership.view();
    }

    public RoomOwnership ownership() {
        return ownership;
    }

    public PoolRoster roster() {
        return roster;
    }

    public NodeLink link() {
        return link;
    }

    /** The copies of this node's durable messages for the other nodes (the log's durable hook calls it). */
    public io.pchat.storage.log.DurableMessages remoteFanOut() {
        return batch -> {
            RemoteFanOut r = remote;
            if (r != null) {
                r.durable(batch);
            }
        };
    }

    /**
     * Connects the chat layer: its fan-out takes the copies from owners, its joins and parts are
     * announced to the other nodes, theirs reach its join replies and notices; and what ends every
     * dialog when this node drains. Before {@link #start()}.
     */
    public void checkForwardedPosts(int messageSizeLimit, int storySizeLimit) {
        this.postCheck = new ForwardedPostCheck(store, messageSizeLimit, storySizeLimit);
    }

    public void attach(ChatService chat, Consumer<String> endAllDialogs) {
        LiveRooms rooms = chat.liveRooms();
        this.chat = chat;
        this.fanOut = chat.fanOut();
        this.liveRooms = rooms;
        this.drain = endAllDialogs;
        rooms.elsewhere(roster::usersIn);
        rooms.listen(new LiveRooms.Listener() {
            @Override
            public void joined(Participant p) {
                announce(p, true);
            }

            @Override
            public void left(Participant p) {
                announce(p, false);
            }
        });
    }

    @Override
    protected void doStart() throws Exception {
        link = new NodeLink(self, settings, new LinkFrames(), () -> ownership.view().epoch(), serverTls, clientTls);
        ownership.peers((peer, roomId) -> {
            LinkPeer p = link.peer(peer);
            return p == null ? CompletableFuture.completedFuture(false) : p.acquire(roomId);
        });
        sequencer = new PoolSequencer(ownership, store.messageLog(), link, retries, ROUTE_TIMEOUT_MILLIS);
        remote = new RemoteFanOut(link, roster);
        link.start();
        try {
            thread.submit(this::beat).get(); // the first view before sessions are taken
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("first heartbeat failed: {}", e.getCause().toString());
        }
        long period = settings.heartbeat().toMillis();
        thread.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        prober.scheduleWithFixedDelay(this::probeOthers, 0, period, TimeUnit.MILLISECONDS);
        log.info("pool member {} ({}) started: {}", self.id(), self.dataCenter(), describe(ownership.view()));
    }

    @Override
    protected void doStop() throws Exception {
        prober.shutdownNow();
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
        retries.shutdown();
        checks.shutdown();
        try {
            ownership.releaseAll().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("rooms not released cleanly: {}", e.toString());
        }
        try {
            if (lastRenewStart != null) {
                store.pool().expire(self.id()); // the others take over its rooms at once, not after the expiry
            }
        } catch (StorageException e) {
            log.warn("could not end this node's lease (it expires by itself): {}", e.getMessage());
        }
        if (link != null) {
            link.stop();
        }
    }

    /** Runs one heartbeat now (tests, the admin layer after a change); returns the new view. */
    public PoolView beatNow() {
        try {
            return thread.submit(() -> {
                beat();
                return ownership.view();
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StorageException("heartbeat failed: " + e, e);
        }
    }

    private void beat() {
        try {
            beatOnce();
        } catch (RuntimeException e) {
            log.warn("pool heartbeat failed: {}", e.toString());
        }
    }

    private void beatOnce() {
        Instant now = clock.instant();
        PoolView before = ownership.view();
        PoolRecord record;
        try {
            record = store.pool().read();
            writerFailingSince = null;
            writerAnsweredAt = now;
            if (record.state() == PoolState.RETIRED) {
                findWriter(record.epoch(), Duration.ZERO, Duration.ZERO);
                record = store.pool().read();
            }
        } catch (StorageException e) {
            Instant failed = clock.instant();
            if (writerFailingSince == null) {
                writerFailingSince = failed;
                log.warn("the writing database ({}) does not answer: {}", store.endpoints().writer().name(), e.getMessage());
            }
            Instant lastAnswer = writerAnsweredAt != null && writerAnsweredAt.isBefore(writerFailingSince) ? writerAnsweredAt
                    : writerFailingSince;
            findWriter(-1, Duration.between(lastAnswer, failed), Duration.between(writerFailingSince, failed));
            // What was read of the others' leases still holds until they end: not after.
            Instant at = clock.instant();
            Set<String> stillLeased = leasedAt(at);
            stillLeased.remove(self.id());
            boolean selfLive = before.selfActive() && leaseLive(at);
            if (selfLive) {
                stillLeased.add(self.id());
            }
            viewFresh = false;
            publish(before, new PoolView(before.epoch(), before.state(), before.activeList(), stillLeased,
                    before.activeList().stream().filter(stillLeased::contains).toList(), selfLive,
                    store.replication().writerRole(), now));
            return;
        }
        if (movedWithoutUs(record)) {
            record = store.pool().read();
        }
        if (record.activeNodes().isEmpty() && record.state() == PoolState.NORMAL) {
            // A new pool: the first data center's nodes are active until an operator decides otherwise.
            String home = settings.members().get(0).dataCenter();
            List<String> ids = settings.inDataCenter(home).stream().map(PoolMember::id).toList();
            try {
                store.pool().addActiveNodes(ids);
                record = store.pool().read();
                log.warn("the pool had no active node: {} ({}) made active (change with 'pchat admin pool active set')", ids, home);
            } catch (StorageException e) {
                log.warn("could not set the first active nodes: {}", e.getMessage());
            }
        }
        boolean listed = record.activeNodes().contains(self.id());
        if (listed && record.state() != PoolState.RETIRED) {
            Instant renewing = clock.instant(); // the lease counts from before the renewal was sent
            try {
                store.pool().renew(self.id(), self.dataCenter(), record.epoch(), settings.leaseExpiry());
                lastRenewStart = renewing;
            } catch (FencedWriteException e) {
                log.warn("lease not renewed: {}", e.getMessage());
            } catch (StorageException e) {
                log.warn("lease not renewed: {}", e.getMessage());
                if (store.replication().mode() == ReplicationMode.EXTERNAL) {
                    findWriter(-1, Duration.ZERO, Duration.ZERO); // reads work, writes do not: a standby may have been promoted
                }
            }
        }
        Set<String> leased = new HashSet<>();
        try {
            java.util.Map<String, Instant> ends = new java.util.HashMap<>();
            for (NodeLease lease : store.pool().liveLeases()) {
                leased.add(lease.nodeId());
                ends.put(lease.nodeId(), lease.expiresAt());
            }
            leaseEnds = ends;
        } catch (StorageException e) {
            leased.addAll(leasedAt(clock.instant()));
        }
        boolean selfLive = listed && leaseLive(clock.instant());
        if (selfLive) {
            leased.add(self.id());
        } else {
            leased.remove(self.id());
        }
        List<String> liveActive = record.activeNodes().stream().filter(leased::contains).toList();
        PoolView view = new PoolView(record.epoch(), record.state(), record.activeNodes(), leased, liveActive, selfLive,
                store.replication().writerRole(), now);
        if (metadataVersion >= 0 && record.metadataVersion() != metadataVersion) {
            store.invalidateCaches(); // another node may have changed rooms, categories or users
        }
        metadataVersion = record.metadataVersion();
        viewFresh = true;
        leasedWhenLastRead = Set.copyOf(leased);
        publish(before, view);
    }

    private void publish(PoolView before, PoolView view) {
        ownership.update(view);
        if (!before.liveActive().equals(view.liveActive()) || before.selfActive() != view.selfActive()
                || before.epoch() != view.epoch() || before.state() != view.state()) {
            log.info("pool view: {}", describe(view));
        }
        boolean stateChanged = before.epoch() != 0 && (before.state() != view.state() || before.writer() != view.writer());
        // Failover and failback move the sessions: a node left out of the new state ends its dialogs
        // (clients reconnect to the active nodes). A lease lapse (database trouble) or an admin's
        // change of the active list keeps them: posts get 503 meanwhile, sessions stay.
        boolean leftOut = !view.activeList().contains(self.id()) || view.state() == PoolState.RETIRED;
        if (stateChanged && !view.selfActive() && leftOut) {
            scheduleDrain("the pool changed state to " + view.state() + " without this node");
        }
        if (view.selfActive()) {
            draining = false;
        }
    }

    private void scheduleDrain(String reason) {
        if (draining) {
            return;
        }
        draining = true;
        log.warn("this node is no longer active ({}): ending its dialogs in {}", reason, settings.drainPeriod());
        thread.schedule(() -> {
            if (draining && !ownership.view().selfActive()) {
                drain.accept("pool: " + reason);
            }
        }, settings.drainPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The writer is retired ({@code retiredAt}: the epoch it was retired at, else -1) or
     * unreachable: follow the endpoint the pool moved to (built-in: one that answers, is not
     * retired, and has an epoch above what this node knew, or at least the retired writer's;
     * external: one that takes writes), or take the mirror over when the primary has been
     * unreachable for {@code takeoverAfter} and no failover happened (built-in replication only).
     * {@code unreachableFor} counts from the writer's last answer; {@code failingFor} from the first
     * heartbeat that found it gone (what leases of unreachable peers are measured against).
     */
    private void findWriter(long retiredAt, Duration unreachableFor, Duration failingFor) {
        boolean external = store.replication().mode() == ReplicationMode.EXTERNAL;
        EndpointRole current = store.replication().writerRole();
        List<EndpointProbe> probes = new ArrayList<>(); // the writer itself was just found wanting: not again
        for (EndpointRole role : EndpointRole.values()) {
            if (role != current) {
                store.pool().probe(role, external).ifPresent(probes::add);
            }
        }
        long known = ownership.view().epoch();
        Optional<EndpointProbe> moved = probes.stream()
                .filter(p -> p.role() != current && p.usable())
                .filter(p -> external ? p.acceptsWrites() : retiredAt >= 0 ? p.epoch() >= retiredAt : p.epoch() > known)
                .max(Comparator.comparingLong(EndpointProbe::epoch));
        if (moved.isPresent()) {
            log.warn("the pool writes to {} now (epoch {}, {}): following", moved.get().name(), moved.get().epoch(),
                    moved.get().state());
            store.replication().follow(moved.get().role());
            writerFailingSince = null;
            return;
        }
        boolean failedOver = probes.stream().anyMatch(p -> p.role() == EndpointRole.BACKUP && p.reachable() && p.epoch() > known);
        if (retiredAt < 0 && !external && current == EndpointRole.PRIMARY && !failedOver
                && unreachableFor.compareTo(settings.takeoverAfter()) >= 0
                && probes.stream().anyMatch(p -> p.role() == EndpointRole.MIRROR && p.usable())
                && everyPeerInSync(failingFor)) {
            try {
                long epoch = store.replication().promoteMirror();
                log.warn("mirror takeover: the primary was unreachable for {} ms; the mirror writes at epoch {}",
                        unreachableFor.toMillis(), epoch);
                writerFailingSince = null;
            } catch (StorageException e) {
                log.warn("mirror takeover not done: {}", e.getMessage());
                // another node may have won the race: follow it now rather than a heartbeat later
                store.pool().probe(EndpointRole.MIRROR).filter(p -> p.usable() && p.epoch() > known).ifPresent(p -> {
                    log.warn("the mirror was promoted by another node (epoch {}): following", p.epoch());
                    store.replication().follow(EndpointRole.MIRROR);
                    writerFailingSince = null;
                });
            }
        }
    }

    /**
     * On the probe thread, every heartbeat: what the other endpoints say of the pool (the mirror
     * while this node writes to the primary, the backup while it does not write to it). Kept apart
     * from the heartbeat so that an unreachable endpoint never delays a lease renewal.
     */
    private void probeOthers() {
        try {
            EndpointRole writer = store.replication().writerRole();
            List<EndpointProbe> all = store.pool().probe(false);
            latestProbes = new Probes(all, clock.instant());
            EndpointProbe mirror = all.stream().filter(p -> p.role() == EndpointRole.MIRROR).findFirst().orElse(null);
            EndpointProbe backup = all.stream().filter(p -> p.role() == EndpointRole.BACKUP).findFirst().orElse(null);
            latestMirror = writer == EndpointRole.PRIMARY ? mirror : null;
            latestBackup = writer != EndpointRole.BACKUP ? backup : null;
        } catch (RuntimeException e) {
            log.debug("endpoint probe failed: {}", e.toString());
        }
    }

    /** The endpoints as last probed (every heartbeat, on the probe thread), and when. */
    public record Probes(List<EndpointProbe> endpoints, Instant at) {
    }

    /** Every configured endpoint as last probed: answers at once, whatever is down. */
    public Probes latestProbes() {
        return latestProbes;
    }

    /**
     * The pool moved without this node while its writer still answers: another node took the
     * mirror over (the mirror is at a higher epoch), or a failover happened while this node's
     * database could not be fenced (the backup is {@code FAILED_OVER} at a higher epoch). Writing
     * on would split the pool, so the node follows. Returns whether it moved.
     */
    private boolean movedWithoutUs(PoolRecord record) {
        EndpointRole writer = store.replication().writerRole();
        EndpointProbe backup = latestBackup;
        EndpointProbe mirror = latestMirror;
        EndpointProbe target = null;
        if (writer != EndpointRole.BACKUP && backup != null && backup.usable() && backup.state() == PoolState.FAILED_OVER
                && backup.epoch() > record.epoch()) {
            target = backup;
        } else if (writer == EndpointRole.PRIMARY && mirror != null && mirror.usable() && mirror.epoch() > record.epoch()) {
            target = mirror;
        }
        if (target == null) {
            return false;
        }
        log.warn("the pool moved to {} at epoch {} while this node wrote to {} (epoch {}): following", target.name(),
                target.epoch(), store.endpoints().writer().name(), record.epoch());
        latestBackup = null;
        latestMirror = null;
        store.replication().follow(target.role());
        return true;
    }

    /**
     * Before a mirror takeover: every other node that may have acknowledged messages (a lease live
     * in the last view) must confirm over the link that they are all on the mirror. A node the
     * link does not reach is waited for until its lease has run out since the primary was lost
     * (it acknowledges nothing after that). One that says its copies are behind holds the
     * takeover back: promoting would lose what it acknowledged.
     */
    private boolean everyPeerInSync(Duration unreachableFor) {
        // everyone leased when the primary was last read: a lease that ran out since does not make its acknowledgements safe
        List<String> others = leasedWhenLastRead.stream().filter(id -> !id.equals(self.id())).sorted().toList();
        for (String id : others) {
            LinkPeer peer = link.peer(id);
            if (peer == null || !peer.connected()) {
                if (unreachableFor.compareTo(settings.leaseExpiry()) < 0) {
                    log.info("mirror takeover waits: {} is not reachable over the link; its lease runs out first", id);
                    return false;
                }
                continue;
            }
            boolean inSync;
            try {
                inSync = peer.mirrorCheck().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                inSync = false;
            }
            if (!inSync) {
                if (!takeoverHeldBack) {
                    log.warn("mirror takeover held back: {}'s copies to the mirror are behind (or it did not answer);"
                            + " promoting the mirror would lose what it acknowledged. Bring the primary back, or fail over",
                            id);
                    takeoverHeldBack = true;
                }
                return false;
            }
        }
        takeoverHeldBack = false;
        return true;
    }

    /** The nodes whose lease, as last read, has not ended at {@code at}. */
    private Set<String> leasedAt(Instant at) {
        Set<String> leased = new HashSet<>();
        leaseEnds.forEach((id, end) -> {
            if (end.isAfter(at)) {
                leased.add(id);
            }
        });
        return leased;
    }

    private boolean leaseLive(Instant now) {
        return lastRenewStart != null && now.isBefore(lastRenewStart.plus(settings.leaseExpiry()));
    }

    private String describe(PoolView v) {
        return "epoch " + v.epoch() + ", " + v.state() + ", writer " + v.writer() + ", active list " + v.activeList()
                + ", live active " + v.liveActive() + ", this node " + (v.selfActive() ? "ACTIVE" : "IDLE");
    }

    private void announce(Participant p, boolean joined) {
        NodeLink l = link;
        if (l == null) {
            return;
        }
        LiveRooms rooms = liveRooms;
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

    /** Session admission: active nodes take sessions; others redirect (see {@link PoolAdmission}). */
    public SessionAdmission admission() {
        return admission.admission();
    }

    /** {@code cmd:requri}: see {@link PoolAdmission#placement()}. */
    public NodePlacement placement() {
        return admission.placement();
    }

    /** What the link hands to the pool. */
    private final class LinkFrames implements NodeLink.Frames {
        @Override
        public CompletableFuture<PostResult> forwarded(String peer, ForwardPost post) {
            ForwardedPostCheck check = postCheck;
            if (check == null) {
                return sequencer.forwarded(post);
            }
            return CompletableFuture.supplyAsync(() -> check.problem(post), checks).thenCompose(problem -> {
                if (problem.isEmpty()) {
                    return sequencer.forwarded(post);
                }
                refused("a post forwarded by " + peer + " to room " + post.roomId(), problem.get());
                return CompletableFuture.completedFuture(new PostResult(post.requestId(),
                        io.pchat.protocol.link.PostStatus.REFUSED, 0, problem.get()));
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
            FanOut f = fanOut;
            if (f != null) {
                f.deliver(new StoredMessage(copy.roomId(), copy.msgid(), copy.ts(), copy.author(), copy.text(), copy.alert(),
                        copy.storyTitle()));
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
            var state = store.replication().mirrorState();
            return state == io.pchat.storage.replication.MirrorState.IN_SYNC
                    || state == io.pchat.storage.replication.MirrorState.NONE
                    || store.replication().writerRole() != EndpointRole.PRIMARY;
        }

        @Override
        public void dialled(String peer) {
            LiveRooms rooms = liveRooms;
            LinkPeer p = link.peer(peer);
            if (rooms == null || p == null) {
                return;
            }
            for (Participant participant : rooms.participants()) {
                p.write(new Presence(participant.roomId(), participant.user(), true, participant.isManager(),
                        participant.viaBjoin()));
            }
            p.flush();
        }
    }
}
