package io.pchat.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.pchat.storage.Principals;
import io.pchat.storage.compliance.ComplianceEvent;
import io.pchat.storage.compliance.ComplianceKind;
import io.pchat.storage.compliance.ComplianceLog;
import io.pchat.storage.db.Endpoints;
import io.pchat.storage.db.Jdbc;
import io.pchat.storage.db.SqlTime;
import io.pchat.storage.pool.PoolEpoch;

/**
 * File tokens and the files of rooms. Invariants: a token is honoured only before its expiry
 * and only for its direction; an UPLOAD token is single use (redeeming deletes it, in one
 * conditional statement, so two concurrent redeems cannot both win), a DOWNLOAD token may be
 * redeemed again until it expires (clients retry and resume downloads). Recording an upload
 * writes its FILEUPLOAD compliance event in the same transaction. The caller decides who may
 * have a token ({@code RoomAccess}); this store only keeps them.
 *
 * <p>Blocking: JDBC on the caller's thread; call it from storage threads, never an event loop.
 */
public final class FileStore {
    private static final String TOKEN_COLUMNS = "token, direction, room_id, user_uri, file_name, expires_at";
    private static final String FILE_COLUMNS = "room_id, file_id, file_name, size_bytes, uploader, created_at";

    private final Endpoints endpoints;
    private final PoolEpoch epoch;
    private final Clock clock;

    public FileStore(Endpoints endpoints, PoolEpoch epoch, Clock clock) {
        this.endpoints = endpoints;
        this.epoch = epoch;
        this.clock = clock;
    }

