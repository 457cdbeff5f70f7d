package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

/** A pool node as the topology names it: {@code <id> <dataCenter> <sipHost:port> <linkHost:port>}. */
class PoolMemberTest {

    @Test
    void aGoodSpecGivesEveryField() {
        PoolMember m = PoolMember.parse("n1 dc1 10.0.0.1:5041 10.0.0.2:8011");
        assertThat(m.id()).isEqualTo("n1");
        assertThat(m.dataCenter()).isEqualTo("dc1");
        assertThat(m.sip().getHostString()).isEqualTo("10.0.0.1");
        assertThat(m.sip().getPort()).isEqualTo(5041);
        assertThat(m.link().getHostString()).isEqualTo("10.0.0.2");
        assertThat(m.link().getPort()).isEqualTo(8011);
    }

    @Test
    void surroundingAndRepeatedWhitespaceIsAllowed() {
        PoolMember m = PoolMember.parse("  n2\tdc2   chat2.example.com:5061  chat2.example.com:8011 ");
        assertThat(m.id()).isEqualTo("n2");
        assertThat(m.dataCenter()).isEqualTo("dc2");
        assertThat(m.sip().getHostString()).isEqualTo("chat2.example.com");
        assertThat(m.link().getPort()).isEqualTo(8011);
    }

    @Test
    void parsingIsTheInverseOfToString() {
        PoolMember m = PoolMember.parse("n1 dc1 10.0.0.1:5041 10.0.0.1:8011");
        assertThat(m.toString()).isEqualTo("n1 dc1 10.0.0.1:5041 10.0.0.1:8011");
        assertThat(PoolMember.parse(m.toString())).isEqualTo(m);
    }

    @Test
    void aHostNameIsNotResolvedWhenParsed() {
        PoolMember m = PoolMember.parse("n1 dc1 no-such-host.invalid:5041 no-such-host.invalid:8011");
        assertThat(m.sip().isUnresolved()).isTrue();
        assertThat(m.link().isUnresolved()).isTrue();
    }

    @Test
    void tooFewOrTooManyFieldsAreRefusedShowingTheExpectedForm() {
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 10.0.0.1:5041")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<id> <dataCenter> <sipHost:port> <linkHost:port>")
                .hasMessageContaining("n1 dc1 10.0.0.1:5041");
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 10.0.0.1:5041 10.0.0.1:8011 extra"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<id> <dataCenter>");
    }

    @Test
    void aBlankOrMissingSpecIsRefused() {
        assertThatThrownBy(() -> PoolMember.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a pool node is");
        assertThatThrownBy(() -> PoolMember.parse("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a pool node is");
        assertThatThrownBy(() -> PoolMember.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a pool node is");
    }

    @Test
    void anAddressWithoutAPortIsRefusedNamingWhichAddress() {
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 10.0.0.1 10.0.0.1:8011")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIP address must be host:port").hasMessageContaining("\"10.0.0.1\"");
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 10.0.0.1:5041 10.0.0.1:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node-link address must be host:port").hasMessageContaining("\"10.0.0.1:\"");
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 :5041 10.0.0.1:8011")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIP address must be host:port");
    }

    @Test
    void aPortThatIsNotANumberIsRefused() {
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 10.0.0.1:sip 10.0.0.1:8011")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIP port is not a number").hasMessageContaining("10.0.0.1:sip");
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 10.0.0.1:5041 10.0.0.1:80x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node-link port is not a number");
    }

    @Test
    void aPortOutsideOneTo65535IsRefused() {
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 10.0.0.1:0 10.0.0.1:8011")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIP port must be 1..65535").hasMessageContaining("10.0.0.1:0");
        assertThatThrownBy(() -> PoolMember.parse("n1 dc1 10.0.0.1:5041 10.0.0.1:70000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node-link port must be 1..65535").hasMessageContaining("10.0.0.1:70000");
        assertThat(PoolMember.parse("n1 dc1 h:1 h:65535").link().getPort()).isEqualTo(65535);
    }

    @Test
    void aMemberNeedsAnIdAndADataCenter() {
        InetSocketAddress a = InetSocketAddress.createUnresolved("h", 1);
        assertThatThrownBy(() -> new PoolMember(" ", "dc1", a, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id and a data center");
        assertThatThrownBy(() -> new PoolMember("n1", "", a, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id and a data center");
    }

    @Test
    void theSipUriNamesTheNodeItsSipAddressAndTcp() {
        assertThat(PoolMember.parse("n1 dc1 10.0.0.1:5041 10.0.0.1:8011").sipUri())
                .isEqualTo("sip:n1@10.0.0.1:5041;transport=tcp");
        assertThat(PoolMember.parse("dc2-n2 dc2 chat.example.com:5060 10.0.0.9:8011").sipUri())
                .isEqualTo("sip:dc2-n2@chat.example.com:5060;transport=tcp");
    }
}
