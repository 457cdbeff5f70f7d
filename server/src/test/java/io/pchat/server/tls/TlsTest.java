package io.pchat.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.handler.ssl.ClientAuth;
import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.client.ClientTls;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.admin.AdminSettings;
import io.pchat.server.cli.PchatCommand;
import io.pchat.server.node.ChatNode;
import io.pchat.server.node.NodeConfig;
import picocli.CommandLine;

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
    void theAdminToolSpeaksHttpsTrustingTheDevelopmentCertificateAndSaysWhatToDoWithoutIt() throws Exception {
        Path[] node = DevCertificate.write(dir, "node", List.of());
        ChatNode chat = start(new TlsSettings(node[0], node[1], Optional.empty(), ClientAuth.NONE));
        try {
            String hostPort = "127.0.0.1:" + chat.adminAddress().getPort();

            Run trusted = admin("--url", "https://" + hostPort, "--tls-trust", node[0].toString(), "health");
            // from the node's directory nothing needs saying: the node wrote its URL and certificate beside the token
            Run found = admin("--token-file", dir.resolve("node").resolve("admin.token").toString(), "health");
            Run plain = admin("--url", "http://" + hostPort, "health");
            Run untrusted = admin("--url", "https://" + hostPort, "health");

            assertThat(trusted.exit()).as(trusted.err()).isZero();
            assertThat(trusted.out()).contains("ready:").contains("yes");
            assertThat(found.exit()).as(found.err()).isZero();
            assertThat(found.out()).contains("ready:");
            assertThat(plain.exit()).isEqualTo(4);
            assertThat(plain.err()).contains("speaks HTTPS").contains("--tls-trust");
            assertThat(untrusted.exit()).isEqualTo(4);
            assertThat(untrusted.err()).contains("--tls-trust");
        } finally {
            chat.stop();
        }
    }

    @Test
    void aPlainClientOnTheTlsPortIsToldItMayBeATlsPort() throws Exception {
        Path[] node = DevCertificate.write(dir, "node", List.of());
        ChatNode chat = start(new TlsSettings(node[0], node[1], Optional.empty(), ClientAuth.NONE));
        try {
            Run plain = pchat("client", "--server", "127.0.0.1:" + chat.sipTlsPort(), "--user", "sip:alice@example.com",
                    "--timeout", "5", "rooms");

            assertThat(plain.exit()).isEqualTo(4);
            assertThat(plain.err()).contains("TLS port").contains("--tls-trust");
        } finally {
            chat.stop();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    /** {@code pchat args...} in this JVM, its output captured. */
    private static Run pchat(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PchatCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run admin(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "admin";
        System.arraycopy(args, 0, all, 1, args.length);
        return pchat(all);
    }

    @Test
    void theDevelopmentCertificateNamesTheLocalHostByNameAndByAddress() throws Exception {
        Path[] node = DevCertificate.write(dir, "node", List.of("chat.example.com"));
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(node[0])) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<String> names = cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();

        assertThat(names).contains("localhost", "127.0.0.1", "chat.example.com")
                .anyMatch(n -> n.equals("0:0:0:0:0:0:0:1") || n.equals("::1"));
        assertThat(cert.getBasicConstraints()).as("its own CA, so that curl --cacert takes it").isGreaterThanOrEqualTo(0);
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
