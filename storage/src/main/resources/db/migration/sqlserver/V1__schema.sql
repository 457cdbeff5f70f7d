-- pchat schema v1 (sqlserver). Same tables and columns in every dialect; only types differ.
-- Times are UTC, microsecond precision. Principals are lower-cased SIP URIs or '@domain'.

CREATE TABLE category (
    id              NVARCHAR(64)   NOT NULL PRIMARY KEY,
    name            NVARCHAR(256)  NOT NULL,
    name_key        NVARCHAR(256)  NOT NULL,
    description     NVARCHAR(1024) NOT NULL,
    is_root         BIT    NOT NULL,
    invitations     BIT    NOT NULL,
    file_upload     BIT    NOT NULL,
    logged          BIT    NOT NULL,
    created_at      DATETIME2(6)      NOT NULL,
    CONSTRAINT category_name_key UNIQUE (name_key)
);

-- kind: ALLOWED, DENIED or CREATOR
CREATE TABLE category_principal (
    category_id     NVARCHAR(64)   NOT NULL,
    kind            NVARCHAR(16)   NOT NULL,
    principal       NVARCHAR(256)  NOT NULL,
    PRIMARY KEY (category_id, kind, principal),
    CONSTRAINT category_principal_category FOREIGN KEY (category_id) REFERENCES category (id) ON DELETE CASCADE
);

-- privacy: OPEN, CLOSED, SECRET; room_type: NORMAL, AUDITORIUM;
-- invitations, file_upload, logged: INHERIT, ON, OFF
CREATE TABLE room (
    id              NVARCHAR(64)   NOT NULL PRIMARY KEY,
    name            NVARCHAR(256)  NOT NULL,
    name_key        NVARCHAR(256)  NOT NULL,
    description     NVARCHAR(1024) NOT NULL,
    topic           NVARCHAR(1024) NOT NULL,
    category_id     NVARCHAR(64)   NOT NULL,
    privacy         NVARCHAR(8)    NOT NULL,
    room_type       NVARCHAR(16)   NOT NULL,
    disabled        BIT    NOT NULL,
    addin_url       NVARCHAR(1024),
    invitations     NVARCHAR(8)    NOT NULL,
    file_upload     NVARCHAR(8)    NOT NULL,
    logged          NVARCHAR(8)    NOT NULL,
    created_at      DATETIME2(6)      NOT NULL,
    updated_at      DATETIME2(6)      NOT NULL,
    CONSTRAINT room_name_key UNIQUE (name_key),
    CONSTRAINT room_category FOREIGN KEY (category_id) REFERENCES category (id)
);

-- role: MEMBER, MANAGER, PRESENTER
CREATE TABLE room_principal (
    room_id         NVARCHAR(64)   NOT NULL,
    role            NVARCHAR(16)   NOT NULL,
    principal       NVARCHAR(256)  NOT NULL,
    PRIMARY KEY (room_id, role, principal),
    CONSTRAINT room_principal_room FOREIGN KEY (room_id) REFERENCES room (id) ON DELETE CASCADE
);
CREATE INDEX room_principal_by_principal ON room_principal (principal, role);

-- Digest credentials only as HA1 hashes: MD5 (32 hex) and SHA-256 (64 hex) of user:realm:password.
CREATE TABLE chat_user (
    uri             NVARCHAR(256)  NOT NULL PRIMARY KEY,
    display_name    NVARCHAR(256)  NOT NULL,
    enabled         BIT    NOT NULL,
    realm           NVARCHAR(256),
    ha1_md5         NVARCHAR(32),
    ha1_sha256      NVARCHAR(64),
    created_at      DATETIME2(6)      NOT NULL
);

-- The message log: append-only per room, msgid strictly increasing without gaps.
-- No foreign key to room: the log outlives purges and is shipped independently of room rows.
CREATE TABLE chat_message (
    room_id         NVARCHAR(64)   NOT NULL,
    msgid           BIGINT    NOT NULL,
    ts              DATETIME2(6)      NOT NULL,
    author          NVARCHAR(256)  NOT NULL,
    body            NVARCHAR(MAX)    NOT NULL,
    alert           BIT    NOT NULL,
    story_title     NVARCHAR(512),
    epoch           BIGINT    NOT NULL,
    PRIMARY KEY (room_id, msgid)
);
CREATE INDEX chat_message_by_time ON chat_message (room_id, ts);

