package io.pchat.server.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.ssl.SslContext;
import io.pchat.lifecycle.AbstractLifeCycle;
import io.pchat.server.chat.ChatService;
import io.pchat.server.chat.MessageSequencer;
import io.pchat.server.chat.NodePlacement;
import io.pchat.server.room.LiveRooms;
import io.pchat.server.room.Participant;
import io.pchat.server.sip.SessionAdmission;
import io.pchat.storage.ChatStore;
import io.pchat.storage.FencedWriteException;
import io.pchat.storage.StorageException;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.log.DurableMessages;
import io.pchat.storage.pool.EndpointProbe;
import io.pchat.storage.pool.LeaseTable;
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
    private final ScheduledThreadPoolExecutor thread;
    private final ScheduledThreadPoolExecutor retries;
    private final ScheduledThreadPoolExecutor prober;
    private final ScheduledThreadPoolExecutor checks;
    private final RoomOwnership ownership;
    private final PoolAdmission admission;
    /** An extra heartbeat is scheduled while the writer is silent (pool thread only). */
    private boolean quickBeatPending;
    private volatile EndpointProbe latestMirror;
    private volatile EndpointProbe latestBackup;
    /** Every configured endpoint as the probe thread last saw it, and when: what {@code pool show} reports. */
    private volatile Probes latestProbes = new Probes(List.of(), Instant.EPOCH);
    /** Set by {@link #doStart} before the link starts; read on link event loops and by callers of {@link #sequencer}. */
    private volatile NodeLink link;
    private volatile RemoteFanOut remote;
    /** Set by {@link #doStart} before the link starts, like {@link #link}. */
    private volatile PoolSequencer sequencer;
    private final FramesFromPeers frames;
    private volatile Consumer<String> drain = reason -> { };
    /** Every decision of the heartbeat, and the state they rest on (pool thread; see its invariant). */
    private final PoolController controller;

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
        this.controller = new PoolController(settings, self);
        this.frames = new FramesFromPeers(ownership, roster, store.replication(), checks, () -> sequencer, () -> link);
        this.admission = new PoolAdmission(settings, self, ownership::view, controller::viewFresh);
        ownership.leaseCheck(() -> controller.leaseLive(clock.instant()));
    }

    private static ScheduledThreadPoolExecutor daemonScheduler(String name) {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
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

    /**
     * The copies of this node's durable messages for the other nodes: a listener of the message log,
     * added after the local fan-out.
     */
    public DurableMessages remoteFanOut() {
        return batch -> {
            RemoteFanOut r = remote;
            if (r != null) {
                r.durable(batch);
            }
        };
    }

    /** Forwarded posts are checked as the chat layer checks its own (sizes, the author's rights). Before {@link #start()}. */
    public void checkForwardedPosts(int messageSizeLimit, int storySizeLimit) {
        frames.checkForwardedPosts(new ForwardedPostCheck(store, messageSizeLimit, storySizeLimit));
    }

    /**
     * Connects the chat layer: its fan-out takes the copies from owners, its joins and parts are
     * announced to the other nodes, theirs reach its join replies and notices; and what ends every
     * dialog when this node drains. Before {@link #start()}.
     */
    public void attach(ChatService chat, Consumer<String> endAllDialogs) {
        LiveRooms rooms = chat.liveRooms();
        frames.attach(chat);
        this.drain = endAllDialogs;
        rooms.elsewhere(roster::usersIn);
        rooms.listen(new LiveRooms.Listener() {
            @Override
            public void joined(Participant p) {
                frames.announce(p, true);
            }

            @Override
            public void left(Participant p) {
                frames.announce(p, false);
            }
        });
    }

    @Override
    protected void doStart() throws Exception {
        link = new NodeLink(self, settings, frames, () -> ownership.view().epoch(), serverTls, clientTls);
        ownership.peers((peer, roomId) -> {
            LinkPeer p = link.peer(peer);
            return p == null ? CompletableFuture.completedFuture(false) : p.acquire(roomId);
        });
        sequencer = new PoolSequencer(ownership, store.messageLog(), link, retries, ROUTE_TIMEOUT_MILLIS);
        remote = new RemoteFanOut(link, roster);
        link.start();
        try {
            thread.submit(this::beat).get(); // the first view before sessions are taken
        } catch (ExecutionException e) {
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
            if (controller.everRenewed()) {
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
        if (controller.writerFailing() && !quickBeatPending) {
            // while the writer is silent, look four times as often: a takeover or a move is seen that much sooner
            quickBeatPending = true;
            try {
                thread.schedule(() -> {
                    quickBeatPending = false;
                    beat();
                }, Math.max(10, settings.heartbeat().toMillis() / 4), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                quickBeatPending = false; // stopping
            }
        }
    }

    /**
     * One heartbeat: observe (read the pool record, probe, read the leases, ask the peers), let the
     * {@link PoolController} decide, do what it says. Every decision is the controller's; this
     * method only performs I/O and logs.
     */
    private void beatOnce() {
        Instant now = clock.instant();
        PoolView before = ownership.view();
        PoolRecord record;
        try {
            record = store.pool().read();
            controller.writerAnswered(now);
            if (record.state() == PoolState.RETIRED) {
                findWriter(record.epoch(), PoolController.Silence.NONE);
                record = store.pool().read();
            }
        } catch (StorageException e) {
            boolean refused = store.endpoints().writer().refusesConnections();
            PoolController.Silence silence = controller.writerSilent(clock.instant(), refused);
            if (silence.firstBeat()) {
                log.warn("the writing database ({}) does not answer{}: {}", store.endpoints().writer().name(),
                        refused ? " and refuses connections (its server is not running)" : "", e.getMessage());
            }
            findWriter(-1, silence);
            publish(before, controller.viewWithoutWriter(before, store.replication().writerRole(), now, clock.instant()));
            return;
        }
        Optional<EndpointProbe> moved = controller.movedWithoutUs(record, store.replication().writerRole(), latestBackup,
                latestMirror);
        if (moved.isPresent()) {
            EndpointProbe target = moved.get();
            log.warn("the pool moved to {} at epoch {} while this node wrote to {} (epoch {}): following", target.name(),
                    target.epoch(), store.endpoints().writer().name(), record.epoch());
            latestBackup = null;
            latestMirror = null;
            store.replication().follow(target.role());
            record = store.pool().read();
        }
        Optional<List<String>> first = controller.firstActiveNodes(record);
        if (first.isPresent()) {
            try {
                store.pool().addActiveNodes(first.get());
                record = store.pool().read();
                log.warn("the pool had no active node: {} ({}) made active (change with 'pchat admin pool active set')",
                        first.get(), settings.members().get(0).dataCenter());
            } catch (StorageException e) {
                log.warn("could not set the first active nodes: {}", e.getMessage());
            }
        }
        if (controller.shouldRenew(record)) {
            Instant renewing = clock.instant(); // the lease counts from before the renewal was sent
            try {
                store.pool().renew(self.id(), self.dataCenter(), record.epoch(), settings.leaseExpiry());
                controller.renewed(renewing);
            } catch (FencedWriteException e) {
                log.warn("lease not renewed: {}", e.getMessage());
            } catch (StorageException e) {
                log.warn("lease not renewed: {}", e.getMessage());
                if (store.replication().mode() == ReplicationMode.EXTERNAL) {
                    findWriter(-1, PoolController.Silence.NONE); // reads work, writes do not: a standby may have been promoted
                }
            }
        }
        LeaseTable leases;
        try {
            leases = store.pool().leaseTable();
        } catch (StorageException e) {
            leases = null; // the ends last read hold
        }
        PoolView view = controller.view(record, leases, store.replication().writerRole(), now, clock.instant());
        if (controller.metadataChanged(record.metadataVersion())) {
            store.invalidateCaches(); // another node may have changed rooms, categories or users
        }
        publish(before, view);
    }

    private void publish(PoolView before, PoolView view) {
        ownership.update(view);
        if (PoolController.worthLogging(before, view)) {
            log.info("pool view: {}", describe(view));
        }
        controller.published(before, view).ifPresent(reason -> {
            log.warn("this node is no longer active ({}): ending its dialogs in {}", reason, settings.drainPeriod());
            thread.schedule(() -> {
                if (controller.drainDue(ownership.view())) {
                    drain.accept("pool: " + reason);
                }
            }, settings.drainPeriod().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /**
     * The writer is retired ({@code retiredAt}: the epoch it was retired at, else -1) or silent:
     * probe the other endpoints and do what the controller chooses (follow one, or confirm a mirror
     * takeover with the peers and promote).
     */
    private void findWriter(long retiredAt, PoolController.Silence silence) {
        boolean external = store.replication().mode() == ReplicationMode.EXTERNAL;
        EndpointRole current = store.replication().writerRole();
        List<EndpointProbe> probes = new ArrayList<>(); // the writer itself was just found wanting: not again
        for (EndpointRole role : EndpointRole.values()) {
            if (role != current) {
                store.pool().probe(role, external).ifPresent(probes::add);
            }
        }
        long known = ownership.view().epoch();
        PoolController.Replicator replicator = !external ? PoolController.Replicator.PCHAT
                : store.replication().promotesStandby() ? PoolController.Replicator.ENGINE_PCHAT_PROMOTES
                : PoolController.Replicator.ENGINE;
        PoolController.WriterChoice choice = controller.findWriter(retiredAt, silence, current, replicator, probes, known);
        if (choice instanceof PoolController.WriterChoice.Follow follow) {
            EndpointProbe target = follow.target();
            log.warn("the pool writes to {} now (epoch {}, {}): following", target.name(), target.epoch(), target.state());
            store.replication().follow(target.role());
            controller.writerMoved();
        } else if (choice instanceof PoolController.WriterChoice.ConfirmPeers confirm) {
            PoolController.Takeover takeover = controller.takeover(confirm, askPeers(confirm.peers()));
            if (takeover instanceof PoolController.Takeover.Promote promote) {
                promoteMirror(promote.unreachableFor(), known);
            } else if (takeover instanceof PoolController.Takeover.Wait wait) {
                log.info("mirror takeover waits: {} is not reachable over the link; its lease runs out first", wait.peer());
            } else if (takeover instanceof PoolController.Takeover.HoldBack held && held.firstTime()) {
                log.warn("mirror takeover held back: {}'s copies to the mirror are behind (or it did not answer);"
                        + " promoting the mirror would lose what it acknowledged. Bring the primary back, or fail over",
                        held.peer());
            }
        }
    }

    /** Each peer's answer about its mirror copies, asked over the link in order, stopping at the first that is not in step. */
    private Map<String, PoolController.PeerAnswer> askPeers(List<String> peers) {
        Map<String, PoolController.PeerAnswer> answers = new HashMap<>();
        for (String id : peers) {
            LinkPeer peer = link.peer(id);
            PoolController.PeerAnswer answer;
            if (peer == null || !peer.connected()) {
                answer = PoolController.PeerAnswer.UNREACHABLE;
            } else {
                try {
                    answer = peer.mirrorCheck().get(2, TimeUnit.SECONDS) ? PoolController.PeerAnswer.IN_STEP
                            : PoolController.PeerAnswer.BEHIND;
                } catch (Exception e) {
                    answer = PoolController.PeerAnswer.BEHIND;
                }
            }
            answers.put(id, answer);
            if (answer == PoolController.PeerAnswer.BEHIND) {
                break; // the takeover is held back whatever the others say
            }
        }
        return answers;
    }

    private void promoteMirror(Duration unreachableFor, long known) {
        try {
            long epoch = store.replication().mode() == ReplicationMode.EXTERNAL
                    ? store.replication().promoteStandby(EndpointRole.MIRROR) // pg_promote: the engine holds every commit
                    : store.replication().promoteMirror();
            log.warn("mirror takeover: the primary was unreachable for {} ms; the mirror writes at epoch {}",
                    unreachableFor.toMillis(), epoch);
            controller.writerMoved();
        } catch (StorageException e) {
            log.warn("mirror takeover not done: {}", e.getMessage());
            // another node may have won the race: follow it now rather than a heartbeat later
            controller.promotedByAnother(store.pool().probe(EndpointRole.MIRROR), known).ifPresent(p -> {
                log.warn("the mirror was promoted by another node (epoch {}): following", p.epoch());
                store.replication().follow(EndpointRole.MIRROR);
                controller.writerMoved();
            });
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

    private String describe(PoolView v) {
        return "epoch " + v.epoch() + ", " + v.state() + ", writer " + v.writer() + ", active list " + v.activeList()
                + ", live active " + v.liveActive() + ", this node " + (v.selfActive() ? "ACTIVE" : "IDLE");
    }

    /** Session admission: active nodes take sessions; others redirect (see {@link PoolAdmission}). */
    public SessionAdmission admission() {
        return admission.admission();
    }

    /** {@code cmd:requri}: see {@link PoolAdmission#placement()}. */
    public NodePlacement placement() {
        return admission.placement();
    }
}
