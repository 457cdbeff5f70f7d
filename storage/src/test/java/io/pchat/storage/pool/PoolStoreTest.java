package io.pchat.storage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.ChatStore;
import io.pchat.storage.FencedWriteException;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;

/** Each test its own database: they change the pool record. */
class PoolStoreTest {
    private static final Duration TTL = Duration.ofSeconds(3);

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aNewPoolIsNormalAtEpochOneWithNoActiveNodes(TestDatabases kind) {
        try (ChatStore store = TestStores.fresh(kind, new PoolEpoch(1), new TestStores.TestClock(Instant.now()))) {
            PoolRecord record = store.pool().read();
            assertThat(record.state()).isEqualTo(PoolState.NORMAL);
            assertThat(record.epoch()).isEqualTo(1);
            assertThat(record.activeNodes()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void activeNodesAreReplacedAddedAndRemovedAndCountAsMetadataChanges(TestDatabases kind) {
        try (ChatStore store = TestStores.fresh(kind, new PoolEpoch(1), new TestStores.TestClock(Instant.now()))) {
            long version = store.pool().read().metadataVersion();
            assertThat(store.pool().setActiveNodes(List.of("n2", "n1"))).containsExactly("n1", "n2");
            assertThat(store.pool().addActiveNodes(List.of("n3", "n1"))).containsExactly("n1", "n2", "n3");
            assertThat(store.pool().removeActiveNodes(List.of("n1"))).containsExactly("n2", "n3");
            assertThat(store.pool().setActiveNodes(List.of("n4"))).containsExactly("n4");
            PoolRecord record = store.pool().read();
            assertThat(record.activeNodes()).containsExactly("n4");
            assertThat(record.metadataVersion()).isEqualTo(version + 4);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aStateChangeRaisesTheEpochOnlyFromTheExpectedOne(TestDatabases kind) {
        PoolEpoch epoch = new PoolEpoch(1);
        try (ChatStore store = TestStores.fresh(kind, epoch, new TestStores.TestClock(Instant.now()))) {
            store.pool().setActiveNodes(List.of("dc1-a"));
            assertThat(store.pool().changeState(1, PoolState.FAILED_OVER, List.of("dc2-a", "dc2-b"))).isEqualTo(2);
            assertThat(epoch.current()).as("this node follows").isEqualTo(2);
            PoolRecord record = store.pool().read();
            assertThat(record.state()).isEqualTo(PoolState.FAILED_OVER);
            assertThat(record.epoch()).isEqualTo(2);
            assertThat(record.activeNodes()).containsExactly("dc2-a", "dc2-b");

            assertThatThrownBy(() -> store.pool().changeState(1, PoolState.NORMAL))
                    .isInstanceOfSatisfying(FencedWriteException.class, e -> assertThat(e.storeEpoch()).isEqualTo(2));
            assertThat(store.pool().read().state()).isEqualTo(PoolState.FAILED_OVER);
            assertThat(store.pool().changeState(2, PoolState.NORMAL)).isEqualTo(3);
            assertThat(store.pool().read().activeNodes()).as("kept when not given").containsExactly("dc2-a", "dc2-b");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void leasesAreRenewedLiveUntilTheyExpireByTheDatabasesClockAndAreNotMetadataChanges(TestDatabases kind) {
        // the node's clock is a fixed instant long ago: leases follow the database's clock regardless
        TestStores.TestClock clock = new TestStores.TestClock(Instant.parse("2026-11-26T09:00:00Z"));
        try (ChatStore store = TestStores.fresh(kind, new PoolEpoch(1), clock)) {
            long version = store.pool().read().metadataVersion();
            Instant before = Instant.now().minusSeconds(2); // this machine is the database's too
            NodeLease n1 = store.pool().renew("n1", "dc1", 1, TTL);
            store.pool().renew("n2", "dc2", 1, Duration.ofMillis(600));
            assertThat(n1.renewedAt()).isBetween(before, Instant.now().plusSeconds(2));
            assertThat(Duration.between(n1.renewedAt(), n1.expiresAt())).isEqualTo(TTL);

            LeaseTable table = store.pool().leaseTable();
            assertThat(table.live()).extracting(NodeLease::nodeId).containsExactly("n1", "n2");
            assertThat(table.live().get(0)).isEqualTo(n1);
            assertThat(table.remaining(table.live().get(1))).isPositive().isLessThanOrEqualTo(Duration.ofMillis(600));

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(store.pool().liveLeases()).extracting(NodeLease::nodeId).as("n2 expired").containsExactly("n1"));
            assertThat(store.pool().expire("n1")).isTrue();
            assertThat(store.pool().liveLeases()).isEmpty();
            assertThat(store.pool().read().metadataVersion()).isEqualTo(version);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void nodesWhoseClocksDisagreeByMoreThanTheLeaseExpirySeeEachOthersLeasesAsTheDatabaseDoes(TestDatabases kind) {
        EndpointConfig database = kind.fresh();
        Duration skew = TTL.multipliedBy(20); // a minute each way: far beyond the lease expiry
        Clock behind = Clock.offset(Clock.systemUTC(), skew.negated());
        Clock ahead = Clock.offset(Clock.systemUTC(), skew);
        try (ChatStore slow = ChatStore.open(StorageConfig.builder().primary(database).build(), new PoolEpoch(1), behind);
                ChatStore fast = ChatStore.open(StorageConfig.builder().primary(database).build(), new PoolEpoch(1), ahead)) {
            slow.pool().renew("slow", "dc1", 1, TTL);
            fast.pool().renew("fast", "dc1", 1, Duration.ofMillis(600));

            // each sees the other's lease live, with at most its expiry left, whatever its own clock says
            for (ChatStore reader : List.of(slow, fast)) {
                LeaseTable table = reader.pool().leaseTable();
                assertThat(table.live()).extracting(NodeLease::nodeId).containsExactly("fast", "slow");
                assertThat(table.live()).allSatisfy(lease -> assertThat(table.remaining(lease)).isPositive()
                        .isLessThanOrEqualTo(TTL));
            }
            // the fast node stops renewing: the slow one sees its lease end after its expiry, not a minute later
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(slow.pool().liveLeases()).extracting(NodeLease::nodeId).containsExactly("slow"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aNodeCutOffByAFailoverCannotRenewItsLease(TestDatabases kind) {
        try (ChatStore store = TestStores.fresh(kind, new PoolEpoch(1), new TestStores.TestClock(Instant.now()))) {
            store.pool().changeState(1, PoolState.FAILED_OVER);
            assertThatThrownBy(() -> store.pool().renew("old", "dc1", 1, TTL)).isInstanceOf(FencedWriteException.class);
            assertThat(store.pool().liveLeases()).isEmpty();
        }
    }
}
