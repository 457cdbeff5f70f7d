package io.pchat.storage.compliance;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.pchat.storage.db.SqlTime;

/**
 * One compliance event: who did what, where, when. Immutable; the time is truncated to the
 * store's microsecond precision.
 *
 * @param roomId the room concerned, if any
 * @param msgid  the message concerned (e.g. the last one read by a BACKCHAT), if any
 * @param detail free text (file name, admin action), if any
 */
public record ComplianceEvent(Instant ts, ComplianceKind kind, String userUri, Optional<String> roomId,
        OptionalLong msgid, Optional<String> detail) {

    public ComplianceEvent {
        ts = SqlTime.truncate(Objects.requireNonNull(ts, "ts"));
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(userUri, "userUri");
        roomId = roomId == null ? Optional.empty() : roomId;
        msgid = msgid == null ? OptionalLong.empty() : msgid;
        detail = detail == null ? Optional.empty() : detail;
    }

    /** An event about a room. */
    public static ComplianceEvent inRoom(Instant ts, ComplianceKind kind, String userUri, String roomId) {
        return new ComplianceEvent(ts, kind, userUri, Optional.of(roomId), OptionalLong.empty(), Optional.empty());
    }

    public ComplianceEvent withMsgid(long value) {
        return new ComplianceEvent(ts, kind, userUri, roomId, OptionalLong.of(value), detail);
    }

    public ComplianceEvent withDetail(String value) {
        return new ComplianceEvent(ts, kind, userUri, roomId, msgid, Optional.ofNullable(value));
    }
}
