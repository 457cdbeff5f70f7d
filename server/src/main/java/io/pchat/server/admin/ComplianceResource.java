package io.pchat.server.admin;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import io.pchat.storage.ChatStore;
import io.pchat.storage.compliance.ComplianceEvent;
import io.pchat.storage.compliance.ComplianceKind;
import io.pchat.storage.room.Room;

/**
 * The compliance record: {@code GET /compliance/export?from=&to=} streams the events and chats
 * of {@code from <= ts < to} as XML (the shape of {@code ComplianceLog.export}); and the two
 * purges (Remove-CsPersistentChatMessage): {@code POST /rooms/{room}/purge} deletes a room's
 * messages, {@code POST /messages/purge?before=} every message before a time. Each purge is
 * recorded as a {@code PURGE} compliance event by {@code sip:admin@<domain>}, after it ran, with
 * the number of messages deleted. Message ids are never reused after a purge.
 */
final class ComplianceResource {
    static final String XML = "application/xml; charset=utf-8";
    private static final long PURGE_WAIT_SECONDS = 60;

    private final AdminContext context;
    private final ChatStore store;
    private final Lookups lookups;

    ComplianceResource(AdminContext context, Lookups lookups) {
        this.context = context;
        this.store = context.store();
        this.lookups = lookups;
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/compliance/export", this::export)
                .add("POST", "/rooms/{room}/purge", this::purgeRoom)
                .add("POST", "/messages/purge", this::purgeBefore);
    }

    private AdminResponse export(AdminRequest request) {
        Instant from = AdminTimes.parse("from", request.query("from")
                .orElseThrow(() -> AdminException.badRequest("query parameter 'from' is required")));
        Instant to = request.query("to").map(t -> AdminTimes.parse("to", t)).orElseGet(() -> context.clock().instant());
        if (!from.isBefore(to)) {
            throw AdminException.badRequest("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        return AdminResponse.stream(XML, out -> {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            store.compliance().export(from, to, out);
        });
    }

    private AdminResponse purgeRoom(AdminRequest request) throws Exception {
        Room room = lookups.room(request.param("room"));
        int deleted = store.messageLog().purgeRoom(room.id()).get(PURGE_WAIT_SECONDS, TimeUnit.SECONDS);
        String detail = "purged " + deleted + " message(s) of room '" + room.name() + "'";
        store.compliance().record(ComplianceEvent.inRoom(context.clock().instant(), ComplianceKind.PURGE,
                context.adminUri(), room.id()).withDetail(detail));
        AdminAudit.changed("messages purged", "room '" + room.name() + "' (id " + room.id() + "): " + deleted + " message(s)");
        return AdminResponse.ok(AdminJson.object().put("room", room.name()).put("roomId", room.id())
                .put("deleted", deleted));
    }

    private AdminResponse purgeBefore(AdminRequest request) throws Exception {
        JsonBody body = request.json().allowOnly("before");
        String text = request.query("before").or(() -> body.optText("before"))
                .orElseThrow(() -> AdminException.badRequest("'before' is required (query parameter or field)"));
        Instant before = AdminTimes.parse("before", text);
        int deleted = store.messageLog().purgeBefore(before).get(PURGE_WAIT_SECONDS, TimeUnit.SECONDS);
        String detail = "purged " + deleted + " message(s) before " + before;
        store.compliance().record(new ComplianceEvent(context.clock().instant(), ComplianceKind.PURGE,
                context.adminUri(), Optional.empty(), OptionalLong.empty(), Optional.empty()).withDetail(detail));
        AdminAudit.changed("messages purged", "before " + before + ": " + deleted + " message(s)");
        return AdminResponse.ok(AdminJson.object().put("before", before.toString()).put("deleted", deleted));
    }
}
