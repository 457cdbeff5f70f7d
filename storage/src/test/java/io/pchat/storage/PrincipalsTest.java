package io.pchat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class PrincipalsTest {

    @Test
    void usersAndDomainsAreStoredLowerCasedAndTrimmed() {
        assertThat(Principals.normalise(" SIP:Alice@Example.COM ")).isEqualTo("sip:alice@example.com");
        assertThat(Principals.normalise("@Example.com")).isEqualTo("@example.com");
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"alice@example.com", "sip:alice", "sip:@x", "@", "@a@b", "sip:a b@x", "", null}) {
            assertThatThrownBy(() -> Principals.normalise(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Principals.user("@example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUserIsIncludedByNameOrByDomain() {
        assertThat(Principals.includes(Set.of("sip:a@x.com"), "sip:a@x.com")).isTrue();
        assertThat(Principals.includes(Set.of("@x.com"), "sip:a@x.com")).isTrue();
        assertThat(Principals.includes(Set.of("@y.com", "sip:b@x.com"), "sip:a@x.com")).isFalse();
    }
}
