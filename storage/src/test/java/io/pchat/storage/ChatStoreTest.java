package io.pchat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.compliance.ComplianceEvent;
import io.pchat.storage.compliance.ComplianceKind;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.file.FileDirection;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.pool.PoolState;
import io.pchat.storage.preference.PreferenceWrite;
import io.pchat.storage.room.CategorySettings;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomSpec;

/** Two nodes on one database: after one fails the pool over, the other's writes are fenced off. */
class ChatStoreTest {
    private static final String ANN = "sip:ann@example.com";

    private static ChatStore node(EndpointConfig database, PoolEpoch epoch) {
        return ChatStore.open(StorageConfig.builder().primary(database).build(), epoch);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void everyWriteUnderAnOldEpochIsRefusedAndLeavesNothing(TestDatabases kind) throws Exception {
        EndpointConfig database = kind.fresh();
        PoolEpoch staleEpoch = new PoolEpoch(1);
        try (ChatStore stale = node(database, staleEpoch); ChatStore current = node(database, new PoolEpoch(1))) {
            String category = stale.categories().ensureRoot("example.com").id();
            Room room = stale.rooms().create(RoomSpec.named("Before", category));
            Instant start = Instant.now().minusSeconds(1);

            current.pool().changeState(1, PoolState.FAILED_OVER);

            List<ThrowingCallable> writes = List.of(
                    () -> stale.rooms().create(RoomSpec.named("After", category)),
                    () -> stale.rooms().update(room.id(), room.spec().withTopic("changed")),
                    () -> stale.rooms().addRole(room.id(), RoomRole.MEMBER, ANN, ANN),
                    () -> stale.categories().create(CategorySettings.named("After")),
                    () -> stale.users().add(ANN, "Ann", true),
                    () -> stale.preferences().put(ANN, "p", 0, new byte[] {1}),
                    () -> stale.files().issue(FileDirection.UPLOAD, room.id(), ANN, "f", Duration.ofMinutes(1)),
                    () -> stale.files().recordUpload(room.id(), "f.txt", 1, ANN),
                    () -> stale.compliance().record(ComplianceEvent.inRoom(Instant.now(), ComplianceKind.JOIN, ANN, room.id())),
                    () -> stale.invitations().invite(ANN, room.id(), ANN),
                    () -> stale.pool().renew("stale-node", "dc1", staleEpoch.current(), Duration.ofSeconds(3)));
            for (ThrowingCallable write : writes) {
                assertThatThrownBy(write).isInstanceOfSatisfying(FencedWriteException.class, e -> {
                    assertThat(e.writeEpoch()).isEqualTo(1);
                    assertThat(e.storeEpoch()).isEqualTo(2);
                });
            }

            assertThat(current.rooms().byName("After")).isEmpty();
            assertThat(current.rooms().get(room.id()).orElseThrow().topic()).isEmpty();
            assertThat(current.rooms().roles(room.id()).members()).isEmpty();
            assertThat(current.categories().list()).hasSize(1);
            assertThat(current.users().get(ANN)).isEmpty();
            assertThat(current.preferences().get(ANN, "p")).isEmpty();
            assertThat(current.files().files(room.id(), 10)).isEmpty();
            assertThat(current.invitations().newerThan(ANN, 0, 10)).isEmpty();
            assertThat(current.pool().liveLeases()).isEmpty();
            StringWriter export = new StringWriter();
            assertThat(current.compliance().export(start, Instant.now().plusSeconds(1), export)).isZero();

            stale.pool().read(); // the node learns the new epoch and may write again
            assertThat(staleEpoch.current()).isEqualTo(2);
            assertThat(stale.preferences().put(ANN, "p", 0, new byte[] {1})).isEqualTo(new PreferenceWrite.Stored(1));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anotherNodesChangeIsSeenAfterTheCachesAreDropped(TestDatabases kind) {
        EndpointConfig database = kind.fresh();
        try (ChatStore a = node(database, new PoolEpoch(1)); ChatStore b = node(database, new PoolEpoch(1))) {
            String category = a.categories().ensureRoot("example.com").id();
            Room room = a.rooms().create(RoomSpec.named("Shared", category));
            assertThat(a.access().canJoin(ANN, room.id())).isFalse();

            b.rooms().addRole(room.id(), RoomRole.MEMBER, ANN, ANN);
            long before = a.pool().read().metadataVersion();
            a.invalidateCaches();
            assertThat(a.access().canJoin(ANN, room.id())).isTrue();
            assertThat(before).isPositive();
        }
    }
}
