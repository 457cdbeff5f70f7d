package io.pchat.server.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.pool.EndpointProbe;
import io.pchat.storage.pool.LeaseTable;
import io.pchat.storage.pool.NodeLease;
import io.pchat.storage.pool.PoolRecord;
import io.pchat.storage.pool.PoolState;

/**
 * The pool's decisions for one node (docs/pool.md "The heartbeat"): told what each heartbeat
 * observed (the pool record or the writer's silence, the other endpoints' probes, the live
 * leases, the peers' answers about the mirror, the time), it says what to do: follow another
 * endpoint, take the mirror over, wait or hold the takeover back, renew the lease, set the first
 * active nodes, invalidate caches, publish a view, drain the node. {@link ChatPool} performs those
 * actions; this class does no I/O, reads no clock and starts no thread, so every case is tested
 * in virtual time by handing it instants.
 *
 * <p>Invariant: all decision state lives here and is changed only by the pool thread (the one
 * that runs the heartbeat). The fields other threads read ({@link #viewFresh}, {@link
 * #lastRenewStart}, {@link #leasedWhenLastRead}) are volatile and only ever replaced whole.
 */
final class PoolController {
    private final PoolSettings settings;
    private final PoolMember self;

    /** When the writer last answered the heartbeat: a takeover counts its unreachability from there. */
    private Instant writerAnsweredAt;
    /** When the heartbeat first found the writer not answering (null while it answers). */
    private Instant writerFailingSince;
    /** When the last successful renewal was sent: this node's lease is live, by its own clock, until then + expiry. */
    private volatile Instant lastRenewStart;
    /** When each node's lease ends, as last read: a view made while the writer is gone uses it. */
    private Map<String, Instant> leaseEnds = Map.of();
    /** The nodes with a lease at the last heartbeat that read the pool record: who may have acknowledged posts. */
    private volatile Set<String> leasedWhenLastRead = Set.of();
    /** Whether the last heartbeat read the pool record: an idle node redirects only on what it knows now. */
    private volatile boolean viewFresh;
    private long metadataVersion = -1;
    private boolean draining;
    private boolean takeoverHeldBack;

    PoolController(PoolSettings settings, PoolMember self) {
        this.settings = settings;
        this.self = self;
    }

    // ---- the writer: answered, silent, followed, taken over

    /**
     * How long the writer has been silent: from its last answer, and from the first heartbeat that
     * found it gone; {@code refused} when the latest check found it refusing connections (its
     * server process is gone, not merely slow or cut off).
     */
    record Silence(Duration unreachableFor, Duration failingFor, boolean firstBeat, boolean refused) {
        static final Silence NONE = new Silence(Duration.ZERO, Duration.ZERO, false, false);
    }

    /** The heartbeat read the pool record from the writer at {@code now}. */
    void writerAnswered(Instant now) {
        writerFailingSince = null;
        writerAnsweredAt = now;
    }

    /**
     * The heartbeat could not read the pool record; the failure was seen at {@code failedAt},
     * {@code refused} when the writer refuses connections.
     */
    Silence writerSilent(Instant failedAt, boolean refused) {
        boolean first = writerFailingSince == null;
        if (first) {
            writerFailingSince = failedAt;
        }
        Instant lastAnswer = writerAnsweredAt != null && writerAnsweredAt.isBefore(writerFailingSince) ? writerAnsweredAt
                : writerFailingSince;
        return new Silence(Duration.between(lastAnswer, failedAt), Duration.between(writerFailingSince, failedAt), first,
                refused);
    }

    /** Whether the last heartbeat found the writer not answering (then the heartbeat comes sooner). */
    boolean writerFailing() {
        return writerFailingSince != null;
    }

    /** This node now writes to another endpoint (followed or promoted): the silence of the old one is over. */
    void writerMoved() {
        writerFailingSince = null;
    }

    /** What a search for the writer concluded. */
    sealed interface WriterChoice {
        /** Another endpoint is where the pool writes now: follow it. */
        record Follow(EndpointProbe target) implements WriterChoice {
        }

        /** The primary is gone long enough and the mirror is usable: ask these peers whether their copies are in step. */
        record ConfirmPeers(List<String> peers, Silence silence) implements WriterChoice {
        }

