package io.pchat.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.storage.StorageUnavailableException;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.db.Database;
import io.pchat.storage.db.Endpoints;

/**
 * A node that starts writes where the endpoints' own pool records say the pool writes: after a
 * mirror takeover or a failover it starts on the new writer (even when the old primary is back,
 * stale), and it never starts on a mirror that was not promoted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriterAtStartTest {
    @TempDir
    Path dir;
    H2Server primary;
    H2Server mirror;
    H2Server backup;
    StorageConfig config;

    @BeforeEach
    void databases() throws Exception {
        primary = new H2Server(Files.createDirectories(dir.resolve("primary")));
        mirror = new H2Server(Files.createDirectories(dir.resolve("mirror")));
        backup = new H2Server(Files.createDirectories(dir.resolve("backup")));
        config = StorageConfig.builder().primary(EndpointConfig.of(primary.url())).mirror(EndpointConfig.of(mirror.url()))
                .backup(EndpointConfig.of(backup.url())).connectionTimeout(Duration.ofSeconds(5)).build();
        Endpoints.open(config).close(); // a first start migrates every endpoint
    }

    @AfterEach
    void stop() {
        primary.close();
        mirror.close();
        backup.close();
    }

    private void poolState(H2Server server, String state, long epoch) {
        try (Database db = Database.open("setup", EndpointConfig.of(server.url()), server.url(), Duration.ofSeconds(5))) {
            Cluster.execute(db, "UPDATE pool_state SET state = '" + state + "', epoch = " + epoch);
        }
    }

    private String writerAtStart() {
        try (Endpoints endpoints = Endpoints.open(config)) {
            Database w = endpoints.writer();
            return w == endpoints.primary() ? "primary" : w == endpoints.mirror().orElseThrow() ? "mirror" : "backup";
        }
    }

    @Test
    void normallyThePrimaryWrites() {
        assertThat(writerAtStart()).isEqualTo("primary");
    }

    @Test
    void afterAMirrorTakeoverANodeStartsOnTheMirrorWhileThePrimaryIsDown() {
        poolState(mirror, "NORMAL", 2);
        primary.stop();

        assertThat(writerAtStart()).isEqualTo("mirror");
    }

    @Test
    void aPrimaryThatComesBackStaleAfterATakeoverIsNotWrittenTo() {
        poolState(mirror, "NORMAL", 2); // promoted while the primary was down: the primary still says NORMAL at 1

        assertThat(writerAtStart()).isEqualTo("mirror");
    }

    @Test
    void afterAFailoverTheBackupWinsOverAStalePrimaryAndAnOldTakeover() {
        poolState(mirror, "NORMAL", 2);
        poolState(backup, "FAILED_OVER", 3);

        assertThat(writerAtStart()).isEqualTo("backup");
    }

    @Test
    void afterAFailbackThePrimaryWritesAgain() {
        poolState(mirror, "RETIRED", 4);
        poolState(backup, "RETIRED", 4);
        poolState(primary, "NORMAL", 4);

        assertThat(writerAtStart()).isEqualTo("primary");
    }

    @Test
    void aMirrorThatWasNeverPromotedOrWasRebuiltIsNeverStartedOn() {
        primary.stop();
        assertThatThrownBy(this::writerAtStart).isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("primary").hasMessageContaining("does not answer")
                .hasMessageContaining("mirror").hasMessageContaining("NORMAL at epoch 1");

        poolState(mirror, "NORMAL", 0); // what a rebuild leaves
        assertThatThrownBy(this::writerAtStart).isInstanceOf(StorageUnavailableException.class);
    }
}
