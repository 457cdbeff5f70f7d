package io.pchat.storage.room;

import static io.pchat.storage.TestStores.unique;
import static io.pchat.storage.TestStores.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.pchat.storage.ChatStore;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;

/** The rules of docs/storage.md "Access rules" on stored rooms, and the cache kept right by every kind of write. */
class RoomAccessTest {
    private static final TestStores stores = new TestStores();
    /** Per database kind: the matrix rooms by privacy, in one scoped category. */
    private static final Map<TestDatabases, Map<Privacy, Room>> matrixRooms = new ConcurrentHashMap<>();

    @AfterAll
    static void close() {
        stores.close();
    }

    private static synchronized Map<Privacy, Room> matrix(TestDatabases kind) {
        return matrixRooms.computeIfAbsent(kind, k -> {
            ChatStore store = stores.of(k);
            Category c = store.categories().create(CategorySettings.named(unique("matrix")));
            AccessMatrix.ALLOWED.forEach(p -> store.categories().addPrincipal(c.id(), CategoryPrincipalKind.ALLOWED, p));
            AccessMatrix.DENIED.forEach(p -> store.categories().addPrincipal(c.id(), CategoryPrincipalKind.DENIED, p));
            Map<Privacy, Room> rooms = new EnumMap<>(Privacy.class);
            for (Privacy privacy : Privacy.values()) {
                Room room = store.rooms().create(RoomSpec.named(unique("matrix " + privacy), c.id()).withPrivacy(privacy));
                AccessMatrix.MEMBERS.forEach(m -> store.rooms().addRole(room.id(), RoomRole.MEMBER, m, AccessMatrix.MANAGER));
                store.rooms().addRole(room.id(), RoomRole.MANAGER, AccessMatrix.MANAGER, AccessMatrix.MANAGER);
                rooms.put(privacy, room);
            }
            return rooms;
        });
    }

    static Stream<Arguments> matrixOnEveryDatabase() {
        return Stream.of(TestDatabases.values()).flatMap(kind -> AccessMatrix.cases().map(a -> {
            Object[] args = a.get();
            return Arguments.of(kind, args[0], args[1], args[2], args[3]);
        }));
    }

