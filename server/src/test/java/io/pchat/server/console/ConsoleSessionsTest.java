package io.pchat.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pchat.server.console.ConsoleSession.Role;
import io.pchat.storage.TestStores.TestClock;

/**
 * The console's sign-in sessions, in virtual time: found until unused for the idle timeout, each
 * use moving that on, never past the lifetime; at most {@code maxSessions}, the least recently
 * used signed out first; signed out one by one or all of a user's; random 256-bit ids and CSRF tokens.
 */
class ConsoleSessionsTest {
    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final int MAX = 3;

    private final TestClock clock = new TestClock(Instant.parse("2025-01-01T09:00:00Z"));
    private final ConsoleSessions sessions = new ConsoleSessions(clock,
            ConsoleSettings.defaults().withSessions(IDLE, LIFETIME, MAX));

    @Test
    void aSessionIsFoundUntilItHasBeenUnusedForTheIdleTimeout() {
        Instant signIn = clock.instant();
        ConsoleSession s = sessions.open(Role.OPERATOR, "admin", "");
        assertThat(s.signedInAt()).isEqualTo(signIn);
        assertThat(s.expiresAt()).isEqualTo(signIn.plus(IDLE));

        clock.advance(IDLE.minusSeconds(1));
        assertThat(sessions.use(s.id())).isPresent();

        clock.advance(IDLE);
        assertThat(sessions.use(s.id())).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void anUnusedSessionIsGoneExactlyAtItsIdleTimeout() {
        ConsoleSession s = sessions.open(Role.USER, "sip:alice@example.com", "");

        clock.advance(IDLE);

        assertThat(sessions.use(s.id())).isEmpty();
    }

    @Test
    void aUseMovesTheIdleExpiryOn() {
        Instant signIn = clock.instant();
        ConsoleSession s = sessions.open(Role.USER, "sip:alice@example.com", "");

        clock.advance(Duration.ofMinutes(8));
        ConsoleSession used = sessions.use(s.id()).orElseThrow();
        clock.advance(Duration.ofMinutes(8)); // 16 minutes after sign-in, 8 after the use

        assertThat(used.expiresAt()).isEqualTo(signIn.plus(Duration.ofMinutes(8)).plus(IDLE));
        assertThat(sessions.use(s.id())).isPresent();
        assertThat(used.id()).isEqualTo(s.id());
        assertThat(used.csrf()).isEqualTo(s.csrf());
    }

    @Test
    void theLifetimeEndsASessionEvenWhenItIsUsedAllTheTime() {
        Instant signIn = clock.instant();
        ConsoleSession s = sessions.open(Role.OPERATOR, "admin", "");
        for (int minute = 5; minute < 30; minute += 5) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(sessions.use(s.id())).as("used at minute %d", minute).isPresent();
        }
        assertThat(sessions.use(s.id()).orElseThrow().expiresAt()).isEqualTo(signIn.plus(LIFETIME));

        clock.advance(Duration.ofMinutes(5)); // the lifetime, 5 minutes after the last use

        assertThat(sessions.use(s.id())).isEmpty();
    }

    @Test
    void whenFullTheLeastRecentlyUsedSessionIsSignedOut() {
        ConsoleSession a = sessions.open(Role.USER, "sip:a@example.com", "");
        ConsoleSession b = sessions.open(Role.USER, "sip:b@example.com", "");
        ConsoleSession c = sessions.open(Role.USER, "sip:c@example.com", "");
        assertThat(sessions.use(a.id())).isPresent(); // b is now the least recently used

        ConsoleSession d = sessions.open(Role.USER, "sip:d@example.com", "");

        assertThat(sessions.size()).isEqualTo(MAX);
        assertThat(sessions.use(b.id())).isEmpty();
        assertThat(sessions.use(a.id())).isPresent();
        assertThat(sessions.use(c.id())).isPresent();
        assertThat(sessions.use(d.id())).isPresent();
    }

    @Test
    void openingManyMoreThanTheMaximumHoldsTheMaximumAndKeepsTheOneInUse() {
        ConsoleSession kept = sessions.open(Role.OPERATOR, "admin", "");
        List<ConsoleSession> opened = new ArrayList<>();
        int extra = 50;
        for (int i = 0; i < MAX + extra; i++) {
            assertThat(sessions.use(kept.id())).isPresent();
            opened.add(sessions.open(Role.USER, "sip:u" + i + "@example.com", ""));
            assertThat(sessions.size()).isLessThanOrEqualTo(MAX);
        }

        assertThat(opened).hasSize(MAX + extra);
        assertThat(sessions.size()).isEqualTo(MAX);
        assertThat(sessions.use(kept.id())).isPresent();
        assertThat(sessions.use(opened.get(0).id())).isEmpty();
        assertThat(sessions.use(opened.get(opened.size() - 1).id())).isPresent();
    }

    @Test
    void usersFillingTheTableCannotPushAnOperatorOut() {
        ConsoleSession operator = sessions.open(Role.OPERATOR, "admin", "");
        clock.advance(Duration.ofMinutes(1)); // and left alone: the least recently used of all
        List<ConsoleSession> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(sessions.open(Role.USER, "sip:u" + i + "@example.com", ""));
        }

