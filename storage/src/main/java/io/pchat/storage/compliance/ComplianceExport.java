package io.pchat.storage.compliance;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.db.SqlTime;

/**
 * One compliance export: the events of {@code compliance_event} and the chats of
 * {@code chat_message} with {@code from <= ts < to}, merged in time order (at the same instant:
 * chats first, then events; chats by room and msgid, events by id). Both sources are read in
 * pages of {@value #PAGE} rows by key (short transactions, bounded memory, any database), and
 * written as they come. The shape, times in UTC with 7 fraction digits:
 *
 * <pre>{@code
 * <complianceExport from="2026-11-26T00:00:00.0000000Z" to="2026-11-27T00:00:00.0000000Z">
 *   <event kind="JOIN" ts="..." user="sip:a@x" room="<room id>"/>
 *   <event kind="CHAT" ts="..." user="sip:a@x" room="<room id>" msgid="7" alert="true" storyTitle="..">text</event>
 *   <event kind="FILEUPLOAD" ts="..." user="sip:a@x" room="<room id>">file name</event>
 * </complianceExport>
 * }</pre>
 *
 * The element text is the chat body or the event's detail; {@code room}, {@code msgid},
 * {@code alert} (only when true) and {@code storyTitle} appear when they have a value. No XML
 * declaration: the caller's writer decides the encoding (UTF-8 recommended).
 */
final class ComplianceExport {
    static final int PAGE = 500;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** One row of either source, ready to write. */
    private record Entry(Instant ts, String kind, String user, String room, Long msgid, boolean alert,
            String storyTitle, String text, String key1, long key2) {
    }

    private final Endpoints endpoints;
    private final Instant from;
    private final Instant to;

    ComplianceExport(Endpoints endpoints, Instant from, Instant to) {
        this.endpoints = endpoints;
        this.from = SqlTime.truncate(from);
        this.to = SqlTime.truncate(to);
    }

    long writeTo(Writer out) throws IOException {
        out.write("<complianceExport from=\"" + TIME.format(from) + "\" to=\"" + TIME.format(to) + "\">\n");
        Source chats = new Source(true);
        Source events = new Source(false);
        long written = 0;
        while (true) {
            Entry chat = chats.peek();
            Entry event = events.peek();
            if (chat == null && event == null) {
                break;
            }
            boolean takeChat = event == null || (chat != null && !chat.ts().isAfter(event.ts()));
            write(out, takeChat ? chats.take() : events.take());
            written++;
        }
        out.write("</complianceExport>\n");
        out.flush();
        return written;
    }

    private static void write(Writer out, Entry e) throws IOException {
        out.write("  <event kind=\"");
        XmlText.attribute(out, e.kind());
        out.write("\" ts=\"" + TIME.format(e.ts()) + "\" user=\"");
        XmlText.attribute(out, e.user());
        out.write('"');
        if (e.room() != null) {
            out.write(" room=\"");
            XmlText.attribute(out, e.room());
            out.write('"');
        }
        if (e.msgid() != null) {
            out.write(" msgid=\"" + e.msgid() + "\"");
        }
        if (e.alert()) {
            out.write(" alert=\"true\"");
        }
        if (e.storyTitle() != null) {
            out.write(" storyTitle=\"");
            XmlText.attribute(out, e.storyTitle());
            out.write('"');
        }
        if (e.text() == null || e.text().isEmpty()) {
            out.write("/>\n");
        } else {
            out.write('>');
            XmlText.text(out, e.text());
            out.write("</event>\n");
        }
    }

    /** One source read page by page after the last key taken. */
    private final class Source {
        private final boolean chats;
        private final Deque<Entry> page = new ArrayDeque<>();
        private Instant lastTs = from;
        private String lastKey1 = "";
        private long lastKey2 = Long.MIN_VALUE;
        private boolean exhausted;

        Source(boolean chats) {
            this.chats = chats;
        }

        Entry peek() {
            if (page.isEmpty() && !exhausted) {
                List<Entry> rows = endpoints.read(c -> chats
                        ? Jdbc.list(c, "SELECT room_id, msgid, ts, author, body, alert, story_title FROM chat_message"
                                + " WHERE ts >= ? AND ts < ? AND (ts > ? OR (ts = ? AND (room_id > ? OR (room_id = ? AND msgid > ?))))"
                                + " ORDER BY ts, room_id, msgid OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                                rs -> new Entry(SqlTime.get(rs, "ts"), "CHAT", rs.getString("author"),
                                        rs.getString("room_id"), rs.getLong("msgid"), rs.getBoolean("alert"),
                                        rs.getString("story_title"), rs.getString("body"), rs.getString("room_id"),
                                        rs.getLong("msgid")),
                                from, to, lastTs, lastTs, lastKey1, lastKey1, lastKey2, PAGE)
                        : Jdbc.list(c, "SELECT id, ts, kind, user_uri, room_id, msgid, detail FROM compliance_event"
                                + " WHERE ts >= ? AND ts < ? AND (ts > ? OR (ts = ? AND id > ?))"
                                + " ORDER BY ts, id OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                                rs -> {
                                    long msgid = rs.getLong("msgid");
                                    Long boxed = rs.wasNull() ? null : msgid;
                                    return new Entry(SqlTime.get(rs, "ts"), rs.getString("kind"), rs.getString("user_uri"),
                                            rs.getString("room_id"), boxed, false, null, rs.getString("detail"),
                                            rs.getString("id"), 0);
                                },
                                from, to, lastTs, lastTs, lastKey1, PAGE));
                page.addAll(rows);
                exhausted = rows.size() < PAGE;
            }
            return page.peekFirst();
        }

        Entry take() {
            Entry e = page.removeFirst();
            lastTs = e.ts();
            lastKey1 = e.key1();
            lastKey2 = e.key2();
            return e;
        }
    }
}
