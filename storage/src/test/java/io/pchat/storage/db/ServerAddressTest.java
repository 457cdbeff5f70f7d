package io.pchat.storage.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.pchat.storage.config.EndpointConfig;

/** Where a JDBC URL's server listens, and the plain TCP probe that tells a refusing server from a slow one. */
class ServerAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:h2:tcp://db1.example.com:9123/./data/pchat;WRITE_DELAY=0 | db1.example.com:9123
            jdbc:h2:tcp://Db1/~/pchat                                     | Db1:9092
            jdbc:h2:ssl://10.0.0.5:9999/pchat                             | 10.0.0.5:9999
            jdbc:postgresql://pg.example.com:5433/pchat?ssl=true          | pg.example.com:5433
            jdbc:postgresql://pg.example.com/pchat                        | pg.example.com:5432
            jdbc:sqlserver://sql1.example.com:1444;databaseName=pchat     | sql1.example.com:1444
            jdbc:sqlserver://sql1;databaseName=pchat                      | sql1:1433
            jdbc:sqlserver://sql1\\chat:1500;databaseName=pchat           | sql1:1500
            """)
    void namesTheServersHostAndPortWithEachDriversDefault(String url, String expected) {
        InetSocketAddress address = ServerAddress.of(url).orElseThrow();
        assertThat(address.getHostString() + ":" + address.getPort()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:h2:file:./data/db/pchat;WRITE_DELAY=0
            jdbc:h2:mem:test;DB_CLOSE_DELAY=-1
            jdbc:postgresql://pg1:5432,pg2:5432/pchat
            jdbc:sqlserver://sql1\\chat;databaseName=pchat
            """)
    void namesNoneForAnEmbeddedDatabaseSeveralHostsOrANamedInstanceWithoutAPort(String url) {
        assertThat(ServerAddress.of(url)).isEqualTo(Optional.empty());
    }

    @Test
    void aServerWhosePortNothingListensOnRefusesConnectionsOneThatListensDoesNot() throws Exception {
        int port;
        try (ServerSocket listening = new ServerSocket(0)) {
            port = listening.getLocalPort();
            try (Database db = Database.open("primary", EndpointConfig.of("jdbc:h2:tcp://127.0.0.1:" + port + "/x"),
                    "jdbc:h2:tcp://127.0.0.1:" + port + "/x", Duration.ofMillis(500), Duration.ofMillis(500))) {
                assertThat(db.refusesConnections()).as("something listens").isFalse();
                listening.close();
                assertThat(db.refusesConnections()).as("nothing listens any more").isTrue();
            }
        }
        try (Database embedded = Database.open("primary", EndpointConfig.of("jdbc:h2:mem:refusal"), "jdbc:h2:mem:refusal",
                Duration.ofMillis(500), Duration.ofMillis(500))) {
            assertThat(embedded.refusesConnections()).as("no server to refuse").isFalse();
        }
    }
}
