package io.pchat.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Password guessing slowed per (user, address) and per address, in virtual time. */
class AuthThrottleTest {
    private final AtomicLong now = new AtomicLong();
    private final InetAddress guesser = address("192.0.2.66");
    private final InetAddress alicesLaptop = address("198.51.100.7");
    private final InetAddress frontEnd = address("203.0.113.1");
    private final AuthThrottle throttle = new AuthThrottle(Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofMinutes(15), Set.of(frontEnd), now::get);

    @Test
    void aFewFailuresAreFreeThenEachAnswerWaitsTwiceAsLongUpToTheCap() {
        for (int i = 0; i < AuthThrottle.FREE_PAIR_FAILURES; i++) {
            assertThat(throttle.delayFor("alice@example.com", guesser)).isZero();
            throttle.failed("alice@example.com", guesser);
        }
        assertThat(throttle.delayFor("alice@example.com", guesser)).isEqualTo(Duration.ofMillis(500));
        throttle.failed("alice@example.com", guesser);
        assertThat(throttle.delayFor("alice@example.com", guesser)).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("alice@example.com", guesser);
        assertThat(throttle.delayFor("alice@example.com", guesser)).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 2_000; i++) {
            throttle.failed("alice@example.com", guesser);
        }
        assertThat(throttle.delayFor("alice@example.com", guesser)).as("capped").isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.failures()).isEqualTo(2_005);
    }

    @Test
    void attemptsArrivingBeforeTheDelayHasPassedAreRefusedUnchecked() {
        for (int i = 0; i < AuthThrottle.FREE_PAIR_FAILURES; i++) {
            assertThat(throttle.gated("alice@example.com", guesser)).as("free failures are not gated").isFalse();
            throttle.failed("alice@example.com", guesser);
        }
        assertThat(throttle.gated("alice@example.com", guesser)).as("right after the third failure").isTrue();
        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertThat(throttle.gated("alice@example.com", guesser)).isTrue();
        now.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(throttle.gated("alice@example.com", guesser)).as("once the delay has passed").isFalse();
        throttle.failed("alice@example.com", guesser);
        now.addAndGet(Duration.ofMillis(900).toNanos());
        assertThat(throttle.gated("alice@example.com", guesser)).as("the next delay is twice as long").isTrue();
        assertThat(throttle.gated("alice@example.com", alicesLaptop)).as("never on the user's own address").isFalse();
    }

    @Test
    void aGuesserElsewhereNeverSlowsTheUserOnHerOwnAddress() {
        for (int i = 0; i < 2_000; i++) {
            throttle.failed("alice@example.com", guesser);
        }
        assertThat(throttle.delayFor("alice@example.com", alicesLaptop)).isZero();
    }

    @Test
    void oneAddressTryingManyUsersIsSlowedAsAWhole() {
        for (int i = 0; i < AuthThrottle.FREE_ADDRESS_FAILURES; i++) {
            throttle.failed("user" + i + "@example.com", guesser); // one failure each: no pair is throttled
        }
        assertThat(throttle.delayFor("someone-new@example.com", guesser)).isEqualTo(Duration.ofMillis(500));
        assertThat(throttle.delayFor("someone-new@example.com", alicesLaptop)).isZero();
    }

    @Test
    void theRightPasswordClearsItsPairAndQuietTimeClearsEverything() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice@example.com", alicesLaptop); // Alice mistyping
        }
        assertThat(throttle.delayFor("alice@example.com", alicesLaptop)).isPositive();
        throttle.succeeded("alice@example.com", alicesLaptop);
        assertThat(throttle.delayFor("alice@example.com", alicesLaptop)).isZero();

        for (int i = 0; i < 30; i++) {
            throttle.failed("bob@example.com", guesser);
        }
        now.addAndGet(Duration.ofMinutes(16).toNanos());
        assertThat(throttle.delayFor("bob@example.com", guesser)).isZero();
    }

    @Test
    void trustedFrontEndsAreNeverSlowed() {
        for (int i = 0; i < 100; i++) {
            throttle.failed("alice@example.com", frontEnd);
        }
        assertThat(throttle.delayFor("alice@example.com", frontEnd)).isZero();
    }

    @Test
    void theFailureThatStartsThrottlingAPairIsReportedOnce() {
        assertThat(throttle.failed("carol@example.com", guesser)).isFalse();
        assertThat(throttle.failed("carol@example.com", guesser)).isFalse();
        assertThat(throttle.failed("carol@example.com", guesser)).isTrue();
        assertThat(throttle.failed("carol@example.com", guesser)).isFalse();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
