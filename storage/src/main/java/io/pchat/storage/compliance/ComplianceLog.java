package io.pchat.storage.compliance;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import io.pchat.storage.Principals;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.pool.PoolEpoch;

/**
 * The compliance record: events in {@code compliance_event}, chats in the message log. Invariant:
 * a store change that has a compliance event (a file upload) writes it in the same transaction
 * through {@link #insert}, so there is never one without the other.
 *
 * <p>Blocking: JDBC (and the export's writer) on the caller's thread; call it from storage
 * threads, never an event loop.
 */
public final class ComplianceLog {
    private final Endpoints endpoints;
    private final PoolEpoch epoch;

    public ComplianceLog(Endpoints endpoints, PoolEpoch epoch) {
        this.endpoints = endpoints;
        this.epoch = epoch;
    }

    /** Records one event in its own (fenced) transaction. */
    public void record(ComplianceEvent event) {
        endpoints.writeMetadata(epoch.current(), c -> {
            insert(c, event);
            return null;
        });
    }

    /** Records one event inside the caller's transaction: for stores whose change has an event. */
    public static void insert(Connection c, ComplianceEvent e) throws SQLException {
        Jdbc.update(c, "INSERT INTO compliance_event (id, ts, kind, user_uri, room_id, msgid, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), e.ts(), e.kind(),
                Principals.normalise(e.userUri()), e.roomId().<Object>map(r -> r).orElse(Jdbc.NULL_STRING),
                e.msgid().isPresent() ? (Object) e.msgid().getAsLong() : Jdbc.NULL_LONG,
                e.detail().<Object>map(d -> d).orElse(Jdbc.NULL_STRING));
    }

    /**
     * Writes the events and chat messages with {@code from <= ts < to} to {@code out} as XML, in
     * time order, streaming (see {@link ComplianceExport} for the shape). Returns how many
     * {@code event} elements were written. The writer is flushed, not closed.
     */
    public long export(Instant from, Instant to, Writer out) throws IOException {
        return new ComplianceExport(endpoints, from, to).writeTo(out);
    }
}
