package io.pchat.server.sip;

import static io.pchat.server.sip.ListenerFixture.POOL_URI;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPResponse;

/** Auth mode TRUSTED: only configured front ends, whose asserted identity is believed. */
class TrustedPeerTest {

    @Test
    void anInviteFromAPeerThatIsNotTrustedIsRefusedWith403() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(b -> b.authMode(AuthMode.TRUSTED).trustedPeers("192.0.2.10"));
             SipTestClient client = node.connect()) {
            SIPResponse response = new ClientDialog(client, "sip:alice@example.com", POOL_URI).invite();

            assertThat(response.getStatusCode()).isEqualTo(403);
            assertThat(node.service.started).isEmpty();
        }
    }

    @Test
    void aTrustedPeersPAssertedIdentityIsTheIdentityElseTheFromAddress() throws Exception {
        try (ListenerFixture node = ListenerFixture.start(b -> b.authMode(AuthMode.TRUSTED).trustedPeers("127.0.0.1"));
             SipTestClient client = node.connect()) {
            ClientDialog asserted = new ClientDialog(client, "sip:frontend@example.com", POOL_URI);
            ClientDialog plain = new ClientDialog(client, "sip:Carol@Example.com", POOL_URI);

            assertThat(asserted.invite("P-Asserted-Identity: \"Bob\" <sip:Bob@Example.com>").getStatusCode()).isEqualTo(200);
            assertThat(plain.invite().getStatusCode()).isEqualTo(200);

            assertThat(ChatDialogTestSupport.startedSession(node, asserted).user()).isEqualTo("sip:bob@example.com");
            assertThat(ChatDialogTestSupport.startedSession(node, plain).user()).isEqualTo("sip:carol@example.com");
        }
    }
}
