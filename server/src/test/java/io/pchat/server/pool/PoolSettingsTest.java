package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The pool's topology and timing, validated once. */
class PoolSettingsTest {
    static final PoolMember N1 = PoolMember.parse("n1 dc1 10.0.0.1:5041 10.0.0.1:8011");
    static final PoolMember N2 = PoolMember.parse("n2 dc1 10.0.0.2:5041 10.0.0.2:8011");
    static final PoolMember N3 = PoolMember.parse("n3 dc2 10.0.1.3:5041 10.0.1.3:8011");
    static final PoolMember N4 = PoolMember.parse("n4 dc2 10.0.1.4:5041 10.0.1.4:8011");

    private static PoolSettings pool(List<PoolMember> members) {
        return PoolSettings.single().withMembers(members);
    }

    @Test
    void aLeaseExpiryBelowTwiceTheHeartbeatIsRefusedNamingLeaseExpiry() {
        assertThatThrownBy(() -> PoolSettings.single().withTiming(Duration.ofSeconds(2), Duration.ofMillis(3_999),
                Duration.ofSeconds(3), Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaseExpiry").hasMessageContaining("twice the heartbeat");
    }

    @Test
    void aLeaseExpiryOfExactlyTwiceTheHeartbeatIsAccepted() {
        PoolSettings s = PoolSettings.single().withTiming(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(3),
                Duration.ofSeconds(10));
        assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.leaseExpiry()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aMemberIdGivenTwiceIsRefusedNamingTheId() {
        PoolMember again = PoolMember.parse("n2 dc2 10.0.1.2:5041 10.0.1.2:8011");
        assertThatThrownBy(() -> pool(List.of(N1, N2, again))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n2").hasMessageContaining("twice");
    }

    @Test
    void aLinkPortOutsideZeroTo65535IsRefused() {
        assertThatThrownBy(() -> PoolSettings.single().withLink("127.0.0.1", 65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linkPort");
        assertThatThrownBy(() -> PoolSettings.single().withLink("127.0.0.1", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linkPort");
        assertThat(PoolSettings.single().withLink("127.0.0.1", 0).linkPort()).isZero();
    }

    @Test
    void singleIsNotAPool() {
        PoolSettings single = PoolSettings.single();
        assertThat(single.isPool()).isFalse();
        assertThat(single.members()).isEmpty();
        assertThat(single.describe()).contains("single node");
        assertThat(single.leaseExpiry()).isGreaterThanOrEqualTo(single.heartbeat().multipliedBy(2));
    }

    @Test
    void membersMakeAPool() {
        assertThat(pool(List.of(N1)).isPool()).isTrue();
        assertThat(pool(List.of(N1, N2, N3, N4)).describe()).contains("pool.nodes=n1 dc1 10.0.0.1:5041 10.0.0.1:8011",
                "pool.nodes=n4 dc2");
    }

    @Test
    void inDataCenterListsThatDataCentersMembersInConfigurationOrder() {
        PoolSettings s = pool(List.of(N3, N1, N4, N2));
        assertThat(s.inDataCenter("dc1")).containsExactly(N1, N2);
        assertThat(s.inDataCenter("dc2")).containsExactly(N3, N4);
        assertThat(s.inDataCenter("dc3")).isEmpty();
    }

    @Test
    void memberFindsAMemberByItsExactId() {
        PoolSettings s = pool(List.of(N1, N2, N3));
        assertThat(s.member("n2")).contains(N2);
        assertThat(s.member("n9")).isEmpty();
        assertThat(s.member("N2")).isEmpty();
    }

    @Test
    void theMemberListCannotBeChangedFromOutside() {
        List<PoolMember> list = new java.util.ArrayList<>(List.of(N1));
        PoolSettings s = pool(list);
        list.add(N2);
        assertThat(s.members()).containsExactly(N1);
        assertThatThrownBy(() -> s.members().add(N2)).isInstanceOf(UnsupportedOperationException.class);
    }
}