        /** Nothing to do (yet): keep the current writer. */
        record Stay(String why) implements WriterChoice {
        }
    }

    /** Who replicates, and so who may make the mirror the writer. */
    enum Replicator {
        /** pchat copies (built-in replication): it promotes the mirror it kept in step. */
        PCHAT,
        /** The database replicates and promotes (or an operator, or a failover manager): pchat follows. */
        ENGINE,
        /** The database replicates, its mirror a synchronous standby pchat may promote (PostgreSQL). */
        ENGINE_PCHAT_PROMOTES
    }

    /**
     * The writer is retired ({@code retiredAt}: the epoch it was retired at, else -1) or silent:
     * follow the endpoint the pool moved to (built-in replication: one that answers, is not
     * retired, and has an epoch above {@code knownEpoch}, or at least the retired writer's;
     * external: one that takes writes), or, unless the engine alone promotes, when the primary has
     * been unreachable for {@code takeoverAfter} (or {@code takeoverAfterRefused} when it refuses
     * connections: its server is gone), no failover happened and the mirror is usable, go on to
     * confirm the takeover with the peers.
     *
     * @param probes the other endpoints, as probed just now (not the current writer)
     */
    WriterChoice findWriter(long retiredAt, Silence silence, EndpointRole current, Replicator replicator,
            List<EndpointProbe> probes, long knownEpoch) {
        boolean external = replicator != Replicator.PCHAT;
        Optional<EndpointProbe> moved = probes.stream()
                .filter(p -> p.role() != current && p.usable())
                .filter(p -> external ? p.acceptsWrites() : retiredAt >= 0 ? p.epoch() >= retiredAt : p.epoch() > knownEpoch)
                .max(Comparator.comparingLong(EndpointProbe::epoch));
        if (moved.isPresent()) {
            return new WriterChoice.Follow(moved.get());
        }
        if (retiredAt >= 0) {
            return new WriterChoice.Stay("the writer is retired and no endpoint has the pool at epoch " + retiredAt + " yet");
        }
        if (replicator == Replicator.ENGINE) {
            return new WriterChoice.Stay("no endpoint takes writes (the replication engine promotes, not pchat)");
        }
        if (current != EndpointRole.PRIMARY) {
            return new WriterChoice.Stay("only a primary's loss is taken over by the mirror");
        }
        if (probes.stream().anyMatch(p -> p.role() == EndpointRole.BACKUP && p.reachable() && p.epoch() > knownEpoch)) {
            return new WriterChoice.Stay("the pool failed over to the backup");
        }
        Duration wait = silence.refused() ? settings.takeoverAfterRefused() : settings.takeoverAfter();
        if (silence.unreachableFor().compareTo(wait) < 0) {
            return new WriterChoice.Stay("the primary has been unreachable for " + silence.unreachableFor().toMillis()
                    + " ms, less than " + (silence.refused() ? "takeoverAfterRefused (it refuses connections)"
                    : "takeoverAfter"));
        }
        if (probes.stream().noneMatch(p -> p.role() == EndpointRole.MIRROR && p.usable())) {
            return new WriterChoice.Stay("the mirror is not usable");
        }
        // everyone leased when the primary was last read: a lease that ran out since does not make its acknowledgements safe
        List<String> others = leasedWhenLastRead.stream().filter(id -> !id.equals(self.id())).sorted().toList();
        return new WriterChoice.ConfirmPeers(others, silence);
    }

    /** What a peer said when asked whether its copies to the mirror are in step. */
    enum PeerAnswer {
        /** The link does not reach it. */
        UNREACHABLE,
        /** Everything it acknowledged is on the mirror (or it has no mirror, or writes to it already). */
        IN_STEP,
        /** Its copies are behind, or it did not answer in time. */
        BEHIND
    }

    /** Whether to take the mirror over, once the peers answered. */
    sealed interface Takeover {
        /** Promote the mirror now. */
        record Promote(Duration unreachableFor) implements Takeover {
        }

        /** A peer the link does not reach may still acknowledge posts until its lease runs out. */
        record Wait(String peer) implements Takeover {
        }

