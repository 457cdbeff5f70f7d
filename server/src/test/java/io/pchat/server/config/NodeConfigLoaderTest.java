package io.pchat.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.pchat.server.node.NodeConfig;
import io.pchat.server.pool.PoolMember;
import io.pchat.server.sip.AuthMode;
import io.pchat.storage.config.InvalidConfigurationException;
import io.pchat.storage.config.ReplicationMode;
import io.pchat.storage.config.Setting;

class NodeConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("pchat.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** A configuration file of its own, for a test that keeps several at once. */
    private Path file(String name, String yaml) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static InvalidConfigurationException refusal(Runnable load) {
        try {
            load.run();
        } catch (InvalidConfigurationException e) {
            return e;
        }
        throw new AssertionError("the configuration was accepted");
    }

    @Test
    void withNothingTheEmbeddedDefaultIsUsed() {
        NodeConfig config = NodeConfigLoader.load(null, Map.of());
        assertThat(config.dataDirectory()).isEqualTo(Path.of("./data"));
        assertThat(config.sessions().bindHost()).isEqualTo("127.0.0.1");
        assertThat(config.sessions().port()).isEqualTo(5041);
        assertThat(config.sessions().domain()).isEqualTo("example.com");
        assertThat(config.sessions().authMode()).isEqualTo(AuthMode.NONE);
        assertThat(config.sessions().poolUri()).isEqualTo("sip:pchat@example.com");
        assertThat(config.filePort()).isEqualTo(8081);
        assertThat(config.chat().defaultChatHistory()).isEqualTo(30);
        assertThat(config.storage().primary().url()).startsWith("jdbc:h2:file:").contains("data");
        assertThat(config.storage().mirror()).isEmpty();
        assertThat(config.storage().replication()).isEqualTo(ReplicationMode.BUILTIN);
    }

    @Test
    void theFileSetsNestedKeysAndDurationsAndLists() throws IOException {
        NodeConfig config = NodeConfigLoader.load(file("""
                node:
                  dataDirectory: /srv/pchat
                sip:
                  port: 5062
                  domain: contoso.com
                  sessionExpires: 10m
                chat:
                  defaultChatHistory: 50
                storage:
                  primary:
                    url: jdbc:postgresql://db1/pchat
                    user: pchat
                    password: s3cret
                  mirror:
                    url: jdbc:postgresql://db2/pchat
                  replication: external
                  groupCommit:
                    maxBatch: 64
                    maxWait: 2ms
                """), Map.of());
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/srv/pchat"));
        assertThat(config.sessions().port()).isEqualTo(5062);
        assertThat(config.sessions().poolUri()).isEqualTo("sip:pchat@contoso.com");
        assertThat(config.sessions().sessionExpiresSeconds()).isEqualTo(600);
        assertThat(config.chat().defaultChatHistory()).isEqualTo(50);
        assertThat(config.storage().primary().url()).isEqualTo("jdbc:postgresql://db1/pchat");
        assertThat(config.storage().mirror()).hasValueSatisfying(m -> assertThat(m.url()).isEqualTo("jdbc:postgresql://db2/pchat"));
        assertThat(config.storage().replication()).isEqualTo(ReplicationMode.EXTERNAL);
        assertThat(config.storage().groupCommitMaxBatch()).isEqualTo(64);
        assertThat(config.storage().groupCommitMaxWait()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void thePoolIsItsNodesListWithTheirDataCentersAndAddresses() throws IOException {
        NodeConfig config = NodeConfigLoader.load(file("""
                node:
                  name: n3
                pool:
                  nodes:
                    - "n1 dc1 127.0.0.1:5041 127.0.0.1:8011"
                    - "n3 dc2 127.0.0.1:5043 127.0.0.1:8013"
                  heartbeat: 500ms
                  leaseExpiry: 3s
                  link:
                    port: 8013
                    tls: false
                """), Map.of());
        assertThat(config.pool().isPool()).isTrue();
        assertThat(config.pool().members()).extracting(PoolMember::id).containsExactly("n1", "n3");
        assertThat(config.pool().member("n3")).hasValueSatisfying(m -> {
            assertThat(m.dataCenter()).isEqualTo("dc2");
            assertThat(m.sip().getPort()).isEqualTo(5043);
        });
        assertThat(config.pool().heartbeat()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.pool().linkPort()).isEqualTo(8013);
        assertThat(NodeConfigLoader.load(null, Map.of()).pool().isPool()).as("no pool.nodes: a single node").isFalse();
    }

    @Test
    void aPoolThatDoesNotListThisNodeOrIsMalformedIsRefusedNamingTheKey() throws IOException {
        assertThatThrownBy(() -> NodeConfigLoader.load(file("pool:\n  nodes: [\"n1 dc1 127.0.0.1:5041 127.0.0.1:8011\"]\n"),
                Map.of())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("pool.nodes").hasMessageContaining("node1");
        assertThatThrownBy(() -> NodeConfigLoader.load(file("pool:\n  nodes: [\"node1 dc1 127.0.0.1\"]\n"), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("pool.nodes");
        assertThatThrownBy(() -> NodeConfigLoader.load(file("pool:\n  heartbeat: 2s\n  leaseExpiry: 3s\n"), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("pool.leaseExpiry");
    }

    private static final String TWO_NODES = "node:\n  name: n1\npool:\n  nodes:\n    - \"n1 dc1 HOST:5041 HOST:8011\"\n"
            + "    - \"n2 dc1 HOST:5042 HOST:8012\"\n  link:\n    host: HOST\n";

    @Test
    void theNodeLinkIsMutualTlsByDefaultAndPlainOnlyOnLoopbackWhenSaid() throws IOException {
        String loopback = TWO_NODES.replace("HOST", "127.0.0.1");
        Path withoutCertificates = file("without-certificates", loopback);
        Path plainOffLoopback = file("plain-off-loopback", TWO_NODES.replace("HOST", "10.9.8.7") + "    tls: false\n");
        assertThat(refusal(() -> NodeConfigLoader.load(withoutCertificates, Map.of())).key())
                .as("a pool without link certificates").isEqualTo("pool.link.certificate");
        assertThat(refusal(() -> NodeConfigLoader.load(plainOffLoopback, Map.of())).key())
                .as("an unauthenticated link off loopback").isEqualTo("pool.link.tls");
        assertThat(NodeConfigLoader.load(file(loopback + "    tls: false\n"), Map.of()).pool().linkTls())
                .as("said, on loopback").isFalse();

        Path pki = dir.resolve("pool-tls");
        io.pchat.server.tls.PoolCertificates.write(pki, java.util.List.of("n1", "n2"));
        NodeConfig withCertificates = NodeConfigLoader.load(file(loopback
                + "    certificate: " + pki.resolve("n1.crt") + "\n    privateKey: " + pki.resolve("n1.key")
                + "\n    trustedCertificates: " + pki.resolve("ca.crt") + "\n"), Map.of());
        assertThat(withCertificates.pool().linkTls()).isTrue();
        assertThat(withCertificates.pool().linkCertificates()).hasValueSatisfying(
                t -> assertThat(t.certificate()).isEqualTo(pki.resolve("n1.crt")));
        Path certificateAlone = file("certificate-alone", loopback + "    certificate: " + pki.resolve("n1.crt") + "\n");
        assertThat(refusal(() -> NodeConfigLoader.load(certificateAlone, Map.of())).key()).isEqualTo("pool.link.privateKey");
    }

    @Test
    void environmentVariablesOverrideTheFileAndOptionsOverrideBoth() throws IOException {
        Path f = file("sip:\n  port: 5062\nchat:\n  searchLimit: 100\n");
        NodeConfig config = NodeConfigLoader.load(f, Map.of("PCHAT_SIP_PORT", "5070",
                "PCHAT_STORAGE_GROUPCOMMIT_MAXBATCH", "32", "HOME", "/root"), Map.of("chat.searchLimit", "7"));
        assertThat(config.sessions().port()).isEqualTo(5070);
        assertThat(config.storage().groupCommitMaxBatch()).isEqualTo(32);
        assertThat(config.chat().searchLimit()).isEqualTo(7);
    }

    @Test
    void theEffectiveConfigurationMasksPasswords() throws IOException {
        NodeConfig config = NodeConfigLoader.load(file("""
                storage:
                  primary:
                    url: jdbc:postgresql://db1/pchat?password=inurl
                    password: s3cret
                """), Map.of());
        assertThat(config.describe()).doesNotContain("s3cret").doesNotContain("inurl").contains("******");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown key, with a suggestion | 'sip:\n  prot: 5062\n'                     | sip.prot   | did you mean sip.port",
            "an unknown section                | 'sipp:\n  port: 5062\n'                    | sipp       | is not a setting",
            "a word for a number               | 'sip:\n  port: many\n'                     | sip.port   | must be a whole number",
            "a port out of range               | 'sip:\n  port: 70000\n'                    | sip.port   | between 0 and 65535",
            "a bad duration                    | 'storage:\n  shipInterval: soon\n'         | storage.shipInterval | must be a duration",
            "a duration too short              | 'storage:\n  shipInterval: 1ms\n'          | storage.shipInterval | must be between 10ms and 1h",
            "an unknown choice                 | 'sip:\n  auth: kerberos\n'                 | sip.auth   | must be one of none, digest, trusted",
            "a mapping where a value belongs   | 'sip:\n  port:\n    a: 1\n'                | sip.port   | not a mapping",
            "a list where a value belongs      | 'sip:\n  port: [1, 2]\n'                   | sip.port   | not a list",
            "history above 500                 | 'chat:\n  defaultChatHistory: 501\n'       | chat.defaultChatHistory | between 1 and 500",
            "auth none on a public address     | 'sip:\n  host: 0.0.0.0\n'                  | sip.auth   | allowed only when sip.host is a loopback",
            "trusted without peers             | 'sip:\n  auth: trusted\n'                  | sip.trustedPeers | at least one peer",
            "a peer that is a name             | 'sip:\n  auth: trusted\n  trustedPeers: [frontend.example.com]\n' | sip.trustedPeers | IP literal",
            "a bad database URL                | 'storage:\n  primary:\n    url: mysql://x\n' | storage.primary.url | must start with jdbc:h2:",
            "a queue smaller than a batch      | 'storage:\n  appendQueueCapacity: 10\n'    | storage.appendQueueCapacity | at least storage.groupCommit.maxBatch",
            "a mirror equal to the primary     | 'storage:\n  primary:\n    url: jdbc:h2:mem:a\n  mirror:\n    url: jdbc:h2:mem:a\n' | storage.mirror.url | another database",
            "admin over plain HTTP, public     | 'admin:\n  host: 0.0.0.0\n'                | admin.allowPlainHttp | would be plain HTTP",
            "a per-connection cap under the mark | 'sip:\n  maxOutboundBytes: 65536\n'    | sip.maxOutboundBytes | at least sip.outboundHighWaterMark",
            "a budget under the per-connection cap | 'sip:\n  outboundBudget: 1048576\n'  | sip.outboundBudget | at least sip.maxOutboundBytes",
            "not YAML                          | 'sip: [unclosed\n'                         | --config   | not valid YAML",
            "not a mapping                     | '- a\n- b\n'                               | --config   | must be a mapping",
    })
    void aBadValueStopsTheStartNamingTheKey(String what, String yaml, String key, String message) throws IOException {
        Path f = file(yaml.replace("\\n", "\n"));
        InvalidConfigurationException e = refusal(() -> NodeConfigLoader.load(f, Map.of()));
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ").contains(message);
    }

    @Test
    void theAdminApiOnAPublicAddressOverPlainHttpNeedsItSaidOutLoud() throws IOException {
        NodeConfig config = NodeConfigLoader.load(file("admin:\n  host: 0.0.0.0\n  allowPlainHttp: true\n"), Map.of());
        assertThat(config.admin().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void anUnknownPchatEnvironmentVariableStopsTheStart() {
        InvalidConfigurationException e = refusal(() -> NodeConfigLoader.load(null, Map.of("PCHAT_SIP_PROT", "1")));
        assertThat(e.key()).isEqualTo("PCHAT_SIP_PROT");
        assertThat(e.getMessage()).contains("PCHAT_SIP_PORT");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> NodeConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("no such file");
    }

    @Test
    void anEmptyFileMeansEveryDefault() throws IOException {
        assertThat(NodeConfigLoader.load(file(""), Map.of()).sessions().port()).isEqualTo(5041);
    }

    @Test
    void theCheckedInExampleIsValidListsEverySettingAndMatchesTheSchema() throws IOException {
        Path example = Path.of("..", "pchat.example.yaml");
        assertThat(Files.readString(example)).as("regenerate with ExampleConfig.yaml()").isEqualTo(ExampleConfig.yaml());
        NodeConfig config = NodeConfigLoader.load(example, Map.of());
        assertThat(config.sessions().port()).isEqualTo(5041);
        for (Setting s : ConfigSchema.all()) {
            String leaf = s.key().substring(s.key().lastIndexOf('.') + 1);
            assertThat(ExampleConfig.yaml()).as(s.key()).contains(leaf + ":");
        }
    }
}