        assertThat(users).hasSize(20);
        assertThat(sessions.size()).isEqualTo(MAX);
        assertThat(sessions.use(operator.id())).as("only users' sessions made room").isPresent();
    }

    @Test
    void oneUserHoldsAtMostTheirShareAndTheirOwnOldestGoesFirst() {
        ConsoleSessions roomy = new ConsoleSessions(clock, ConsoleSettings.defaults().withSessions(IDLE, LIFETIME, 100));
        ConsoleSession other = roomy.open(Role.USER, "sip:other@example.com", "");
        List<ConsoleSession> mine = new ArrayList<>();
        for (int i = 0; i < ConsoleSessions.MAX_PER_USER + 5; i++) {
            mine.add(roomy.open(Role.USER, "sip:many@example.com", ""));
        }

        assertThat(roomy.size()).isEqualTo(ConsoleSessions.MAX_PER_USER + 1);
        assertThat(roomy.use(other.id())).isPresent();
        assertThat(roomy.use(mine.get(4).id())).isEmpty();
        assertThat(roomy.use(mine.get(5).id())).isPresent();
    }

    @Test
    void aLookUpThatDoesNotRenewLeavesTheIdleExpiryWhereItWas() {
        ConsoleSession s = sessions.open(Role.OPERATOR, "admin", "");
        clock.advance(IDLE.minusMinutes(1));

        assertThat(sessions.use(s.id(), false)).map(ConsoleSession::expiresAt).contains(s.expiresAt());
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.use(s.id(), false)).as("the page refreshing itself does not keep it alive").isEmpty();
    }

    @Test
    void anExpiredSessionMakesRoomBeforeALiveOneIsSignedOut() {
        ConsoleSession old = sessions.open(Role.USER, "sip:old@example.com", "");
        clock.advance(Duration.ofMinutes(6));
        ConsoleSession b = sessions.open(Role.USER, "sip:b@example.com", "");
        ConsoleSession c = sessions.open(Role.USER, "sip:c@example.com", "");
        clock.advance(Duration.ofMinutes(5)); // old has been idle 11 minutes: expired

        ConsoleSession d = sessions.open(Role.USER, "sip:d@example.com", "");

        assertThat(sessions.use(old.id())).isEmpty();
        assertThat(sessions.use(b.id())).isPresent();
        assertThat(sessions.use(c.id())).isPresent();
        assertThat(sessions.use(d.id())).isPresent();
    }

    @Test
    void closeSignsOneSessionOutAndCloseAllOfEveryOneOfAUser() {
        ConsoleSessions roomy = new ConsoleSessions(clock, ConsoleSettings.defaults().withSessions(IDLE, LIFETIME, 10));
        ConsoleSession alice1 = roomy.open(Role.USER, "sip:alice@example.com", "");
        ConsoleSession alice2 = roomy.open(Role.USER, "sip:alice@example.com", "");
        ConsoleSession alice3 = roomy.open(Role.USER, "sip:alice@example.com", "");
        ConsoleSession bob = roomy.open(Role.USER, "sip:bob@example.com", "");

        assertThat(roomy.close(alice1.id())).isTrue();
        assertThat(roomy.close(alice1.id())).isFalse();
        assertThat(roomy.close(null)).isFalse();
        assertThat(roomy.use(alice1.id())).isEmpty();

        assertThat(roomy.closeAllOf("sip:alice@example.com")).isEqualTo(2);
        assertThat(roomy.use(alice2.id())).isEmpty();
        assertThat(roomy.use(alice3.id())).isEmpty();
        assertThat(roomy.use(bob.id())).isPresent();
        assertThat(roomy.closeAllOf("sip:alice@example.com")).isZero();
        assertThat(roomy.size()).isEqualTo(1);
    }

    @Test
    void anUnknownOrMissingIdFindsNothing() {
        sessions.open(Role.OPERATOR, "admin", "");

        assertThat(sessions.use(null)).isEmpty();
        assertThat(sessions.use("no-such-session")).isEmpty();
    }

    @Test
    void csrfMatchesOnlyTheSessionsOwnToken() {
        ConsoleSession s = sessions.open(Role.OPERATOR, "admin", "");
        ConsoleSession other = sessions.open(Role.OPERATOR, "admin", "");

        assertThat(ConsoleSessions.csrfMatches(s, s.csrf())).isTrue();
        assertThat(ConsoleSessions.csrfMatches(s, other.csrf())).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, s.csrf().substring(1))).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, "")).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, null)).isFalse();
    }

    @Test
    void idsAndCsrfTokensAreDistinct43CharacterBase64UrlStrings() {
        ConsoleSessions many = new ConsoleSessions(clock, ConsoleSettings.defaults().withSessions(IDLE, LIFETIME, 1_000));
        Set<String> tokens = new HashSet<>();
        int count = 200;
        for (int i = 0; i < count; i++) {
            ConsoleSession s = many.open(Role.USER, "sip:u" + i + "@example.com", "");
            tokens.add(s.id());
            tokens.add(s.csrf());
        }

        assertThat(tokens).hasSize(2 * count);
        assertThat(tokens).allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9_-]{43}"));
    }
}
