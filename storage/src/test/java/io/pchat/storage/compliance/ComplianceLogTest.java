package io.pchat.storage.compliance;

import static io.pchat.storage.TestStores.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.pchat.storage.ChatStore;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.pool.PoolEpoch;

class ComplianceLogTest {
    private static final TestStores stores = new TestStores();
    private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

    @AfterAll
    static void close() {
        stores.close();
    }

    /** A chat as the message log stores it (the log is another package's; the export only reads it). */
    private static void chat(ChatStore store, String room, long msgid, Instant ts, String author, String body,
            boolean alert, String storyTitle) {
        store.endpoints().writer().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO chat_message (room_id, msgid, ts, author, body,"
                    + " alert, story_title, epoch) VALUES (?, ?, ?, ?, ?, ?, ?, 1)")) {
                s.setString(1, room);
                s.setLong(2, msgid);
                SqlTime.set(s, 3, ts);
                s.setString(4, author);
                s.setString(5, body);
                s.setBoolean(6, alert);
                s.setString(7, storyTitle);
                return s.executeUpdate();
            }
        });
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> events(Document doc) {
        NodeList nodes = doc.getDocumentElement().getElementsByTagName("event");
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theExportHoldsTheEventsAndChatsOfTheRangeOnlyInTimeOrderEscaped(TestDatabases kind) throws Exception {
        try (ChatStore store = TestStores.fresh(kind, new PoolEpoch(1), stores.clock)) {
            String room = unique("room");
            String ann = "sip:ann@example.com";
            store.compliance().record(ComplianceEvent.inRoom(T0.minusMillis(1), ComplianceKind.JOIN, ann, room));
            store.compliance().record(ComplianceEvent.inRoom(T0, ComplianceKind.JOIN, ann, room));
            chat(store, room, 1, T0.plusMillis(10), ann, "a <b> & \"c\"\r\nline\u0001", false, null);
            store.compliance().record(ComplianceEvent.inRoom(T0.plusMillis(20), ComplianceKind.BACKCHAT, ann, room)
                    .withMsgid(1));
            chat(store, room, 2, T0.plusMillis(30), ann, "breaking", true, "Story \"one\"");
            store.compliance().record(new ComplianceEvent(T0.plusMillis(40), ComplianceKind.PURGE, "sip:admin@example.com",
                    java.util.Optional.empty(), java.util.OptionalLong.empty(), java.util.Optional.of("purged <all>")));
            store.compliance().record(ComplianceEvent.inRoom(T0.plusSeconds(60), ComplianceKind.PART, ann, room));
            chat(store, room, 3, T0.plusSeconds(60), ann, "too late", false, null);

            StringWriter out = new StringWriter();
            long written = store.compliance().export(T0, T0.plusSeconds(60), out);

            Document doc = parse(out.toString());
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("complianceExport");
            assertThat(doc.getDocumentElement().getAttribute("from")).isEqualTo("2026-11-26T09:00:00.0000000Z");
            List<Element> events = events(doc);
            assertThat(written).isEqualTo(5);
            assertThat(events).extracting(e -> e.getAttribute("kind"))
                    .containsExactly("JOIN", "CHAT", "BACKCHAT", "CHAT", "PURGE");
            Element firstChat = events.get(1);
            assertThat(firstChat.getTextContent()).isEqualTo("a <b> & \"c\"\r\nline\uFFFD");
            assertThat(firstChat.getAttribute("msgid")).isEqualTo("1");
            assertThat(firstChat.getAttribute("room")).isEqualTo(room);
            assertThat(firstChat.getAttribute("user")).isEqualTo(ann);
            assertThat(firstChat.getAttribute("ts")).isEqualTo("2026-11-26T09:00:00.0100000Z");
            assertThat(firstChat.hasAttribute("alert")).isFalse();
            assertThat(events.get(2).getAttribute("msgid")).isEqualTo("1");
            assertThat(events.get(3).getAttribute("alert")).isEqualTo("true");
            assertThat(events.get(3).getAttribute("storyTitle")).isEqualTo("Story \"one\"");
            assertThat(events.get(4).hasAttribute("room")).isFalse();
            assertThat(events.get(4).getTextContent()).isEqualTo("purged <all>");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aLongExportIsReadInPagesAndStaysInOrder(TestDatabases kind) throws Exception {
        try (ChatStore store = TestStores.fresh(kind, new PoolEpoch(1), stores.clock)) {
            int n = ComplianceExport.PAGE + 20;
            store.endpoints().writer().inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO chat_message (room_id, msgid, ts, author, body,"
                        + " alert, story_title, epoch) VALUES (?, ?, ?, 'sip:a@x.com', 'm', ?, NULL, 1)")) {
                    for (int i = 1; i <= n; i++) {
                        s.setString(1, i % 2 == 0 ? "room-b" : "room-a");
                        s.setLong(2, i);
                        SqlTime.set(s, 3, T0.plus(Duration.ofMillis(i / 3))); // several chats share an instant
                        s.setBoolean(4, false);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                return null;
            });
            for (int i = 0; i < n; i += 7) {
                store.compliance().record(ComplianceEvent.inRoom(T0.plus(Duration.ofMillis(i / 3)), ComplianceKind.JOIN,
                        "sip:a@x.com", "room-a"));
            }
            StringWriter out = new StringWriter();
            long written = store.compliance().export(T0, T0.plusSeconds(10), out);

            List<Element> events = events(parse(out.toString()));
            assertThat(written).isEqualTo(n + (n + 6) / 7);
            assertThat(events).hasSize((int) written);
            assertThat(events.stream().filter(e -> e.getAttribute("kind").equals("CHAT")).map(e -> e.getAttribute("msgid"))
                    .distinct().count()).isEqualTo(n);
            List<String> times = events.stream().map(e -> e.getAttribute("ts")).toList();
            assertThat(times).isSorted();
        }
    }
}
