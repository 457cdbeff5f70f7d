package io.pchat.storage.room;

import static io.pchat.storage.TestStores.unique;
import static io.pchat.storage.TestStores.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.ChatStore;
import io.pchat.storage.DuplicateNameException;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;
import io.pchat.storage.invitation.Invitation;

class RoomStoreTest {
    private static final TestStores stores = new TestStores();

    @AfterAll
    static void close() {
        stores.close();
    }

    private static Category category(ChatStore store, boolean invitations) {
        return store.categories().create(CategorySettings.named(unique("cat")).withInvitations(invitations));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aNewRoomIsClosedNormalEnabledAndInheritsEverything(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        Category c = category(store, true);
        Room room = store.rooms().create(RoomSpec.named(unique("Lobby"), c.id()).withDescription("d").withTopic("t"));
        assertThat(room.id()).matches("[0-9a-f-]{36}");
        assertThat(room.privacy()).isEqualTo(Privacy.CLOSED);
        assertThat(room.type()).isEqualTo(RoomType.NORMAL);
        assertThat(room.disabled()).isFalse();
        assertThat(List.of(room.invitations(), room.fileUpload(), room.logged())).containsOnly(Inheritable.INHERIT);
        assertThat(store.rooms().get(room.id())).contains(room);
        assertThat(store.rooms().get(room.id().toUpperCase(Locale.ROOT))).as("ids compare case-insensitively").contains(room);
        assertThat(store.rooms().byName(room.name().toUpperCase(Locale.ROOT))).contains(room);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void everyPropertyIsUpdatedAndReadBack(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        Category c = category(store, true);
        Category other = category(store, true);
        Room room = store.rooms().create(RoomSpec.named(unique("Old"), c.id()));
        stores.clock.advance(java.time.Duration.ofSeconds(5));
        RoomSpec changed = room.spec().withName(unique("New")).withDescription("<desc & more>").withTopic("topic")
                .withCategory(other.id()).withPrivacy(Privacy.SECRET).withType(RoomType.AUDITORIUM).withDisabled(true)
                .withAddinUrl(Optional.of("https://addin.example.com/x")).withInvitations(Inheritable.OFF)
                .withFileUpload(Inheritable.ON).withLogged(Inheritable.OFF);
        Room updated = store.rooms().update(room.id(), changed);
        assertThat(updated.spec()).isEqualTo(changed);
        assertThat(updated.createdAt()).isEqualTo(room.createdAt());
        assertThat(updated.updatedAt()).isAfter(room.updatedAt());
        assertThat(store.rooms().get(room.id())).contains(updated);
        assertThat(store.rooms().effectiveSettings(updated)).isEqualTo(new EffectiveSettings(false, true, false));
        assertThat(store.rooms().inCategory(other.id())).containsExactly(updated);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void roomNamesAreUniqueIgnoringCase(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        Category c = category(store, true);
        String name = unique("Général");
        Room first = store.rooms().create(RoomSpec.named(name, c.id()));
        assertThatThrownBy(() -> store.rooms().create(RoomSpec.named(name.toUpperCase(Locale.ROOT), c.id())))
                .isInstanceOf(DuplicateNameException.class);
        Room second = store.rooms().create(RoomSpec.named(unique("Second"), c.id()));
        assertThatThrownBy(() -> store.rooms().update(second.id(), second.spec().withName(name.toLowerCase(Locale.ROOT))))
                .isInstanceOf(DuplicateNameException.class);
        assertThat(store.rooms().get(second.id())).contains(second);
        assertThat(store.rooms().update(first.id(), first.spec().withName(name.toUpperCase(Locale.ROOT))).name())
                .isEqualTo(name.toUpperCase(Locale.ROOT));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aRoomNeedsAnExistingCategory(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        assertThatThrownBy(() -> store.rooms().create(RoomSpec.named(unique("Orphan"), "no-such-category")))
                .isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aManagerIsAlwaysAMember(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        Category c = category(store, false);
        String ann = user("ann", "example.com");
        String bob = user("bob", "example.com");
        Room room = store.rooms().create(RoomSpec.named(unique("Managed"), c.id()), List.of(ann));
        assertThat(store.rooms().roles(room.id()).members()).containsExactly(ann);
        assertThat(store.rooms().roles(room.id()).managers()).containsExactly(ann);

        assertThat(store.rooms().addRole(room.id(), RoomRole.MANAGER, bob, ann).added()).isTrue();
        assertThat(store.rooms().roles(room.id()).members()).containsExactlyInAnyOrder(ann, bob);
        assertThat(store.rooms().removeRole(room.id(), RoomRole.MANAGER, bob)).isTrue();
        assertThat(store.rooms().roles(room.id()).members()).as("no longer manager, still member").contains(bob);
        assertThat(store.rooms().removeRole(room.id(), RoomRole.MEMBER, ann)).isTrue();
        assertThat(store.rooms().roles(room.id()).managers()).as("no longer member, so no longer manager").isEmpty();
        assertThat(store.rooms().addRole(room.id(), RoomRole.MEMBER, bob, ann).added()).as("already").isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aUserWhoBecomesAMemberIsInvitedWhenTheEffectiveSettingIsOn(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String admin = user("admin", "example.com");
        String carl = user("carl", "example.com");
        Room inviting = store.rooms().create(RoomSpec.named(unique("Inviting"), category(store, true).id()));
        Room silent = store.rooms().create(RoomSpec.named(unique("Silent"), category(store, true).id())
                .withInvitations(Inheritable.OFF));
        Room overridden = store.rooms().create(RoomSpec.named(unique("Overridden"), category(store, false).id())
                .withInvitations(Inheritable.ON));

        RoleChange change = store.rooms().addRole(inviting.id(), RoomRole.MEMBER, carl, admin);
        assertThat(change.added()).isTrue();
        Invitation invitation = change.invitation().orElseThrow();
        assertThat(invitation.userUri()).isEqualTo(carl);
        assertThat(invitation.roomId()).isEqualTo(inviting.id());
        assertThat(invitation.inviter()).isEqualTo(admin);

        assertThat(store.rooms().addRole(silent.id(), RoomRole.MEMBER, carl, admin).invitation()).isEmpty();
        assertThat(store.rooms().addRole(overridden.id(), RoomRole.MANAGER, carl, admin).invitation()).isPresent();
        assertThat(store.rooms().addRole(inviting.id(), RoomRole.MANAGER, carl, admin).invitation())
                .as("already a member: no second invitation").isEmpty();
        assertThat(store.rooms().addRole(inviting.id(), RoomRole.MEMBER, "@example.com", admin).invitation())
                .as("domains are not invited").isEmpty();
        assertThat(store.invitations().newerThan(carl, 0, 10)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void deletingARoomTakesItsRolesAndInvitations(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String dana = user("dana", "example.com");
        Room room = store.rooms().create(RoomSpec.named(unique("Doomed"), category(store, true).id()));
        store.rooms().addRole(room.id(), RoomRole.MEMBER, dana, dana);
        assertThat(store.rooms().delete(room.id())).isTrue();
        assertThat(store.rooms().get(room.id())).isEmpty();
        assertThat(store.rooms().roles(room.id())).isEqualTo(RoomRoles.NONE);
        assertThat(store.invitations().newerThan(dana, 0, 10)).isEmpty();
        assertThat(store.access().canJoin(dana, room.id())).isFalse();
        assertThatThrownBy(() -> store.rooms().addRole(room.id(), RoomRole.MEMBER, dana, dana))
                .isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void associationsListTheRoomsOfAUserByRoleIncludingThroughTheirDomain(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String domain = unique("assoc") + ".example.com";
        String eve = user("eve", domain);
        Category c = category(store, false);
        Room managed = store.rooms().create(RoomSpec.named(unique("A-managed"), c.id()), List.of(eve));
        Room member = store.rooms().create(RoomSpec.named(unique("B-member"), c.id()));
        Room byDomain = store.rooms().create(RoomSpec.named(unique("C-domain"), c.id()).withPrivacy(Privacy.SECRET));
        store.rooms().create(RoomSpec.named(unique("D-none"), c.id()));
        store.rooms().addRole(member.id(), RoomRole.MEMBER, eve, eve);
        store.rooms().addRole(byDomain.id(), RoomRole.MEMBER, "@" + domain, eve);

        assertThat(store.rooms().associations(eve, RoomRole.MEMBER)).extracting(Room::id)
                .containsExactly(managed.id(), member.id(), byDomain.id());
        assertThat(store.rooms().associations(eve, RoomRole.MANAGER)).extracting(Room::id).containsExactly(managed.id());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void searchMatchesNameOrDescriptionIgnoringCaseAndWildcards(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String tag = unique("zq");
        String u = user("finn", "example.com");
        Category c = category(store, false);
        Room plain = store.rooms().create(RoomSpec.named(tag + " Plain", c.id()).withPrivacy(Privacy.OPEN));
        Room percent = store.rooms().create(RoomSpec.named(tag + " 100%_[x]!", c.id()));
        Room described = store.rooms().create(RoomSpec.named(unique("Other"), c.id()).withDescription("About " + tag.toUpperCase(Locale.ROOT)));

        assertThat(store.rooms().search(u, tag.toUpperCase(Locale.ROOT), false, 10)).containsExactly(percent, plain);
        assertThat(store.rooms().search(u, tag, true, 10)).containsExactlyInAnyOrder(plain, percent, described);
        assertThat(store.rooms().search(u, "100%_[x]!", false, 10)).containsExactly(percent);
        assertThat(store.rooms().search(u, tag + " 1", false, 10)).containsExactly(percent);
        assertThat(store.rooms().search(u, tag, false, 1)).hasSize(1);
        assertThat(store.rooms().search(u, tag, false, 0)).isEmpty();
        assertThat(store.rooms().search(u, "", false, 1000)).contains(plain, percent, described);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void secretRoomsAreAbsentFromSearchForNonMembersAndLimitsCountVisibleRooms(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String tag = unique("hush");
        String member = user("member", "example.com");
        String outsider = user("outsider", "example.com");
        Category c = category(store, false);
        for (int i = 0; i < 60; i++) { // more secret rooms than one search page before the visible one
            Room secret = store.rooms().create(RoomSpec.named(tag + " a" + (100 + i), c.id()).withPrivacy(Privacy.SECRET));
            if (i == 0) {
                store.rooms().addRole(secret.id(), RoomRole.MEMBER, member, member);
            }
        }
        Room visible = store.rooms().create(RoomSpec.named(tag + " z", c.id()));

        assertThat(store.rooms().search(outsider, tag, false, 1)).containsExactly(visible);
        assertThat(store.rooms().search(member, tag, false, 5)).hasSize(2).last().isEqualTo(visible);
        assertThat(store.rooms().associations(outsider, RoomRole.MEMBER)).isEmpty();
    }
}
