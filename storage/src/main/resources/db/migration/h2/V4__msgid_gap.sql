-- pchat schema v4 (h2): msgids a room skips, recorded so that history can say they do not exist.
-- A failover to the backup resumes each room's numbering beyond every msgid the lost side may have
-- handed out (its floor in chat_message_floor is raised to last_msgid), so that no msgid ever names
-- two different messages; the skipped range is one row here.
CREATE TABLE chat_message_gap (
    room_id         VARCHAR(64)   NOT NULL,
    first_msgid     BIGINT    NOT NULL,
    last_msgid      BIGINT    NOT NULL,
    recorded_at     TIMESTAMP(6)      NOT NULL,
    PRIMARY KEY (room_id, first_msgid)
);
