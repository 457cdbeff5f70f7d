package io.pchat.storage.room;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * docs/storage.md "Access rules" as a table: for each privacy and each kind of user, whether the user
 * sees and may join the room. The category's scope is {@code @example.com} plus one guest;
 * {@code denied@example.com} and the whole {@code @blocked.com} are denied, and every principal
 * below except the non-member holds a role on the room, to show that denial and scope beat roles.
 */
final class AccessMatrix {
    static final String MEMBER = "sip:member@example.com";
    static final String NON_MEMBER = "sip:other@example.com";
    static final String MANAGER = "sip:manager@example.com";
    static final String DENIED_USER = "sip:denied@example.com";
    static final String DENIED_DOMAIN = "sip:bob@blocked.com";
    static final String OUT_OF_SCOPE = "sip:stranger@elsewhere.com";
    static final String GUEST = "sip:guest@partner.com";

    static final List<String> ALLOWED = List.of("@example.com", GUEST, DENIED_DOMAIN);
    static final List<String> DENIED = List.of(DENIED_USER, "@blocked.com");
    /** Members of every matrix room (the manager is added as manager only: membership is derived). */
    static final List<String> MEMBERS = List.of(MEMBER, GUEST, DENIED_USER, DENIED_DOMAIN, OUT_OF_SCOPE);

    private AccessMatrix() {
    }

    /** (privacy, user, sees, joins) */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Privacy.OPEN, MEMBER, true, true),
                Arguments.of(Privacy.OPEN, NON_MEMBER, true, true),
                Arguments.of(Privacy.OPEN, MANAGER, true, true),
                Arguments.of(Privacy.OPEN, GUEST, true, true),
                Arguments.of(Privacy.OPEN, DENIED_USER, false, false),
                Arguments.of(Privacy.OPEN, DENIED_DOMAIN, false, false),
                Arguments.of(Privacy.OPEN, OUT_OF_SCOPE, false, false),
                Arguments.of(Privacy.CLOSED, MEMBER, true, true),
                Arguments.of(Privacy.CLOSED, NON_MEMBER, true, false),
                Arguments.of(Privacy.CLOSED, MANAGER, true, true),
                Arguments.of(Privacy.CLOSED, GUEST, true, true),
                Arguments.of(Privacy.CLOSED, DENIED_USER, false, false),
                Arguments.of(Privacy.CLOSED, DENIED_DOMAIN, false, false),
                Arguments.of(Privacy.CLOSED, OUT_OF_SCOPE, false, false),
                Arguments.of(Privacy.SECRET, MEMBER, true, true),
                Arguments.of(Privacy.SECRET, NON_MEMBER, false, false),
                Arguments.of(Privacy.SECRET, MANAGER, true, true),
                Arguments.of(Privacy.SECRET, GUEST, true, true),
                Arguments.of(Privacy.SECRET, DENIED_USER, false, false),
                Arguments.of(Privacy.SECRET, DENIED_DOMAIN, false, false),
                Arguments.of(Privacy.SECRET, OUT_OF_SCOPE, false, false));
    }
}