    /** Issues a token valid for {@code ttl} from now. */
    public FileToken issue(FileDirection direction, String roomId, String user, String fileName, Duration ttl) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(fileName, "fileName");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        FileToken token = new FileToken(UUID.randomUUID().toString(), direction, room(roomId), Principals.user(user),
                fileName, SqlTime.truncate(clock.instant().plus(ttl)));
        endpoints.writeMetadata(epoch.current(), c -> Jdbc.update(c, "INSERT INTO file_token (" + TOKEN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?)", token.token(), token.direction(), token.roomId(), token.userUri(),
                token.fileName(), token.expiresAt()));
        return token;
    }

    /**
     * The token, if it exists, is for {@code direction} and has not expired. An UPLOAD token is
     * used up by this call; a DOWNLOAD token is not.
     */
    public Optional<FileToken> redeem(String token, FileDirection direction) {
        if (direction == FileDirection.DOWNLOAD) {
            return peek(token, direction);
        }
        Instant now = clock.instant();
        String key = token.strip().toLowerCase(Locale.ROOT);
        return endpoints.writeMetadata(epoch.current(), c -> {
            Optional<FileToken> found = Jdbc.one(c, "SELECT " + TOKEN_COLUMNS + " FROM file_token WHERE token = ?"
                    + " AND direction = ? AND expires_at > ?", FileStore::token, key, direction, now);
            if (found.isEmpty()
                    || Jdbc.update(c, "DELETE FROM file_token WHERE token = ? AND expires_at > ?", key, now) != 1) {
                return Optional.empty(); // unknown, expired, or a concurrent redeem used it first
            }
            return found;
        });
    }

    /**
     * The token if it exists, is for {@code direction} and has not expired, without using it up:
     * lets an upload be refused before its bytes are received; {@link #redeem} still decides.
     */
    public Optional<FileToken> peek(String token, FileDirection direction) {
        Instant now = clock.instant();
        String key = token.strip().toLowerCase(Locale.ROOT);
        return endpoints.read(c -> Jdbc.one(c, "SELECT " + TOKEN_COLUMNS + " FROM file_token WHERE token = ?"
                + " AND direction = ? AND expires_at > ?", FileStore::token, key, direction, now));
    }

    /** Deletes every expired token; returns how many. Run now and then (e.g. hourly). */
    public int purgeExpired() {
        return endpoints.writeMetadata(epoch.current(),
                c -> Jdbc.update(c, "DELETE FROM file_token WHERE expires_at <= ?", clock.instant()));
    }

    /** Records an uploaded file, and its FILEUPLOAD compliance event in the same transaction. */
    public RoomFile recordUpload(String roomId, String fileName, long sizeBytes, String uploader) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + sizeBytes);
        }
        Instant now = SqlTime.truncate(clock.instant());
        RoomFile file = new RoomFile(room(roomId), UUID.randomUUID().toString(), Objects.requireNonNull(fileName),
                sizeBytes, Principals.user(uploader), now);
        endpoints.writeMetadata(epoch.current(), c -> {
            Jdbc.update(c, "INSERT INTO room_file (" + FILE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", file.roomId(),
                    file.fileId(), file.fileName(), file.sizeBytes(), file.uploader(), file.createdAt());
            ComplianceLog.insert(c, ComplianceEvent.inRoom(now, ComplianceKind.FILEUPLOAD, file.uploader(), file.roomId())
                    .withDetail(file.fileId() + " " + file.fileName()));
            return null;
        });
        return file;
    }

    /** Puts an upload's bytes in place as {@code file}, inside the transaction that records it. */
    @FunctionalInterface
    public interface Placement {
        void place(RoomFile file) throws IOException;
    }

    /**
     * Uses up the upload {@code token} and records the uploaded file (and its FILEUPLOAD compliance
     * event) in one transaction, in which {@code placement} first puts the bytes where the record
     * says: the token is used up exactly when the file is recorded, and a record never names a
     * file that is not there. Empty when the token is unknown, expired, for downloads, or used.
     * When the transaction fails after the placement, the placed file is the caller's to remove.
     */
    public Optional<RoomFile> redeemUpload(String token, long sizeBytes, Placement placement) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + sizeBytes);
        }
        Instant now = SqlTime.truncate(clock.instant());
        String key = token.strip().toLowerCase(Locale.ROOT);
        return endpoints.writeMetadata(epoch.current(), c -> {
            Optional<FileToken> found = Jdbc.one(c, "SELECT " + TOKEN_COLUMNS + " FROM file_token WHERE token = ?"
                    + " AND direction = ? AND expires_at > ?", FileStore::token, key, FileDirection.UPLOAD, now);
            if (found.isEmpty()
                    || Jdbc.update(c, "DELETE FROM file_token WHERE token = ? AND expires_at > ?", key, now) != 1) {
                return Optional.empty();
            }
            FileToken used = found.get();
            RoomFile file = new RoomFile(used.roomId(), UUID.randomUUID().toString(), used.fileName(), sizeBytes,
                    used.userUri(), now);
            Jdbc.update(c, "INSERT INTO room_file (" + FILE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", file.roomId(),
                    file.fileId(), file.fileName(), file.sizeBytes(), file.uploader(), file.createdAt());
            ComplianceLog.insert(c, ComplianceEvent.inRoom(now, ComplianceKind.FILEUPLOAD, file.uploader(), file.roomId())
                    .withDetail(file.fileId() + " " + file.fileName()));
            try {
                placement.place(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot put the uploaded file in place", e);
            }
            return Optional.of(file);
        });
    }

    /** Records a download of a room's file as a FILEDOWNLOAD compliance event. */
    public void recordDownload(RoomFile file, String user) {
        endpoints.writeMetadata(epoch.current(), c -> {
            ComplianceLog.insert(c, ComplianceEvent.inRoom(clock.instant(), ComplianceKind.FILEDOWNLOAD,
                    Principals.user(user), file.roomId()).withDetail(file.fileId() + " " + file.fileName()));
            return null;
        });
    }

    public Optional<RoomFile> file(String roomId, String fileId) {
        return endpoints.read(c -> Jdbc.one(c, "SELECT " + FILE_COLUMNS + " FROM room_file WHERE room_id = ? AND file_id = ?",
                FileStore::file, room(roomId), fileId.strip().toLowerCase(Locale.ROOT)));
    }

    /** A room's files, newest first, at most {@code limit}. */
    public List<RoomFile> files(String roomId, int limit) {
        if (limit <= 0) {
            return List.of(); // SQL Server refuses FETCH NEXT 0 ROWS
        }
        return endpoints.read(c -> Jdbc.list(c, "SELECT " + FILE_COLUMNS + " FROM room_file WHERE room_id = ?"
                + " ORDER BY created_at DESC, file_id OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", FileStore::file, room(roomId), limit));
    }

    private static String room(String roomId) {
        return roomId.strip().toLowerCase(Locale.ROOT);
    }

    private static FileToken token(ResultSet rs) throws SQLException {
        return new FileToken(rs.getString("token"), FileDirection.valueOf(rs.getString("direction")),
                rs.getString("room_id"), rs.getString("user_uri"), rs.getString("file_name"), SqlTime.get(rs, "expires_at"));
    }

    private static RoomFile file(ResultSet rs) throws SQLException {
        return new RoomFile(rs.getString("room_id"), rs.getString("file_id"), rs.getString("file_name"),
                rs.getLong("size_bytes"), rs.getString("uploader"), SqlTime.get(rs, "created_at"));
    }
}
