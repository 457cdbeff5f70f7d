-- pchat schema v3 (postgresql): the highest msgid ever purged per room, so that a room whose messages
-- were all purged keeps numbering after its last msgid instead of restarting at 1.
-- The log's next msgid for a room is max(MAX(chat_message.msgid), chat_message_floor.last_msgid) + 1.
CREATE TABLE chat_message_floor (
    room_id         VARCHAR(64)   NOT NULL PRIMARY KEY,
    last_msgid      BIGINT    NOT NULL
);
