package io.pchat.storage.invitation;

import static io.pchat.storage.TestStores.unique;
import static io.pchat.storage.TestStores.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.ChatStore;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;
import io.pchat.storage.room.CategorySettings;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomSpec;

class InvitationStoreTest {
    private static final TestStores stores = new TestStores();

    @AfterAll
    static void close() {
        stores.close();
    }

    private static Room room(ChatStore store) {
        String category = store.categories().create(CategorySettings.named(unique("cat"))).id();
        return store.rooms().create(RoomSpec.named(unique("room"), category));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void inviteIdsIncreasePerUserFromOne(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String ann = user("ann", "example.com");
        String bob = user("bob", "example.com");
        Room room = room(store);
        assertThat(store.invitations().latestId(ann)).isZero();
        assertThat(store.invitations().invite(ann, room.id(), bob).inviteId()).isEqualTo(1);
        assertThat(store.invitations().invite(ann, room.id(), bob).inviteId()).isEqualTo(2);
        assertThat(store.invitations().invite(bob, room.id(), ann).inviteId()).as("per user").isEqualTo(1);
        assertThat(store.invitations().latestId(ann)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void newerThanGivesTheInvitationsAfterTheLastSeenOldestFirst(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String cy = user("cy", "example.com");
        Room room = room(store);
        for (int i = 0; i < 4; i++) {
            store.invitations().invite(cy, room.id(), cy);
        }
        assertThat(store.invitations().newerThan(cy.toUpperCase(Locale.ROOT), 1, 10)).extracting(Invitation::inviteId)
                .containsExactly(2L, 3L, 4L);
        assertThat(store.invitations().newerThan(cy, 1, 2)).extracting(Invitation::inviteId).containsExactly(2L, 3L);
        assertThat(store.invitations().newerThan(cy, 4, 10)).isEmpty();
        assertThat(store.invitations().newerThan(cy, 0, 1).get(0).roomId()).isEqualTo(room.id());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void concurrentInvitationsGetDistinctIds(TestDatabases kind) throws Exception {
        ChatStore store = stores.of(kind);
        String dee = user("dee", "example.com");
        Room room = room(store);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Long>> tasks = IntStream.range(0, 12)
                    .<Callable<Long>>mapToObj(i -> () -> store.invitations().invite(dee, room.id(), dee).inviteId()).toList();
            List<Long> ids = pool.invokeAll(tasks).stream().map(InvitationStoreTest::get).sorted().toList();
            assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(i -> (long) i).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anInvitationNeedsARoom(TestDatabases kind) {
        assertThatThrownBy(() -> stores.of(kind).invitations().invite("sip:e@example.com", "no-such-room", "sip:e@example.com"))
                .isInstanceOf(NotFoundException.class);
    }

    private static long get(Future<Long> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
