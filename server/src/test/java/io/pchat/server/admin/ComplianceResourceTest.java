package io.pchat.server.admin;

import static io.pchat.server.admin.AdminTestNode.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.admin.AdminTestNode.Answer;
import io.pchat.storage.log.NewMessage;
import io.pchat.storage.room.Room;

/** The compliance export (streamed XML for a time range) and the purges, each recorded as an event. */
class ComplianceResourceTest {

    @TempDir
    static Path dir;
    static AdminTestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = AdminTestNode.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static Room room(String name) throws Exception {
        node.post("/rooms", json("{'name': '" + name + "'}"));
        return node.store().rooms().byName(name).orElseThrow();
    }

    private static void post(Room room, String text) throws Exception {
        node.store().messageLog().append(new NewMessage(room.id(), "sip:writer@example.com", text, false, null))
                .get(10, TimeUnit.SECONDS);
    }

    private static int stored(Room room) throws Exception {
        return node.store().history().last(room.id(), 500).get(10, TimeUnit.SECONDS).size();
    }

    private static String export() throws Exception {
        return node.get("/compliance/export?from=2000-01-01&to=" + Instant.now().plusSeconds(60)).body();
    }

    @Test
    void theExportIsXmlWithTheChatsOfTheRange() throws Exception {
        Room room = room("Exported");
        post(room, "for the <record> & more");
        Answer answer = node.get("/compliance/export?from=2000-01-01");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/xml");
        assertThat(answer.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<complianceExport from=\"2000-01-01T")
                .contains("kind=\"CHAT\"", "room=\"" + room.id() + "\"", "for the &lt;record&gt; &amp; more")
                .endsWith("</complianceExport>\n");
        String past = node.get("/compliance/export?from=2000-01-01&to=2000-01-02").body();
        assertThat(past).doesNotContain("<event");
    }

    @Test
    void aBigExportStreamsWhole() throws Exception {
        Room room = room("Big export");
        String text = "y".repeat(400);
        for (int i = 0; i < 300; i++) {
            node.store().messageLog().append(new NewMessage(room.id(), "sip:writer@example.com", text + i, false, null));
        }
        post(room, "last one");
        String xml = export();
        assertThat(xml).contains(text + "299", "last one").endsWith("</complianceExport>\n");
    }

    @Test
    void badOrMissingTimesAre400() throws Exception {
        assertThat(node.get("/compliance/export").status()).isEqualTo(400);
        Answer bad = node.get("/compliance/export?from=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).startsWith("'from' must be a date");
        assertThat(node.get("/compliance/export?from=2020-01-02&to=2020-01-01").status()).isEqualTo(400);
    }

    @Test
    void aRoomPurgeDeletesItsMessagesAndIsRecorded() throws Exception {
        Room purged = room("Purged");
        Room kept = room("Kept");
        post(purged, "one");
        post(purged, "two");
        post(kept, "stays");
        Answer answer = node.post("/rooms/Purged/purge", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("deleted").asInt()).isEqualTo(2);
        assertThat(stored(purged)).isZero();
        assertThat(stored(kept)).isEqualTo(1);
        assertThat(export()).contains("kind=\"PURGE\"", "user=\"sip:admin@example.com\" room=\"" + purged.id() + "\"",
                "purged 2 message(s) of room 'Purged'");
        assertThat(node.post("/rooms/Nowhere/purge", null).status()).isEqualTo(404);
    }

    @Test
    void aPurgeBeforeATimeDeletesOlderMessagesEverywhere() throws Exception {
        Room old = room("Old news");
        post(old, "old");
        Instant cut = Instant.now().plusMillis(5);
        Thread.sleep(20);
        Room fresh = room("Fresh news");
        post(fresh, "fresh");
        Answer answer = node.post("/messages/purge?before=" + cut, null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("deleted").asInt()).isPositive();
        assertThat(stored(old)).isZero();
        assertThat(stored(fresh)).isEqualTo(1);
        assertThat(export()).contains("message(s) before " + cut);
        assertThat(node.post("/messages/purge", null).status()).isEqualTo(400);
    }
}
