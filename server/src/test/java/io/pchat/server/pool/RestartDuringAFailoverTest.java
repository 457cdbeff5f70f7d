package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.drill.DrillPool;
import io.pchat.server.node.ChatNode;
import io.pchat.storage.db.EndpointRole;

/**
 * After dc1 is lost and the pool failed over to dc2, a dc2 node that restarts (crash, upgrade)
 * starts on the backup although the configured primary does not answer, and rejoins the pool.
 */
class RestartDuringAFailoverTest {
    @TempDir
    Path dir;
    DrillPool pool;

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void aDc2NodeRestartsWhileThePoolRunsOnTheBackup() throws Exception {
        pool = new DrillPool(dir, DrillPool.Shape.small()).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.node("dc1-n1").pool().view().liveActive().size() == 2);
        for (String id : pool.members("dc1")) {
            pool.killNode(id);
        }
        pool.killDatabase("primary");
        pool.killDatabase("mirror");
        ChatNode n1 = pool.node("dc2-n1");
        new PoolOperations(n1.pool(), n1.store(), Clock.systemUTC()).failover("dc2", Duration.ZERO);
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.node("dc2-n2").pool().view().selfActive()
                && pool.node("dc2-n2").store().replication().writerRole() == EndpointRole.BACKUP);

        pool.killNode("dc2-n2"); // e.g. a crash or a rolling upgrade of dc2
        Throwable failure = null;
        try {
            pool.startNode("dc2-n2");
        } catch (Throwable t) {
            failure = t;
        }
        assertThat(failure).as("a dc2 node restarts while the pool runs on the backup").isNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.node("dc2-n2").pool().view().liveActive()
                .equals(List.of("dc2-n1", "dc2-n2")));
    }
}