    @ParameterizedTest(name = "{0}: {1} room, {2}: sees={3} joins={4}")
    @MethodSource("matrixOnEveryDatabase")
    void visibilityAndJoiningFollowPrivacyScopeAndDenial(TestDatabases kind, Privacy privacy, String user, boolean sees,
            boolean joins) {
        ChatStore store = stores.of(kind);
        Room room = matrix(kind).get(privacy);
        assertThat(store.access().canSee(user.toUpperCase(Locale.ROOT), room.id())).as("see").isEqualTo(sees);
        assertThat(store.access().canJoin(user, room.id())).as("join").isEqualTo(joins);
        assertThat(store.access().canPost(user, room.id())).as("post").isEqualTo(joins);
        assertThat(store.access().canReadHistory(user, room.id())).as("history").isEqualTo(joins);
        assertThat(store.access().canManage(user, room.id())).as("manage").isEqualTo(user.equals(AccessMatrix.MANAGER));
        assertThat(store.rooms().search(user, room.name(), false, 10).contains(room)).as("found by search").isEqualTo(sees);
        boolean associated = AccessMatrix.MEMBERS.contains(user) || user.equals(AccessMatrix.MANAGER);
        assertThat(store.rooms().associations(user, RoomRole.MEMBER).contains(room)).as("in associations")
                .isEqualTo(associated && sees);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aUserAddedAsMemberCanThenJoinAndRemovedCannot(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String gus = user("gus", "example.com");
        Room room = store.rooms().create(RoomSpec.named(unique("Closed"), store.categories().ensureRoot("example.com").id()));
        assertThat(store.access().canJoin(gus, room.id())).isFalse(); // cached now
        store.rooms().addRole(room.id(), RoomRole.MEMBER, gus, gus);
        assertThat(store.access().canJoin(gus, room.id())).isTrue();
        store.rooms().removeRole(room.id(), RoomRole.MEMBER, gus);
        assertThat(store.access().canJoin(gus, room.id())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void roomChangesAreSeenAtOnce(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String hal = user("hal", "example.com");
        Category c = store.categories().create(CategorySettings.named(unique("cat")));
        Room room = store.rooms().create(RoomSpec.named(unique("Open"), c.id()).withPrivacy(Privacy.OPEN));
        store.rooms().addRole(room.id(), RoomRole.MEMBER, hal, hal);
        assertThat(store.access().canPost(hal, room.id())).isTrue();

        store.rooms().update(room.id(), room.spec().withType(RoomType.AUDITORIUM));
        assertThat(store.access().canPost(hal, room.id())).as("auditorium: listeners only").isFalse();
        assertThat(store.access().canJoin(hal, room.id())).isTrue();
        store.rooms().addRole(room.id(), RoomRole.PRESENTER, hal, hal);
        assertThat(store.access().canPost(hal, room.id())).as("presenter").isTrue();

        store.rooms().update(room.id(), store.rooms().get(room.id()).orElseThrow().spec().withDisabled(true));
        assertThat(store.access().canJoin(hal, room.id())).as("disabled").isFalse();
        assertThat(store.access().canPost(hal, room.id())).as("disabled").isFalse();
        assertThat(store.access().canSee(hal, room.id())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void categoryChangesAreSeenAtOnce(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String ivy = user("ivy", "example.com");
        Category c = store.categories().create(CategorySettings.named(unique("cat")).withLogged(false));
        Room room = store.rooms().create(RoomSpec.named(unique("Open"), c.id()).withPrivacy(Privacy.OPEN));
        assertThat(store.access().canJoin(ivy, room.id())).isTrue();
        assertThat(store.access().canReadHistory(ivy, room.id())).as("inherits logged=off").isFalse();

        store.categories().update(c.id(), c.settings().withLogged(true));
        assertThat(store.access().canReadHistory(ivy, room.id())).as("inherits logged=on").isTrue();
        store.rooms().update(room.id(), room.spec().withLogged(Inheritable.OFF));
        assertThat(store.access().canReadHistory(ivy, room.id())).as("room overrides").isFalse();

        store.categories().addPrincipal(c.id(), CategoryPrincipalKind.DENIED, "@example.com");
        assertThat(store.access().canSee(ivy, room.id())).as("domain denied").isFalse();
        store.categories().removePrincipal(c.id(), CategoryPrincipalKind.DENIED, "@example.com");
        store.categories().addPrincipal(c.id(), CategoryPrincipalKind.ALLOWED, "@elsewhere.com");
        assertThat(store.access().canSee(ivy, room.id())).as("out of scope").isFalse();
        store.categories().addPrincipal(c.id(), CategoryPrincipalKind.ALLOWED, ivy);
        assertThat(store.access().canJoin(ivy, room.id())).as("allowed by name").isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void movingARoomToAnotherCategoryAppliesThatCategorysScope(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String jo = user("jo", "example.com");
        Category open = store.categories().create(CategorySettings.named(unique("open")));
        Category closed = store.categories().create(CategorySettings.named(unique("closed")));
        store.categories().addPrincipal(closed.id(), CategoryPrincipalKind.ALLOWED, "@elsewhere.com");
        Room room = store.rooms().create(RoomSpec.named(unique("Mover"), open.id()).withPrivacy(Privacy.OPEN));
        assertThat(store.access().canJoin(jo, room.id())).isTrue();
        store.rooms().update(room.id(), room.spec().withCategory(closed.id()));
        assertThat(store.access().canJoin(jo, room.id())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void creatorsMayCreateRoomsInTheirCategories(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String domain = unique("creators") + ".example.com";
        String kim = user("kim", domain);
        Category c = store.categories().create(CategorySettings.named(unique("cat")));
        assertThat(store.access().canCreateRoomIn(kim, c.id())).isFalse();
        store.categories().addPrincipal(c.id(), CategoryPrincipalKind.CREATOR, "@" + domain);
        assertThat(store.access().canCreateRoomIn(kim, c.id())).isTrue();
        assertThat(store.access().categoriesWhereCanCreate(kim)).extracting(Category::id).containsExactly(c.id());
        store.categories().addPrincipal(c.id(), CategoryPrincipalKind.DENIED, kim);
        assertThat(store.access().canCreateRoomIn(kim, c.id())).as("denied wins").isFalse();
        assertThat(store.access().canCreateRoomIn(kim, "no-such-category")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anUnknownRoomAllowsNothing(TestDatabases kind) {
        assertThat(stores.of(kind).access().decide("sip:a@example.com", "no-such-room")).isEqualTo(AccessDecision.NOTHING);
    }
}
