package io.pchat.storage.room;

import static io.pchat.storage.room.AccessMatrix.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules alone, without a database. */
class AccessRulesTest {
    private static final Instant T = Instant.parse("2026-11-26T09:00:00Z");

    private static Category category(Set<String> allowed, Set<String> denied, Set<String> creators, boolean logged) {
        return new Category("cat", "Cat", "", false, true, true, logged, allowed, denied, creators, T);
    }

    private static final Category SCOPED = category(Set.copyOf(ALLOWED), Set.copyOf(DENIED), Set.of(), true);
    private static final RoomRoles ROLES = new RoomRoles(Set.copyOf(MEMBERS), Set.of(MANAGER), Set.of());

    private static Room room(RoomSpec spec) {
        return Room.of("r", spec, T, T);
    }

    private static RoomSpec spec() {
        return RoomSpec.named("Room", "cat");
    }

    @ParameterizedTest(name = "{0} room, {1}: sees={2} joins={3}")
    @MethodSource("io.pchat.storage.room.AccessMatrix#cases")
    void visibilityAndJoiningFollowPrivacyScopeAndDenial(Privacy privacy, String user, boolean sees, boolean joins) {
        AccessDecision d = AccessRules.decide(user, room(spec().withPrivacy(privacy)), ROLES, SCOPED);
        assertThat(d.see()).as("see").isEqualTo(sees);
        assertThat(d.join()).as("join").isEqualTo(joins);
        assertThat(d.post()).as("post in a normal room = join").isEqualTo(joins);
        assertThat(d.readHistory()).as("history in a logged room = join").isEqualTo(joins);
        assertThat(d.manage()).as("manage").isEqualTo(user.equals(MANAGER));
    }

    @Test
    void anEmptyAllowedListPutsEveryoneInScope() {
        Category everyone = category(Set.of(), Set.of(), Set.of(), true);
        assertThat(AccessRules.inScope(OUT_OF_SCOPE, everyone)).isTrue();
        assertThat(AccessRules.decide(OUT_OF_SCOPE, room(spec().withPrivacy(Privacy.OPEN)), RoomRoles.NONE, everyone).join())
                .isTrue();
    }

    @Test
    void inAnAuditoriumOnlyPresentersPostEvenManagers() {
        RoomRoles roles = new RoomRoles(Set.of(MEMBER, "sip:speaker@example.com"), Set.of(MANAGER),
                Set.of("sip:speaker@example.com"));
        Room auditorium = room(spec().withType(RoomType.AUDITORIUM));
        assertThat(AccessRules.decide("sip:speaker@example.com", auditorium, roles, SCOPED).post()).isTrue();
        assertThat(AccessRules.decide(MEMBER, auditorium, roles, SCOPED)).satisfies(d -> {
            assertThat(d.join()).isTrue();
            assertThat(d.post()).isFalse();
            assertThat(d.uploadFiles()).isFalse();
        });
        assertThat(AccessRules.decide(MANAGER, auditorium, roles, SCOPED).post()).isFalse();
    }

    @Test
    void aPresenterRoleIsMatchedByDomainToo() {
        RoomRoles roles = new RoomRoles(Set.of("@example.com"), Set.of(), Set.of("@example.com"));
        assertThat(AccessRules.decide(MEMBER, room(spec().withType(RoomType.AUDITORIUM)), roles, SCOPED).post()).isTrue();
    }

    @Test
    void aDisabledRoomIsSeenAndManagedButNotJoined() {
        Room disabled = room(spec().withPrivacy(Privacy.OPEN).withDisabled(true));
        AccessDecision member = AccessRules.decide(MEMBER, disabled, ROLES, SCOPED);
        assertThat(member.see()).isTrue();
        assertThat(member.join()).isFalse();
        assertThat(member.post()).isFalse();
        assertThat(member.readHistory()).isFalse();
        assertThat(AccessRules.decide(MANAGER, disabled, ROLES, SCOPED).manage()).isTrue();
    }

    @Test
    void historyFollowsTheEffectiveLoggedSetting() {
        Category unlogged = category(Set.of(), Set.of(), Set.of(), false);
        assertThat(AccessRules.decide(MEMBER, room(spec()), ROLES, unlogged).readHistory()).as("inherits off").isFalse();
        assertThat(AccessRules.decide(MEMBER, room(spec().withLogged(Inheritable.ON)), ROLES, unlogged).readHistory())
                .as("room overrides on").isTrue();
        assertThat(AccessRules.decide(MEMBER, room(spec().withLogged(Inheritable.OFF)), ROLES, SCOPED).readHistory())
                .as("room overrides off").isFalse();
        assertThat(AccessRules.decide(MEMBER, room(spec()), ROLES, SCOPED).readHistory()).as("inherits on").isTrue();
        assertThat(AccessRules.decide(NON_MEMBER, room(spec()), ROLES, SCOPED).readHistory())
                .as("not without the right to join").isFalse();
    }

    @Test
    void fileUploadFollowsItsEffectiveSettingAndPosting() {
        Room off = room(spec().withFileUpload(Inheritable.OFF));
        assertThat(AccessRules.decide(MEMBER, off, ROLES, SCOPED).uploadFiles()).isFalse();
        assertThat(AccessRules.decide(MEMBER, room(spec()), ROLES, SCOPED).uploadFiles()).isTrue();
    }

    @Test
    void creatorsInScopeMayCreateRoomsAndDenialStillWins() {
        Category c = category(Set.of(), Set.of("@blocked.com"), Set.of("@example.com", DENIED_DOMAIN), true);
        assertThat(AccessRules.canCreateRoomIn(MEMBER, c)).isTrue();
        assertThat(AccessRules.canCreateRoomIn(GUEST, c)).isFalse();
        assertThat(AccessRules.canCreateRoomIn(DENIED_DOMAIN, c)).isFalse();
    }

    @Test
    void effectiveSettingsResolveOverridesAgainstTheCategory() {
        Category c = new Category("cat", "Cat", "", false, true, false, true, Set.of(), Set.of(), Set.of(), T);
        Room r = room(spec().withInvitations(Inheritable.OFF).withFileUpload(Inheritable.INHERIT).withAddinUrl(Optional.empty()));
        assertThat(EffectiveSettings.of(r, c)).isEqualTo(new EffectiveSettings(false, false, true));
    }
}
