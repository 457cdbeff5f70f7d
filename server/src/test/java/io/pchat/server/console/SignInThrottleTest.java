package io.pchat.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.pchat.storage.TestStores.TestClock;
import io.pchat.storage.config.InvalidConfigurationException;

/**
 * Failed console sign-ins per address, in virtual time: {@code limit} failures within a minute
 * refuse the address until that minute ends; a good sign-in or the end of the minute clears them;
 * a spray of addresses is held in bounded memory. And the console settings' refusals, naming their key.
 */
class SignInThrottleTest {
    private static final int LIMIT = 3;
    private static final String ADDRESS = "192.0.2.7";

    private final TestClock clock = new TestClock(Instant.parse("2025-01-01T09:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock, LIMIT);

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(address);
        }
    }

    @Test
    void anAddressIsAllowedUntilItsLimitOfFailuresInAMinuteThenRefused() {
        assertThat(throttle.refusedForSeconds(ADDRESS)).isZero();
        fail(ADDRESS, LIMIT - 1);
        assertThat(throttle.refusedForSeconds(ADDRESS)).isZero();

        clock.advance(Duration.ofSeconds(20));
        throttle.failed(ADDRESS);

        assertThat(throttle.refusedForSeconds(ADDRESS)).isPositive().isLessThanOrEqualTo(60);
        assertThat(throttle.refusedForSeconds("192.0.2.8")).isZero();
    }

    @Test
    void theRefusalCountsDownToTheEndOfTheMinuteOfTheFirstFailure() {
        fail(ADDRESS, LIMIT);
        assertThat(throttle.refusedForSeconds(ADDRESS)).isEqualTo(60);

        clock.advance(Duration.ofSeconds(45));
        assertThat(throttle.refusedForSeconds(ADDRESS)).isEqualTo(15);

        clock.advance(Duration.ofMillis(14_500));
        assertThat(throttle.refusedForSeconds(ADDRESS)).isEqualTo(1);
    }

    @Test
    void theRefusalIsClearedWhenTheMinuteEnds() {
        fail(ADDRESS, LIMIT);
        assertThat(throttle.refusedForSeconds(ADDRESS)).isPositive();

        clock.advance(Duration.ofMinutes(1));

        assertThat(throttle.refusedForSeconds(ADDRESS)).isZero();
        fail(ADDRESS, LIMIT - 1); // a new minute counts from zero
        assertThat(throttle.refusedForSeconds(ADDRESS)).isZero();
    }

    @Test
    void failuresOfAnEndedMinuteDoNotCountTowardsTheNext() {
        fail(ADDRESS, LIMIT - 1);
        clock.advance(Duration.ofSeconds(61));

        throttle.failed(ADDRESS);

        assertThat(throttle.refusedForSeconds(ADDRESS)).isZero();
    }

    @Test
    void anAddressAndAnAccountAreCountedApart() {
        fail(ADDRESS, LIMIT);
        assertThat(throttle.refusedForSeconds(ADDRESS)).isPositive();
        assertThat(throttle.refusedForSeconds("account sip:alice@example.com")).isZero();

        fail("account sip:alice@example.com", LIMIT);
        assertThat(throttle.refusedForSeconds("account sip:alice@example.com")).isPositive();
        assertThat(throttle.refusedForSeconds("198.51.100.99")).isZero();
    }

    @Test
    void aSprayOfTwelveThousandAddressesIsTrackedInBoundedMemory() {
        int sprayed = 0;
        for (int i = 0; i < 12_000; i++) {
            throttle.failed("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff));
            sprayed++;
            if (i % 1_000 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
        }

        assertThat(sprayed).isEqualTo(12_000);
        assertThat(throttle.tracked()).isPositive().isLessThanOrEqualTo(SignInThrottle.MAX_ADDRESSES);
        // the newest address is still counted: two more failures refuse it
        String newest = "10.0." + (11_999 >> 8 & 0xff) + "." + (11_999 & 0xff);
        fail(newest, LIMIT - 1);
        assertThat(throttle.refusedForSeconds(newest)).isPositive();
    }

    @Test
    void aSprayMadeOfEndedMinutesIsDroppedFirst() {
        for (int i = 0; i < SignInThrottle.MAX_ADDRESSES; i++) {
            throttle.failed("old-" + i);
        }
        fail(ADDRESS, LIMIT - 1);
        clock.advance(Duration.ofSeconds(61));
        fail(ADDRESS, LIMIT); // ADDRESS's window ended too: a new one

        throttle.failed("new");

        assertThat(throttle.tracked()).isEqualTo(2);
        assertThat(throttle.refusedForSeconds(ADDRESS)).isPositive();
    }

    @Test
    void anIdleTimeoutLongerThanTheLifetimeIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ConsoleSettings.defaults().withSessions(Duration.ofHours(2), Duration.ofHours(1), 10))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("console.sessionIdleTimeout")
                .hasMessageContaining("console.sessionLifetime");
    }

    @Test
    void aPublicUrlWithoutTrailingSlashIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ConsoleSettings.defaults().withPublicUrl("https://chat.example.com/console"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("console.publicUrl");
        assertThatThrownBy(() -> ConsoleSettings.defaults().withPublicUrl("ftp://chat.example.com/console/"))
                .hasMessageStartingWith("console.publicUrl");
        assertThat(ConsoleSettings.defaults().withPublicUrl(" https://chat.example.com/console/ ").publicUrl())
                .contains("https://chat.example.com/console/");
    }

    @Test
    void outOfRangeSessionsAndFailureLimitsAreRefusedNamingTheirKeys() {
        assertThatThrownBy(() -> ConsoleSettings.defaults().withSessions(Duration.ofSeconds(30), Duration.ofHours(1), 10))
                .hasMessageStartingWith("console.sessionIdleTimeout");
        assertThatThrownBy(() -> ConsoleSettings.defaults().withSessions(Duration.ofMinutes(5), Duration.ofDays(8), 10))
                .hasMessageStartingWith("console.sessionLifetime");
        assertThatThrownBy(() -> ConsoleSettings.defaults().withSessions(Duration.ofMinutes(5), Duration.ofHours(1), 0))
                .hasMessageStartingWith("console.maxSessions");
        assertThatThrownBy(() -> ConsoleSettings.defaults().withSignInFailuresPerMinute(0))
                .hasMessageStartingWith("console.signInFailuresPerMinute");
        assertThatThrownBy(() -> ConsoleSettings.defaults().withSignInFailuresPerMinute(1_001))
                .hasMessageStartingWith("console.signInFailuresPerMinute");
    }
}