CREATE TABLE invitation (
    user_uri        NVARCHAR(256)  NOT NULL,
    invite_id       BIGINT    NOT NULL,
    room_id         NVARCHAR(64)   NOT NULL,
    inviter         NVARCHAR(256)  NOT NULL,
    created_at      DATETIME2(6)      NOT NULL,
    PRIMARY KEY (user_uri, invite_id)
);

CREATE TABLE preference (
    user_uri        NVARCHAR(256)  NOT NULL,
    label           NVARCHAR(256)  NOT NULL,
    revision        BIGINT    NOT NULL,
    content         VARBINARY(MAX)    NOT NULL,
    PRIMARY KEY (user_uri, label)
);

-- direction: UPLOAD or DOWNLOAD
CREATE TABLE file_token (
    token           NVARCHAR(64)   NOT NULL PRIMARY KEY,
    direction       NVARCHAR(8)    NOT NULL,
    room_id         NVARCHAR(64)   NOT NULL,
    user_uri        NVARCHAR(256)  NOT NULL,
    file_name       NVARCHAR(512)  NOT NULL,
    expires_at      DATETIME2(6)      NOT NULL
);

CREATE TABLE room_file (
    room_id         NVARCHAR(64)   NOT NULL,
    file_id         NVARCHAR(64)   NOT NULL,
    file_name       NVARCHAR(512)  NOT NULL,
    size_bytes      BIGINT    NOT NULL,
    uploader        NVARCHAR(256)  NOT NULL,
    created_at      DATETIME2(6)      NOT NULL,
    PRIMARY KEY (room_id, file_id)
);

-- kind: JOIN, PART, CHAT, BACKCHAT, FILEUPLOAD, FILEDOWNLOAD (and admin kinds such as PURGE)
CREATE TABLE compliance_event (
    id              NVARCHAR(64)   NOT NULL PRIMARY KEY,
    ts              DATETIME2(6)      NOT NULL,
    kind            NVARCHAR(16)   NOT NULL,
    user_uri        NVARCHAR(256)  NOT NULL,
    room_id         NVARCHAR(64),
    msgid           BIGINT,
    detail          NVARCHAR(MAX)
);
CREATE INDEX compliance_event_by_time ON compliance_event (ts);

-- The pool record: exactly one row. epoch is the fencing number (+1 on every state change);
-- metadata_version counts changes to the tables above other than the message log, so that
-- replication knows when there is something to ship.
CREATE TABLE pool_state (
    id               INT      NOT NULL PRIMARY KEY,
    state            NVARCHAR(16)  NOT NULL,
    epoch            BIGINT   NOT NULL,
    metadata_version BIGINT   NOT NULL,
    updated_at       DATETIME2(6)     NOT NULL
);
INSERT INTO pool_state (id, state, epoch, metadata_version, updated_at) VALUES (1, 'NORMAL', 1, 0, CURRENT_TIMESTAMP);

CREATE TABLE pool_active_node (
    node_id         NVARCHAR(128)  NOT NULL PRIMARY KEY
);

CREATE TABLE node_lease (
    node_id         NVARCHAR(128)  NOT NULL PRIMARY KEY,
    data_center     NVARCHAR(16)   NOT NULL,
    epoch           BIGINT    NOT NULL,
    renewed_at      DATETIME2(6)      NOT NULL,
    expires_at      DATETIME2(6)      NOT NULL
);

-- Built-in replication progress, kept on the endpoint that ships (target: MIRROR or BACKUP).
CREATE TABLE replication_position (
    target          NVARCHAR(16)   NOT NULL,
    room_id         NVARCHAR(64)   NOT NULL,
    last_msgid      BIGINT    NOT NULL,
    PRIMARY KEY (target, room_id)
);
CREATE TABLE replication_state (
    target           NVARCHAR(16)  NOT NULL PRIMARY KEY,
    metadata_version BIGINT   NOT NULL,
    shipped_at       DATETIME2(6)
);