        /** A peer's copies are behind: promoting would lose what it acknowledged. {@code firstTime}: say so (once). */
        record HoldBack(String peer, boolean firstTime) implements Takeover {
        }
    }

    /**
     * Before a mirror takeover: every peer of {@link WriterChoice.ConfirmPeers} must be in step. A
     * peer the link does not reach is waited for until its lease has run out since the primary was
     * lost (it acknowledges nothing after that); one whose copies are behind holds the takeover back.
     *
     * @param answers each peer's answer, in the order asked; a peer missing from the map did not answer
     */
    Takeover takeover(WriterChoice.ConfirmPeers asked, Map<String, PeerAnswer> answers) {
        for (String peer : asked.peers()) {
            PeerAnswer answer = answers.getOrDefault(peer, PeerAnswer.BEHIND);
            if (answer == PeerAnswer.UNREACHABLE) {
                if (asked.silence().failingFor().compareTo(settings.leaseExpiry()) < 0) {
                    return new Takeover.Wait(peer);
                }
                continue;
            }
            if (answer == PeerAnswer.BEHIND) {
                boolean first = !takeoverHeldBack;
                takeoverHeldBack = true;
                return new Takeover.HoldBack(peer, first);
            }
        }
        takeoverHeldBack = false;
        return new Takeover.Promote(asked.silence().unreachableFor());
    }

    /** A promotion failed: follow the mirror if another node promoted it meanwhile ({@code mirror}: probed just now). */
    Optional<EndpointProbe> promotedByAnother(Optional<EndpointProbe> mirror, long knownEpoch) {
        return mirror.filter(p -> p.usable() && p.epoch() > knownEpoch);
    }

    /**
     * The pool moved without this node while its writer still answers: another node took the
     * mirror over (the mirror is at a higher epoch), or a failover happened while this node's
     * database could not be fenced (the backup is {@code FAILED_OVER} at a higher epoch). Writing
     * on would split the pool, so the node follows the returned endpoint.
     *
     * @param backup the backup as last probed while this node did not write to it, or null
     * @param mirror the mirror as last probed while this node wrote to the primary, or null
     */
    Optional<EndpointProbe> movedWithoutUs(PoolRecord record, EndpointRole writer, EndpointProbe backup,
            EndpointProbe mirror) {
        if (writer != EndpointRole.BACKUP && backup != null && backup.usable() && backup.state() == PoolState.FAILED_OVER
                && backup.epoch() > record.epoch()) {
            return Optional.of(backup);
        }
        if (writer == EndpointRole.PRIMARY && mirror != null && mirror.usable() && mirror.epoch() > record.epoch()) {
            return Optional.of(mirror);
        }
        return Optional.empty();
    }

    // ---- membership: the first active nodes, the lease

    /** A new pool (no active node, NORMAL): the first data center's nodes, to be made active. */
    Optional<List<String>> firstActiveNodes(PoolRecord record) {
        if (!record.activeNodes().isEmpty() || record.state() != PoolState.NORMAL) {
            return Optional.empty();
        }
        String home = settings.members().get(0).dataCenter();
        return Optional.of(settings.inDataCenter(home).stream().map(PoolMember::id).toList());
    }

    /** Whether this node renews its lease at this record: it is in the active list and the writer is not retired. */
    boolean shouldRenew(PoolRecord record) {
        return record.activeNodes().contains(self.id()) && record.state() != PoolState.RETIRED;
    }

    /** A renewal sent at {@code sentAt} succeeded: the lease counts from before it was sent. */
    void renewed(Instant sentAt) {
        lastRenewStart = sentAt;
    }

    /** Whether this node ever renewed its lease (then it ends the lease when it stops). */
    boolean everRenewed() {
        return lastRenewStart != null;
    }

    /** Whether this node's lease is live at {@code now} by its own clock. Any thread. */
    boolean leaseLive(Instant now) {
        Instant renewed = lastRenewStart;
        return renewed != null && now.isBefore(renewed.plus(settings.leaseExpiry()));
    }

    // ---- the view

