package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.pchat.server.pool.PoolController.PeerAnswer;
import io.pchat.server.pool.PoolController.Replicator;
import io.pchat.server.pool.PoolController.Silence;
import io.pchat.server.pool.PoolController.Takeover;
import io.pchat.server.pool.PoolController.WriterChoice;
import io.pchat.storage.db.EndpointRole;
import io.pchat.storage.pool.EndpointProbe;
import io.pchat.storage.pool.LeaseTable;
import io.pchat.storage.pool.NodeLease;
import io.pchat.storage.pool.PoolRecord;
import io.pchat.storage.pool.PoolState;

/**
 * The pool's decisions in virtual time: every instant is handed in, nothing sleeps. Timing as
 * configured here: heartbeat 1 s, lease expiry 5 s, takeover after 3 s, drain after 10 s; the
 * pool is dc1-n1 (this node), dc1-n2 and dc2-n1.
 */
class PoolControllerTest {
    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    static final PoolSettings SETTINGS = PoolSettings.single()
            .withMembers(List.of(member("dc1-n1", "dc1"), member("dc1-n2", "dc1"), member("dc2-n1", "dc2")))
            .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(10));
    static final List<String> DC1 = List.of("dc1-n1", "dc1-n2");

    final PoolController pool = new PoolController(SETTINGS, SETTINGS.member("dc1-n1").orElseThrow());

    static Instant at(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    static PoolMember member(String id, String dc) {
        InetSocketAddress any = InetSocketAddress.createUnresolved("127.0.0.1", 5060);
        return new PoolMember(id, dc, any, any);
    }

    static PoolRecord record(PoolState state, long epoch, List<String> active) {
        return new PoolRecord(state, epoch, active, 1, T0);
    }

    static NodeLease lease(String id, Instant expires) {
        return new NodeLease(id, id.substring(0, 3), 1, expires.minusSeconds(5), expires);
    }

    static EndpointProbe probe(EndpointRole role, boolean reachable, PoolState state, long epoch) {
        return new EndpointProbe(role, role.name().toLowerCase(Locale.ROOT), reachable, state, epoch, reachable, reachable ? "" : "down");
    }

    /** A heartbeat at {@code t} that read the record, renewed, and read the leases of everyone in {@code leased}. */
    PoolView beat(double t, PoolRecord record, List<String> leased) {
        pool.writerAnswered(at(t));
        if (pool.shouldRenew(record)) {
            pool.renewed(at(t));
        }
        List<NodeLease> leases = leased.stream().map(id -> lease(id, at(t + 5))).toList();
        return pool.view(record, new LeaseTable(at(t), leases), EndpointRole.PRIMARY, at(t), at(t));
    }

    @Nested
    class TheLease {
        @Test
        void isLiveForLeaseExpiryAfterTheRenewalWasSentAndNotAMomentLonger() {
            pool.renewed(at(10));
            assertThat(pool.leaseLive(at(14.999))).isTrue();
            assertThat(pool.leaseLive(at(15))).isFalse();
        }

        @Test
        void isNeverLiveBeforeAnyRenewal() {
            assertThat(pool.everRenewed()).isFalse();
            assertThat(pool.leaseLive(T0)).isFalse();
        }

        @Test
        void isRenewedOnlyByAListedNodeOfAPoolThatIsNotRetired() {
            assertThat(pool.shouldRenew(record(PoolState.NORMAL, 1, DC1))).isTrue();
            assertThat(pool.shouldRenew(record(PoolState.NORMAL, 1, List.of("dc1-n2")))).isFalse();
            assertThat(pool.shouldRenew(record(PoolState.RETIRED, 1, DC1))).isFalse();
        }

        @Test
        void thatLapsedTakesTheNodeOutOfTheLiveActiveNodesEvenWhenTheLeaseTableStillListsIt() {
            PoolRecord normal = record(PoolState.NORMAL, 1, DC1);
            assertThat(beat(0, normal, DC1).selfActive()).isTrue();
            // renewals fail from t=1 on (not renewed), the lease table read at t=6 still lists it
            PoolView view = pool.view(normal, new LeaseTable(at(6), List.of(lease("dc1-n1", at(6.5)),
                    lease("dc1-n2", at(11)))), EndpointRole.PRIMARY, at(6), at(6));
            assertThat(view.selfActive()).isFalse();
            assertThat(view.liveActive()).containsExactly("dc1-n2");
        }

        @Test
        void ofAnotherNodeRunsForWhatWasLeftOfItByTheDatabasesClockWhateverThisNodesClockSays() {
            PoolRecord normal = record(PoolState.NORMAL, 1, DC1);
            beat(0, normal, DC1);
            // the database's clock is 100 s ahead of this node's: dc1-n2's lease has 3 s left when read at t=1
            Instant databaseNow = at(101);
            PoolView view = pool.view(normal, new LeaseTable(databaseNow, List.of(lease("dc1-n2", databaseNow.plusSeconds(3)))),
                    EndpointRole.PRIMARY, at(1), at(1));
            assertThat(view.liveActive()).containsExactly("dc1-n1", "dc1-n2");
            // the writer stops answering: what was read holds for the 3 s left, counted on this node's clock
            assertThat(pool.viewWithoutWriter(view, EndpointRole.PRIMARY, at(3.9), at(3.9)).liveActive())
                    .containsExactly("dc1-n1", "dc1-n2");
            assertThat(pool.viewWithoutWriter(view, EndpointRole.PRIMARY, at(4), at(4)).liveActive())
                    .containsExactly("dc1-n1");
        }
    }

    @Test
    void aNewPoolMakesTheFirstDataCentersNodesActive() {
        assertThat(pool.firstActiveNodes(record(PoolState.NORMAL, 1, List.of()))).contains(DC1);
        assertThat(pool.firstActiveNodes(record(PoolState.NORMAL, 1, List.of("dc2-n1")))).isEmpty();
        assertThat(pool.firstActiveNodes(record(PoolState.FAILED_OVER, 2, List.of()))).isEmpty();
    }

    @Nested
    class WhileTheWriterIsSilent {
        @Test
        void unreachabilityCountsFromTheLastAnswerAndFailingFromTheFirstBeatThatFoundItGone() {
            pool.writerAnswered(at(10));
            Silence first = pool.writerSilent(at(11.2), false);
            Silence later = pool.writerSilent(at(14.2), false);
            assertThat(first.firstBeat()).isTrue();
            assertThat(later.firstBeat()).isFalse();
            assertThat(later.unreachableFor()).isEqualTo(Duration.ofMillis(4200));
            assertThat(later.failingFor()).isEqualTo(Duration.ofSeconds(3));
        }

        @Test
        void aMoveEndsTheSilence() {
            pool.writerAnswered(at(10));
            pool.writerSilent(at(11), false);
            pool.writerMoved();
            assertThat(pool.writerSilent(at(20), false).firstBeat()).isTrue();
        }

        @Test
        void theOthersStayLeasedUntilTheirLeasesAsLastReadEndAndThisNodeUntilItsOwnDoes() {
            PoolView before = beat(0, record(PoolState.NORMAL, 1, DC1), DC1);
            PoolView at4 = pool.viewWithoutWriter(before, EndpointRole.PRIMARY, at(4), at(4));
            PoolView at5 = pool.viewWithoutWriter(before, EndpointRole.PRIMARY, at(5), at(5));
            assertThat(at4.liveActive()).containsExactly("dc1-n1", "dc1-n2");
            assertThat(at5.liveActive()).isEmpty();
            assertThat(at5.selfActive()).isFalse();
            assertThat(pool.viewFresh()).isFalse();
        }
    }

    /** One row: what the other endpoints look like, and what the node does about a silent or retired writer. */
    static Stream<Arguments> writerSearches() {
        EndpointProbe mirrorUp = probe(EndpointRole.MIRROR, true, PoolState.NORMAL, 1);
        EndpointProbe mirrorPromoted = probe(EndpointRole.MIRROR, true, PoolState.NORMAL, 2);
        EndpointProbe mirrorDown = probe(EndpointRole.MIRROR, false, PoolState.NORMAL, 0);
        EndpointProbe backupIdle = probe(EndpointRole.BACKUP, true, PoolState.NORMAL, 1);
        EndpointProbe backupFailedOver = probe(EndpointRole.BACKUP, true, PoolState.FAILED_OVER, 2);
        EndpointProbe backupRetired = probe(EndpointRole.BACKUP, true, PoolState.RETIRED, 3);
        EndpointProbe primaryBack = probe(EndpointRole.PRIMARY, true, PoolState.NORMAL, 3);
        return Stream.of(
                Arguments.of("primary silent 2 s: too early for a takeover", -1L, 2, EndpointRole.PRIMARY,
                        List.of(mirrorUp, backupIdle), "Stay"),
                Arguments.of("primary silent 3 s, mirror usable: confirm with the peers", -1L, 3, EndpointRole.PRIMARY,
                        List.of(mirrorUp, backupIdle), "ConfirmPeers"),
                Arguments.of("primary silent, mirror down: no takeover", -1L, 10, EndpointRole.PRIMARY,
                        List.of(mirrorDown, backupIdle), "Stay"),
                Arguments.of("another node promoted the mirror: follow it", -1L, 1, EndpointRole.PRIMARY,
                        List.of(mirrorPromoted, backupIdle), "Follow MIRROR"),
                Arguments.of("the pool failed over: follow the backup", -1L, 1, EndpointRole.PRIMARY,
                        List.of(mirrorUp, backupFailedOver), "Follow BACKUP"),
                Arguments.of("a failover retired the backup's writer again (failback): follow the primary at the retired epoch",
                        3L, 0, EndpointRole.BACKUP, List.of(primaryBack, mirrorDown), "Follow PRIMARY"),
                Arguments.of("writer retired, nobody at that epoch yet (restart during a failover): wait", 3L, 0,
                        EndpointRole.PRIMARY, List.of(mirrorUp, backupIdle), "Stay"),
                Arguments.of("a retired endpoint is never followed", -1L, 10, EndpointRole.PRIMARY,
                        List.of(mirrorDown, backupRetired), "Stay"),
                Arguments.of("writing to the backup, it is silent: the mirror never takes over for it", -1L, 10,
                        EndpointRole.BACKUP, List.of(mirrorUp), "Stay"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writerSearches")
    void findsTheWriter(String name, long retiredAt, int silentSeconds, EndpointRole current, List<EndpointProbe> probes,
            String expected) {
        Silence silence = new Silence(Duration.ofSeconds(silentSeconds), Duration.ofSeconds(silentSeconds), false, false);
        WriterChoice choice = pool.findWriter(retiredAt, silence, current, Replicator.PCHAT, probes, 1);
        String got = choice instanceof WriterChoice.Follow f ? "Follow " + f.target().role()
                : choice.getClass().getSimpleName();
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void withAnExternalEngineOnlyAnEndpointThatTakesWritesIsFollowedAndPchatNeverPromotes() {
        EndpointProbe standbyPromoted = new EndpointProbe(EndpointRole.MIRROR, "standby", true, PoolState.NORMAL, 1, true, "");
        EndpointProbe standby = new EndpointProbe(EndpointRole.MIRROR, "standby", true, PoolState.NORMAL, 1, false, "");
        Silence aMinute = new Silence(Duration.ofMinutes(1), Duration.ofMinutes(1), false, false);
        assertThat(pool.findWriter(-1, aMinute, EndpointRole.PRIMARY, Replicator.ENGINE, List.of(standbyPromoted), 1))
                .isInstanceOf(WriterChoice.Follow.class);
        assertThat(pool.findWriter(-1, aMinute, EndpointRole.PRIMARY, Replicator.ENGINE, List.of(standby), 1))
                .isInstanceOf(WriterChoice.Stay.class);
    }

    @Test
    void aSynchronousStandbyPchatMayPromoteIsTakenOverAsABuiltInMirrorIsAfterTheSameSilenceAndPeersConfirming() {
        beat(0, record(PoolState.NORMAL, 1, DC1), List.of("dc1-n1", "dc1-n2"));
        EndpointProbe standby = new EndpointProbe(EndpointRole.MIRROR, "standby", true, PoolState.NORMAL, 1, false, "");
        assertThat(pool.findWriter(-1, pool.writerSilent(at(2), false), EndpointRole.PRIMARY,
                Replicator.ENGINE_PCHAT_PROMOTES, List.of(standby), 1)).isInstanceOf(WriterChoice.Stay.class);
        WriterChoice choice = pool.findWriter(-1, pool.writerSilent(at(3), false), EndpointRole.PRIMARY,
                Replicator.ENGINE_PCHAT_PROMOTES, List.of(standby), 1);
        assertThat(choice).isEqualTo(new WriterChoice.ConfirmPeers(List.of("dc1-n2"), pool.writerSilent(at(3), false)));
        // the engine alone promotes: however long the silence, pchat only follows
        assertThat(pool.findWriter(-1, pool.writerSilent(at(60), false), EndpointRole.PRIMARY, Replicator.ENGINE,
                List.of(standby), 1)).isInstanceOf(WriterChoice.Stay.class);
    }

    @Nested
    class TheMirrorTakeover {
        final EndpointProbe mirror = probe(EndpointRole.MIRROR, true, PoolState.NORMAL, 1);

        WriterChoice.ConfirmPeers afterSilence(double seconds) {
            beat(0, record(PoolState.NORMAL, 1, DC1), List.of("dc1-n1", "dc1-n2", "dc2-n1"));
            Silence silence = pool.writerSilent(at(seconds), false);
            return (WriterChoice.ConfirmPeers) pool.findWriter(-1, silence, EndpointRole.PRIMARY, Replicator.PCHAT, List.of(mirror), 1);
        }

        @Test
        void aPrimaryThatRefusesConnectionsIsTakenOverAfterTakeoverAfterRefusedOneThatIsSilentAfterTakeoverAfter() {
            beat(0, record(PoolState.NORMAL, 1, DC1), List.of("dc1-n1", "dc1-n2"));
            // takeoverAfter 3 s, takeoverAfterRefused 1 s (the default)
            assertThat(pool.findWriter(-1, pool.writerSilent(at(0.9), true), EndpointRole.PRIMARY, Replicator.PCHAT, List.of(mirror), 1))
                    .isInstanceOf(WriterChoice.Stay.class);
            assertThat(pool.findWriter(-1, pool.writerSilent(at(1), true), EndpointRole.PRIMARY, Replicator.PCHAT, List.of(mirror), 1))
                    .isInstanceOf(WriterChoice.ConfirmPeers.class);
            // the same silence without a refusal (slow, or cut off) waits the whole takeoverAfter
            assertThat(pool.findWriter(-1, pool.writerSilent(at(2.9), false), EndpointRole.PRIMARY, Replicator.PCHAT, List.of(mirror), 1))
                    .isInstanceOf(WriterChoice.Stay.class);
            assertThat(pool.findWriter(-1, pool.writerSilent(at(3), false), EndpointRole.PRIMARY, Replicator.PCHAT, List.of(mirror), 1))
                    .isInstanceOf(WriterChoice.ConfirmPeers.class);
        }

        @Test
        void aRefusalNeverMakesTheTakeoverWaitLongerThanSilenceWould() {
            PoolSettings quick = SETTINGS.withTiming(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(300),
                    Duration.ZERO);
            assertThat(quick.takeoverAfterRefused()).isEqualTo(Duration.ofMillis(300));
        }

        @Test
        void asksEveryOtherNodeLeasedWhenThePrimaryWasLastRead() {
            assertThat(afterSilence(3).peers()).containsExactly("dc1-n2", "dc2-n1");
        }

        @Test
        void promotesWhenEveryPeerIsInStep() {
            Takeover t = pool.takeover(afterSilence(3), Map.of("dc1-n2", PeerAnswer.IN_STEP, "dc2-n1", PeerAnswer.IN_STEP));
            assertThat(t).isEqualTo(new Takeover.Promote(Duration.ofSeconds(3)));
        }

        @Test
        void isHeldBackByAPeerWhoseCopiesAreBehindAndSaysSoOnce() {
            WriterChoice.ConfirmPeers asked = afterSilence(3);
            Map<String, PeerAnswer> behind = Map.of("dc1-n2", PeerAnswer.BEHIND);
            assertThat(pool.takeover(asked, behind)).isEqualTo(new Takeover.HoldBack("dc1-n2", true));
            assertThat(pool.takeover(asked, behind)).isEqualTo(new Takeover.HoldBack("dc1-n2", false));
            // in step again: promoted, and a later hold-back is said again
            pool.takeover(asked, Map.of("dc1-n2", PeerAnswer.IN_STEP, "dc2-n1", PeerAnswer.IN_STEP));
            assertThat(pool.takeover(asked, behind)).isEqualTo(new Takeover.HoldBack("dc1-n2", true));
        }

        @Test
        void aPeerThatDidNotAnswerCountsAsBehind() {
            assertThat(pool.takeover(afterSilence(3), Map.of())).isInstanceOf(Takeover.HoldBack.class);
        }

        @Test
        void waitsForAnUnreachablePeerUntilItsLeaseHasRunOutSinceThePrimaryWasLost() {
            Map<String, PeerAnswer> answers = Map.of("dc1-n2", PeerAnswer.UNREACHABLE, "dc2-n1", PeerAnswer.IN_STEP);
            beat(0, record(PoolState.NORMAL, 1, DC1), List.of("dc1-n1", "dc1-n2", "dc2-n1"));
            pool.writerSilent(at(1), false); // the first beat that found the primary gone
            Silence at4 = pool.writerSilent(at(4), false);
            Silence at6 = pool.writerSilent(at(6), false);
            WriterChoice.ConfirmPeers early = (WriterChoice.ConfirmPeers) pool.findWriter(-1, at4, EndpointRole.PRIMARY,
                    Replicator.PCHAT, List.of(mirror), 1);
            WriterChoice.ConfirmPeers late = (WriterChoice.ConfirmPeers) pool.findWriter(-1, at6, EndpointRole.PRIMARY,
                    Replicator.PCHAT, List.of(mirror), 1);
            assertThat(pool.takeover(early, answers)).isEqualTo(new Takeover.Wait("dc1-n2"));
            assertThat(pool.takeover(late, answers)).isInstanceOf(Takeover.Promote.class);
        }

        @Test
        void aNodeAloneLosingThePrimaryTakesOverWhenThePeersSayTheyAreInStep() {
            // The others still reach the primary and answer that their copies are in step: the cut-off
            // node promotes; the others then see the mirror ahead of their record and follow it.
            Takeover t = pool.takeover(afterSilence(3), Map.of("dc1-n2", PeerAnswer.IN_STEP, "dc2-n1", PeerAnswer.IN_STEP));
            assertThat(t).isInstanceOf(Takeover.Promote.class);
            PoolController other = new PoolController(SETTINGS, SETTINGS.member("dc1-n2").orElseThrow());
            EndpointProbe promoted = probe(EndpointRole.MIRROR, true, PoolState.NORMAL, 2);
            assertThat(other.movedWithoutUs(record(PoolState.NORMAL, 1, DC1), EndpointRole.PRIMARY, null, promoted))
                    .contains(promoted);
        }

        @Test
        void aLostRaceFollowsTheMirrorAnotherNodePromoted() {
            EndpointProbe promoted = probe(EndpointRole.MIRROR, true, PoolState.NORMAL, 2);
            assertThat(pool.promotedByAnother(Optional.of(promoted), 1)).contains(promoted);
            assertThat(pool.promotedByAnother(Optional.of(mirror), 1)).isEmpty();
            assertThat(pool.promotedByAnother(Optional.empty(), 1)).isEmpty();
        }
    }

    /** The writer answers, but the pool moved on elsewhere: follow rather than split the pool. */
    static Stream<Arguments> movesWithoutUs() {
        EndpointProbe backupFailedOver = probe(EndpointRole.BACKUP, true, PoolState.FAILED_OVER, 2);
        EndpointProbe backupNormal = probe(EndpointRole.BACKUP, true, PoolState.NORMAL, 2);
        EndpointProbe mirrorAhead = probe(EndpointRole.MIRROR, true, PoolState.NORMAL, 2);
        EndpointProbe mirrorLevel = probe(EndpointRole.MIRROR, true, PoolState.NORMAL, 1);
        return Stream.of(
                Arguments.of("a stale primary after a failover: the backup failed over at a higher epoch", EndpointRole.PRIMARY,
                        backupFailedOver, null, EndpointRole.BACKUP),
                Arguments.of("the backup at a higher epoch but not failed over: nothing", EndpointRole.PRIMARY, backupNormal,
                        null, null),
                Arguments.of("the mirror was taken over by another node", EndpointRole.PRIMARY, null, mirrorAhead,
                        EndpointRole.MIRROR),
                Arguments.of("the mirror at the same epoch: nothing", EndpointRole.PRIMARY, null, mirrorLevel, null),
                Arguments.of("writing to the mirror already: its epoch is not news", EndpointRole.MIRROR, null, mirrorAhead,
                        null),
                Arguments.of("writing to the backup: nothing to follow", EndpointRole.BACKUP, backupFailedOver, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("movesWithoutUs")
    void followsAPoolThatMovedWithoutThisNode(String name, EndpointRole writer, EndpointProbe backup, EndpointProbe mirror,
            EndpointRole expected) {
        Optional<EndpointProbe> moved = pool.movedWithoutUs(record(PoolState.NORMAL, 1, DC1), writer, backup, mirror);
        assertThat(moved.map(EndpointProbe::role).orElse(null)).isEqualTo(expected);
    }

    @Nested
    class Draining {
        final PoolView active = new PoolView(1, PoolState.NORMAL, DC1, Set.copyOf(DC1), DC1, true,
                EndpointRole.PRIMARY, at(0));

        @Test
        void aFailoverWithoutThisNodeDrainsItOnceAndOnlyIfStillInactiveWhenDue() {
            PoolView failedOver = new PoolView(2, PoolState.FAILED_OVER, List.of("dc2-n1"), Set.of("dc2-n1"),
                    List.of("dc2-n1"), false, EndpointRole.BACKUP, at(1));
            assertThat(pool.published(active, failedOver)).hasValueSatisfying(r -> assertThat(r).contains("FAILED_OVER"));
            assertThat(pool.published(failedOver, failedOver)).isEmpty(); // already draining
            assertThat(pool.drainDue(failedOver)).isTrue();
        }

        @Test
        void aFailbackThatMakesTheNodeActiveAgainCancelsTheDrain() {
            PoolView failedOver = new PoolView(2, PoolState.FAILED_OVER, List.of("dc2-n1"), Set.of("dc2-n1"),
                    List.of("dc2-n1"), false, EndpointRole.BACKUP, at(1));
            pool.published(active, failedOver);
            PoolView failedBack = new PoolView(4, PoolState.NORMAL, DC1, Set.copyOf(DC1), DC1, true,
                    EndpointRole.PRIMARY, at(5));
            assertThat(pool.published(failedOver, failedBack)).isEmpty();
            assertThat(pool.drainDue(failedBack)).isFalse();
        }

        @Test
        void aLapsedLeaseOrAnAdminsChangeOfTheActiveListKeepsTheSessions() {
            PoolView lapsed = new PoolView(1, PoolState.NORMAL, DC1, Set.of("dc1-n2"), List.of("dc1-n2"), false,
                    EndpointRole.PRIMARY, at(6));
            PoolView removed = new PoolView(1, PoolState.NORMAL, List.of("dc1-n2"), Set.copyOf(DC1),
                    List.of("dc1-n2"), false, EndpointRole.PRIMARY, at(6));
            assertThat(pool.published(active, lapsed)).isEmpty();
            assertThat(pool.published(active, removed)).isEmpty();
        }

        @Test
        void theFirstViewNeverDrains() {
            PoolView retired = new PoolView(3, PoolState.RETIRED, DC1, Set.of(), List.of(), false,
                    EndpointRole.PRIMARY, at(0));
            assertThat(pool.published(PoolView.unknown(), retired)).isEmpty();
        }
    }

    @Test
    void cachesAreInvalidatedWhenTheMetadataVersionChangesButNotAtTheFirstRead() {
        assertThat(pool.metadataChanged(4)).isFalse();
        assertThat(pool.metadataChanged(4)).isFalse();
        assertThat(pool.metadataChanged(5)).isTrue();
    }
}
