package io.pchat.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ClientOptions;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.admin.AdminToken;
import io.pchat.server.drill.DrillPool;
import io.pchat.server.node.ChatNode;
import io.pchat.storage.room.Room;

/**
 * The operator's view of a stretched pool, in a real browser, on the drill's in-process pool (two
 * nodes in dc1, two in dc2, primary, mirror and backup databases as processes): the overview shows
 * dc1 active; the failover to dc2 is previewed with its recovery point, confirmed by typing the
 * data center's name, and the overview then shows dc2 active at the next epoch.
 */
class ConsolePoolBrowserTest {

    @Test
    void theOverviewShowsDc1ActiveAndAConfirmedFailoverMovesThePoolToDc2(@TempDir Path dir) throws Exception {
        try (DrillPool pool = new DrillPool(dir, DrillPool.Shape.small()).start()) {
            ChatNode watched = pool.node("dc1-n1");
            String token = Files.readString(dir.resolve("node-dc1-n1").resolve(AdminToken.FILE_NAME)).strip();
            try (Browser browser = Browser.open("http://127.0.0.1:" + watched.adminAddress().getPort())) {
                browser.signInAsOperator(token);
                assertThat(browser.waitForText("active-dc", "dc1")).isEqualTo("dc1");
                int posted = postUntilChartsShowIt(watched, browser);
                assertThat(posted).as("the load really ran").isPositive();
                browser.waitForText("member-dc2-n2", "yes"); // linked: the idle side is up
                assertThat(browser.text("pool-state")).isEqualTo("NORMAL");
                assertThat(browser.text("endpoint-PRIMARY")).contains("writing");
                browser.screenshot("overview");

                browser.go("#/pool");
                browser.choose("failover-dc", "dc2");
                browser.click("failover-preview-button");
                assertThat(browser.find("recovery-point").getText()).containsAnyOf("Nothing would be lost",
                        "would be lost");
                assertThat(browser.find("failover-go").isEnabled()).isFalse();
                browser.type("failover-wait", "0");
                browser.type("failover-confirm", "dc");
                assertThat(browser.find("failover-go").isEnabled()).as("half the name does not confirm").isFalse();
                browser.type("failover-confirm", "dc2");
                browser.screenshot("failover-confirmation");
                browser.click("failover-go");
                browser.waitForText("failover-done", "Failed over to dc2");
                assertThat(browser.find("action-result").getText()).startsWith("failed over to dc2")
                        .contains("lost messages");
                browser.waitForText("pool-summary", "State FAILED_OVER, epoch 2, active nodes dc2-n1, dc2-n2");
                browser.screenshot("failover-result");

                browser.go("#/overview");
                assertThat(browser.waitForText("active-dc", "dc2")).isEqualTo("dc2");
                browser.waitForText("member-dc1-n1", "idle");
                browser.waitForText("pool-state", "FAILED_OVER");
                assertThat(browser.text("overview")).contains("epoch 2, writer BACKUP");
                browser.waitForText("endpoint-BACKUP", "writing");
                browser.screenshot("overview-after-failover");
            }
        }
    }

    /**
     * A user in the Lobby of the watched node posts every 100 ms until the overview's posts/s chart
     * shows a rate above zero (points are 5 s apart: this takes one or two of them); returns the
     * posts stored.
     */
    private static int postUntilChartsShowIt(ChatNode node, Browser browser) throws Exception {
        Room lobby = node.store().rooms().byName("Lobby").orElseThrow();
        RoomUri uri = RoomUri.of(DrillPool.DOMAIN, lobby.id());
        int posted = 0;
        try (ChatClient alice = ChatClient.open(ClientOptions.forUser("sip:alice@" + DrillPool.DOMAIN)
                .withServer("127.0.0.1", node.sipPort()).withCommandTimeout(Browser.WAIT).withConnectTimeout(Browser.WAIT))) {
            assertThat(alice.join(uri).get(10, TimeUnit.SECONDS).isOk()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !chartShowsPosts(browser)) {
                for (int i = 0; i < 5; i++) {
                    assertThat(alice.post(uri, "load " + posted).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                    posted++;
                    Thread.sleep(100);
                }
            }
            assertThat(chartShowsPosts(browser)).as("the posts/s chart shows the %d posts", posted).isTrue();
            browser.waitForText("sessions", "1");
        }
        return posted;
    }

    private static boolean chartShowsPosts(Browser browser) {
        String text = browser.text("chart-posts"); // "POSTS / S\n<last>\n..."
        String[] lines = text.split("\n");
        return lines.length > 1 && !lines[1].equals("0") && !lines[1].equals("-");
    }
}