    /**
     * The view after a heartbeat that read {@code record}: the live leases as read ({@code leases},
     * or null when they could not be read: then the ends last read hold), this node counted as
     * leased only while its own lease is live at {@code checkedAt}.
     *
     * <p>Lease times are the database's clock; this node's clock may be skewed from it by any
     * amount. So a lease's end is never compared with this node's time: what was left of it when
     * read ({@link LeaseTable#remaining}) is counted from {@code checkedAt} on this node's clock.
     *
     * @param readAt when the heartbeat began (the view's time)
     */
    PoolView view(PoolRecord record, LeaseTable leases, EndpointRole writer, Instant readAt, Instant checkedAt) {
        Set<String> leased = new HashSet<>();
        if (leases != null) {
            Map<String, Instant> ends = new HashMap<>();
            for (NodeLease lease : leases.live()) {
                leased.add(lease.nodeId());
                ends.put(lease.nodeId(), checkedAt.plus(leases.remaining(lease)));
            }
            leaseEnds = ends;
        } else {
            leased.addAll(leasedAt(checkedAt));
        }
        boolean selfLive = record.activeNodes().contains(self.id()) && leaseLive(checkedAt);
        if (selfLive) {
            leased.add(self.id());
        } else {
            leased.remove(self.id());
        }
        List<String> liveActive = record.activeNodes().stream().filter(leased::contains).toList();
        viewFresh = true;
        leasedWhenLastRead = Set.copyOf(leased);
        return new PoolView(record.epoch(), record.state(), record.activeNodes(), leased, liveActive, selfLive, writer,
                readAt);
    }

    /**
     * The view after a heartbeat that could not read the pool record: what was read of the
     * others' leases still holds until they end, not after; this node stays active only while its
     * own lease is live.
     */
    PoolView viewWithoutWriter(PoolView before, EndpointRole writer, Instant readAt, Instant checkedAt) {
        Set<String> stillLeased = leasedAt(checkedAt);
        stillLeased.remove(self.id());
        boolean selfLive = before.selfActive() && leaseLive(checkedAt);
        if (selfLive) {
            stillLeased.add(self.id());
        }
        viewFresh = false;
        return new PoolView(before.epoch(), before.state(), before.activeList(), stillLeased,
                before.activeList().stream().filter(stillLeased::contains).toList(), selfLive, writer, readAt);
    }

    /** Whether another node may have changed rooms, categories or users since the last record read (then caches go). */
    boolean metadataChanged(long version) {
        boolean changed = metadataVersion >= 0 && version != metadataVersion;
        metadataVersion = version;
        return changed;
    }

    /** Whether the last heartbeat read the pool record. Any thread. */
    boolean viewFresh() {
        return viewFresh;
    }

    private Set<String> leasedAt(Instant at) {
        Set<String> leased = new HashSet<>();
        leaseEnds.forEach((id, end) -> {
            if (end.isAfter(at)) {
                leased.add(id);
            }
        });
        return leased;
    }

    // ---- publishing and draining

    /** Whether the view differs from the last one in what an operator wants logged. */
    static boolean worthLogging(PoolView before, PoolView view) {
        return !before.liveActive().equals(view.liveActive()) || before.selfActive() != view.selfActive()
                || before.epoch() != view.epoch() || before.state() != view.state();
    }

    /**
     * The view {@code view} replaces {@code before}: failover and failback move the sessions, so a
     * node left out of the new state drains (the reason is returned, once, to schedule the drain
     * after {@code drainPeriod}). A lease lapse (database trouble) or an admin's change of the
     * active list keeps the sessions: posts get 503 meanwhile.
     */
    Optional<String> published(PoolView before, PoolView view) {
        boolean stateChanged = before.epoch() != 0 && (before.state() != view.state() || before.writer() != view.writer());
        boolean leftOut = !view.activeList().contains(self.id()) || view.state() == PoolState.RETIRED;
        Optional<String> drain = Optional.empty();
        if (stateChanged && !view.selfActive() && leftOut && !draining) {
            draining = true;
            drain = Optional.of("the pool changed state to " + view.state() + " without this node");
        }
        if (view.selfActive()) {
            draining = false;
        }
        return drain;
    }

    /** When a scheduled drain comes due: drain only if the node is still draining and still not active. */
    boolean drainDue(PoolView current) {
        return draining && !current.selfActive();
    }
}
