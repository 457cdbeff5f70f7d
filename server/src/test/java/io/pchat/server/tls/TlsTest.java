package io.pchat.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.handler.ssl.ClientAuth;
import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.client.ClientTls;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.admin.AdminSettings;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;

/** SIP over TLS with the development certificate, refused certificates, and mutual TLS. */
class TlsTest {

    @TempDir
    Path dir;

    private ChatNode start(TlsSettings tls) throws Exception {
        NodeConfig embedded = NodeConfig.embedded(dir.resolve("node"));
        ChatNode node = new ChatNode(embedded.withSessions(embedded.sessions().toBuilder().port(0).build())
                .withFilePort(0).withAdmin(AdminSettings.defaults().withPort(0)).withTls(tls, 0));
        node.start();
        return node;
    }

    private static ClientOptions alice(ChatNode node, ClientTls tls) {
        return ClientOptions.forUser("sip:alice@example.com").withServer("127.0.0.1", node.sipTlsPort())
                .withConnectTimeout(Duration.ofSeconds(5)).withCommandTimeout(Duration.ofSeconds(5)).withTls(tls);
    }

    @Test
    void aClientTrustingTheDevelopmentCertificateChatsOverTlsAndFilesAreServedOverHttps() throws Exception {
        Path[] node = DevCertificate.write(dir, "node", "localhost");
        ChatNode chat = start(new TlsSettings(node[0], node[1], Optional.empty(), ClientAuth.NONE));
        try (ChatClient alice = ChatClient.open(alice(chat, ClientTls.pinned(node[0])))) {
            RoomUri lobby = RoomUri.of("example.com", chat.store().rooms().byName("Lobby").orElseThrow().id());
            assertThat(alice.join(lobby).get().isOk()).isTrue();
            var heard = alice.events(); // records from now on
            assertThat(alice.post(lobby, "over TLS").get().status()).isEqualTo(200);
            assertThat(heard.nextMessage(Duration.ofSeconds(5))).hasValueSatisfying(m -> assertThat(m.chat()).isEqualTo("over TLS"));
            assertThat(alice.fileUploadToken(lobby, "a.txt").get().value()).hasValueSatisfying(
                    t -> assertThat(t.serveruri()).startsWith("https://"));
        } finally {
            chat.stop();
        }
    }

    @Test
    void aClientTrustingAnotherCertificateIsRefusedByItsOwnHandshake() throws Exception {
        Path[] node = DevCertificate.write(dir, "node", "localhost");
        Path[] stranger = DevCertificate.write(dir, "stranger", "localhost");
        ChatNode chat = start(new TlsSettings(node[0], node[1], Optional.empty(), ClientAuth.NONE));
        try {
            assertThatThrownBy(() -> ChatClient.open(alice(chat, ClientTls.pinned(stranger[0])))).isInstanceOf(Exception.class);
            assertThat(chat.store().messageLog().stats().messages()).isZero();
        } finally {
            chat.stop();
        }
    }

    @Test
    void mutualTlsAdmitsOnlyAPeerWithATrustedClientCertificate() throws Exception {
        Path[] node = DevCertificate.write(dir, "node", "localhost");
        Path[] frontEnd = DevCertificate.write(dir, "front-end", "frontend.example.com");
        Path[] stranger = DevCertificate.write(dir, "stranger", "stranger.example.com");
        ChatNode chat = start(new TlsSettings(node[0], node[1], Optional.of(frontEnd[0]), ClientAuth.REQUIRE));
        try {
            assertThatThrownBy(() -> ChatClient.open(alice(chat, ClientTls.pinned(node[0])))).as("no certificate")
                    .isInstanceOf(Exception.class);
            assertThatThrownBy(() -> ChatClient.open(alice(chat, ClientTls.pinned(node[0])
                    .withClientCertificate(stranger[0], stranger[1])))).as("an untrusted certificate")
                    .isInstanceOf(Exception.class);
            try (ChatClient trusted = ChatClient.open(alice(chat, ClientTls.pinned(node[0])
                    .withClientCertificate(frontEnd[0], frontEnd[1])))) {
                assertThat(trusted.requri().get().isOk()).isTrue();
            }
        } finally {
            chat.stop();
        }
    }
}
